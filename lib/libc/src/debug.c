/* Cobalt extension <cobalt/debug.h>: one line on the harness channel or
 * the kernel log through debug_write. The harness channel makes each call
 * one line by itself; the kernel log is a byte stream, so its lines get
 * their '\n' here. A '\n' or '\r' inside a line becomes a space. */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cobalt/debug.h>

/* buf holds n bytes of text and has room for one more. */
static long send(char *buf, size_t n, int channel)
{
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\n' || buf[i] == '\r')
            buf[i] = ' ';
    }
    if (channel == DEBUG_CHANNEL_LOG)
        buf[n++] = '\n';
    return __cobalt_trap3(CSYS_debug_write, buf, n, channel);
}

static long put_line(const char *line, int channel)
{
    char buf[DEBUG_WRITE_MAX];
    size_t n = strlen(line);
    if (n > sizeof buf - 1)
        n = sizeof buf - 1;
    memcpy(buf, line, n);
    return send(buf, n, channel);
}

static long put_printf(int channel, const char *fmt, va_list ap)
{
    char buf[DEBUG_WRITE_MAX];
    int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
    if (n < 0)
        return -EINVAL;
    if ((size_t)n > sizeof buf - 2)
        n = sizeof buf - 2;
    return send(buf, (size_t)n, channel);
}

long cobalt_harness_line(const char *line)
{
    return put_line(line, DEBUG_CHANNEL_HARNESS);
}

long cobalt_log_line(const char *line)
{
    return put_line(line, DEBUG_CHANNEL_LOG);
}

long cobalt_harness_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long r = put_printf(DEBUG_CHANNEL_HARNESS, fmt, ap);
    va_end(ap);
    return r;
}

long cobalt_log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long r = put_printf(DEBUG_CHANNEL_LOG, fmt, ap);
    va_end(ap);
    return r;
}
