/* Orbital's per-window event queue (events.h): a ring of EVENTS_MAX. */
#include "events.h"

#include <string.h>

void events_init(struct events *e)
{
    memset(e, 0, sizeof *e);
}

static struct orb_event *at(struct events *e, unsigned i)
{
    return &e->q[(e->head + i) % EVENTS_MAX];
}

bool events_push(struct events *e, const struct orb_event *ev)
{
    if (ev->type == ORB_EVENT_POINTER && e->count > 0 &&
        at(e, e->count - 1)->type == ORB_EVENT_POINTER) {
        *at(e, e->count - 1) = *ev; /* only the newest position matters */
        return true;
    }
    if (ev->type == ORB_EVENT_RESIZE) {
        for (unsigned i = 0; i < e->count; i++)
            if (at(e, i)->type == ORB_EVENT_RESIZE) {
                /* The old size was never seen: drop it, keep the order of the rest. */
                for (unsigned k = i; k + 1 < e->count; k++)
                    *at(e, k) = *at(e, k + 1);
                e->count--;
                break;
            }
    }
    if (e->count == EVENTS_MAX) {
        e->overflowed = true;
        return false;
    }
    *at(e, e->count++) = *ev;
    return true;
}

size_t events_pop(struct events *e, struct orb_event *out, size_t max)
{
    size_t n = 0;
    while (n < max && e->count > 0) {
        out[n++] = *at(e, 0);
        e->head = (e->head + 1) % EVENTS_MAX;
        e->count--;
    }
    return n;
}
