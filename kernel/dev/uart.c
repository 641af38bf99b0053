/* 16550 UART: 115200 baud, 8N1, FIFOs on. Output busy-waits on the transmit
 * holding register; input is read when the line status says a byte waits. */
#include "uart.h"

#include "cpu.h"

enum {
    UART_DATA = 0,
    UART_IER = 1,
    UART_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
};

#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

void uart_init(uint16_t port, bool rx_interrupt)
{
    outb(port + UART_IER, 0);
    outb(port + UART_LCR, 0x80); /* divisor latch */
    outb(port + UART_DATA, 1);   /* 115200 baud */
    outb(port + UART_IER, 0);
    outb(port + UART_LCR, 0x03); /* 8N1 */
    outb(port + UART_FCR, 0xC7); /* FIFOs on and cleared, 14-byte trigger */
    outb(port + UART_MCR, 0x0B); /* DTR, RTS, OUT2 (routes the IRQ line) */
    outb(port + UART_IER, rx_interrupt ? 0x01 : 0);
}

void uart_putc(uint16_t port, char c)
{
    /* Bounded wait: a missing UART must not hang the kernel. */
    for (int i = 0; i < 100000 && !(inb(port + UART_LSR) & LSR_THR_EMPTY); i++)
        ;
    outb(port + UART_DATA, (uint8_t)c);
}

bool uart_try_getc(uint16_t port, uint8_t *out)
{
    uint8_t lsr = inb(port + UART_LSR);
    if (lsr == 0xFF || !(lsr & LSR_DATA_READY))
        return false;
    *out = inb(port + UART_DATA);
    return true;
}
