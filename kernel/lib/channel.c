/* Harness channel (COM2): writes marker lines; assembles incoming bytes into
 * lines and recognises fence requests. Unknown or over-long lines are logged
 * and dropped. */
#include "channel.h"

#include <stdarg.h>

#include "fmt.h"
#include "kstring.h"
#include "log.h"
#include "uart.h"

#define LINE_MAX  64
#define TOKEN_MAX 32

static char rx_line[LINE_MAX + 1];
static unsigned rx_len;
static bool rx_overflow;

void channel_init(void)
{
    uart_init(COM2_PORT, true);
}

void channel_send(const char *fmt, ...)
{
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    for (const char *p = line; *p; p++)
        uart_putc(COM2_PORT, *p);
    uart_putc(COM2_PORT, '\n');
}

void channel_write_line(const char *buf, size_t len)
{
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    for (size_t i = 0; i < len; i++)
        uart_putc(COM2_PORT, buf[i] == '\n' ? ' ' : buf[i]);
    uart_putc(COM2_PORT, '\n');
}

/* Rule: a token is 1..32 characters of [A-Za-z0-9_-]. */
static bool token_valid(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > TOKEN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

static bool take_line(char *token, unsigned size)
{
    rx_line[rx_len] = '\0';
    if (rx_len && rx_line[rx_len - 1] == '\r')
        rx_line[rx_len - 1] = '\0';
    if (strncmp(rx_line, "FENCE ", 6) == 0 && token_valid(rx_line + 6) &&
        strlen(rx_line + 6) < size) {
        memcpy(token, rx_line + 6, strlen(rx_line + 6) + 1);
        return true;
    }
    klog("channel: ignored line '%s'", rx_line);
    return false;
}

bool channel_poll_fence(char *token, unsigned size)
{
    uint8_t c;
    while (uart_try_getc(COM2_PORT, &c)) {
        if (c == '\n') {
            bool overflowed = rx_overflow;
            bool fence = !overflowed && take_line(token, size);
            if (overflowed)
                klog("channel: dropped a line longer than %d bytes", LINE_MAX);
            rx_len = 0;
            rx_overflow = false;
            if (fence)
                return true;
        } else if (rx_len < LINE_MAX) {
            rx_line[rx_len++] = (char)c;
        } else {
            rx_overflow = true;
        }
    }
    return false;
}

void channel_fence_done(const char *token)
{
    channel_send("FENCE %s", token);
}
