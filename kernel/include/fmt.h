/* A small formatter for kernel messages: %s %c %d %i %u %x %X %p %% with
 * the '0', '-' and '#' flags, a width and the l/ll/z length modifiers. */
#ifndef COBALT_FMT_H
#define COBALT_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Formats into buf (always NUL-terminated when size > 0); returns the length
 * the full output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
