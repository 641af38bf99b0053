/* The serial: scheme's private calls (drivers/serial, docs/drivers.md). */
#ifndef COBALT_SERIAL_H
#define COBALT_SERIAL_H

#include <cobalt/abi.h>

/* fcall(fd, SERIAL_FCALL_LOOPBACK, on, 0, NULL, 0): 1 turns the UART's
 * loopback on (what is written comes back as received bytes, through the
 * receive interrupt: the driver's self-test), 0 turns it off. Result 0. */
#define SERIAL_FCALL_LOOPBACK (FCALL_FIRST_PRIVATE + 0)

#endif
