/* The COM1 16550: registers, set-up, receive and transmit. Every wait on the
 * hardware is bounded, so a missing or stuck UART gives an error, never a
 * hang. */
#include "uart.h"

#include <cobalt/errno.h>
#include <cobalt/portio.h>

#define REG_DATA 0 /* RBR / THR; divisor low with DLAB */
#define REG_IER  1 /* divisor high with DLAB */
#define REG_FCR  2
#define REG_LCR  3
#define REG_MCR  4
#define REG_LSR  5
#define REG_SCR  7

#define IER_RX_AVAILABLE 0x01
#define LCR_8N1          0x03
#define LCR_DLAB         0x80
#define FCR_ENABLE_CLEAR 0xC7 /* FIFOs on, both cleared, 14-byte trigger */
#define MCR_DTR_RTS_OUT2 0x0B /* OUT2 gates the interrupt line on PCs */
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20

#define TX_WAIT_LIMIT 100000

int uart_setup(void)
{
    outb(COM1_BASE + REG_SCR, 0x5A);
    if (inb(COM1_BASE + REG_SCR) != 0x5A)
        return -EIO;
    outb(COM1_BASE + REG_IER, 0);
    outb(COM1_BASE + REG_LCR, LCR_DLAB);
    outb(COM1_BASE + REG_DATA, 1); /* divisor 1: 115200 baud */
    outb(COM1_BASE + REG_IER, 0);
    outb(COM1_BASE + REG_LCR, LCR_8N1);
    outb(COM1_BASE + REG_FCR, FCR_ENABLE_CLEAR);
    outb(COM1_BASE + REG_MCR, MCR_DTR_RTS_OUT2);
    /* Drop whatever arrived before we owned the port. */
    for (int i = 0; i < 64 && (inb(COM1_BASE + REG_LSR) & LSR_DATA_READY); i++)
        (void)inb(COM1_BASE + REG_DATA);
    outb(COM1_BASE + REG_IER, IER_RX_AVAILABLE);
    return 0;
}

int uart_rx(uint8_t *out)
{
    if (!(inb(COM1_BASE + REG_LSR) & LSR_DATA_READY))
        return 0;
    *out = inb(COM1_BASE + REG_DATA);
    return 1;
}

size_t uart_tx(const uint8_t *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int spins = 0;
        while (!(inb(COM1_BASE + REG_LSR) & LSR_THR_EMPTY)) {
            if (++spins > TX_WAIT_LIMIT)
                return i;
        }
        outb(COM1_BASE + REG_DATA, data[i]);
    }
    return len;
}
