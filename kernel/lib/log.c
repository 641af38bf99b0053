/* Kernel log sink: formats a line and copies it to the debug console port and
 * the user console (COM1). Lines longer than the buffer are cut. */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>

#include "cpu.h"
#include "fmt.h"
#include "uart.h"

#define DEBUGCON_PORT 0xE9

static bool com1_mirror = true; /* off while a user-space serial driver owns COM1 */

void log_init(void)
{
    uart_init(COM1_PORT, false);
}

void log_com1_handover(bool to_driver)
{
    if (!to_driver && !com1_mirror)
        uart_init(COM1_PORT, false); /* the driver is gone: take the port back as it was */
    com1_mirror = !to_driver;
}

void klog_write(const char *s)
{
    for (; *s; s++) {
        outb(DEBUGCON_PORT, (uint8_t)*s);
        if (!com1_mirror)
            continue;
        if (*s == '\n')
            uart_putc(COM1_PORT, '\r');
        uart_putc(COM1_PORT, *s);
    }
}

void klog(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    klog_write(line);
    klog_write("\n");
}
