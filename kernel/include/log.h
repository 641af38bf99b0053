/* Kernel log: every line goes to the debug console (port 0xE9) and COM1. */
#ifndef COBALT_LOG_H
#define COBALT_LOG_H

void log_init(void);
void klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void klog_write(const char *s);

#endif
