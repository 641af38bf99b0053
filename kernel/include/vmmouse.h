/* QEMU's vmmouse (VMware backdoor port 0x5658) in absolute mode. */
#ifndef COBALT_VMMOUSE_H
#define COBALT_VMMOUSE_H

#include <stdbool.h>
#include <stdint.h>

struct vmmouse_event {
    uint32_t x, y;    /* 0..0xFFFF across the screen */
    uint32_t buttons; /* 1 left, 2 right, 4 middle */
};

/* Enables absolute reporting; false when the device is missing or refuses. */
bool vmmouse_init(void);
/* Takes one queued event; false when the queue is empty (or on an error,
 * after which the device is re-enabled). */
bool vmmouse_read(struct vmmouse_event *ev);

#endif
