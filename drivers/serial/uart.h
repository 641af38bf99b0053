/* The 16550 UART at COM1 as the serial driver drives it: set-up, draining
 * received bytes, sending bytes. */
#ifndef SERIAL_UART_H
#define SERIAL_UART_H

#include <stddef.h>
#include <stdint.h>

#define COM1_BASE  0x3F8
#define COM1_PORTS 8
#define COM1_IRQ   4

/* 115200 8N1, FIFOs on, receive interrupt on. 0, or -EIO when no UART
 * answers (the scratch register does not hold a value). */
int uart_setup(void);
/* Reads one received byte if there is one: 1 and *out, else 0. */
int uart_rx(uint8_t *out);
/* Sends len bytes, waiting (bounded) for room in the transmitter; returns how
 * many were sent (fewer only when the transmitter never became ready). */
size_t uart_tx(const uint8_t *data, size_t len);

#endif
