/* PS/2 mouse packets (standard 3 bytes: flags, dx, dy). The first byte always
 * has bit 3 set: a byte without it cannot start a packet and is dropped, so
 * the stream finds its start again after garbage. Packets with an overflow
 * bit are dropped (their motion is meaningless). */
#include "mouse.h"

#include <string.h>

#define P_BUTTONS    0x07
#define P_ALWAYS_ONE 0x08
#define P_X_SIGN     0x10
#define P_Y_SIGN     0x20
#define P_X_OVERFLOW 0x40
#define P_Y_OVERFLOW 0x80

int mouse_feed(struct mouse_state *m, uint8_t byte, struct cobalt_input_event *ev)
{
    if (m->have == 0 && !(byte & P_ALWAYS_ONE)) {
        m->resyncs++;
        return 0;
    }
    m->packet[m->have++] = byte;
    if (m->have < 3)
        return 0;
    m->have = 0;
    uint8_t f = m->packet[0];
    if (f & (P_X_OVERFLOW | P_Y_OVERFLOW))
        return 0;
    memset(ev, 0, sizeof *ev);
    ev->type = COBALT_INPUT_REL;
    ev->buttons = f & P_BUTTONS; /* left 1, right 2, middle 4: as COBALT_BUTTON_* */
    ev->x = (int32_t)m->packet[1] - ((f & P_X_SIGN) ? 256 : 0);
    ev->y = -((int32_t)m->packet[2] - ((f & P_Y_SIGN) ? 256 : 0)); /* PS/2 y grows upwards */
    return 1;
}
