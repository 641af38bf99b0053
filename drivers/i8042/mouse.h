/* The PS/2 mouse packet assembler: 3-byte packets to relative events. */
#ifndef I8042_MOUSE_H
#define I8042_MOUSE_H

#include <cobalt/input.h>
#include <stdint.h>

struct mouse_state {
    uint8_t packet[3];
    int have;
    unsigned long resyncs; /* bytes dropped to find a packet start again */
};

/* Feeds one byte from the auxiliary port; 1 and *ev when a packet is done. */
int mouse_feed(struct mouse_state *m, uint8_t byte, struct cobalt_input_event *ev);

#endif
