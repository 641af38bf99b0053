/* Kernel panic: a full report on the logs, the harness channel and the
 * screen, then a halt with interrupts off (never a reboot). */
#ifndef COBALT_PANIC_H
#define COBALT_PANIC_H

#include "trap.h"

__attribute__((noreturn)) void panic_exception(const struct trap_frame *f);
__attribute__((noreturn)) void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
