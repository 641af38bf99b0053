/* Kernel log: every line goes to the debug console (port 0xE9) and, while no
 * driver owns it, COM1. */
#ifndef COBALT_LOG_H
#define COBALT_LOG_H

#include <stdbool.h>

void log_init(void);
void klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void klog_write(const char *s);
/* COM1 changes hands: to a user-space serial driver (the log stops copying
 * there, the debug console keeps everything) or back to the kernel. */
void log_com1_handover(bool to_driver);

#endif
