/* 16550 UART driver for the legacy COM ports (polled output, polled or
 * interrupt-woken input). */
#ifndef COBALT_UART_H
#define COBALT_UART_H

#include <stdbool.h>
#include <stdint.h>

#define COM1_PORT 0x3F8
#define COM2_PORT 0x2F8
#define COM2_IRQ  3

void uart_init(uint16_t port, bool rx_interrupt);
void uart_putc(uint16_t port, char c);
/* Returns true and stores a byte when one is waiting. */
bool uart_try_getc(uint16_t port, uint8_t *out);

#endif
