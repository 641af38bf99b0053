/* Orbital's per-window event queue: bounded, in order, with the rules of
 * docs/orbital-protocol.md — a POINTER event replaces a POINTER still queued
 * at the tail, a RESIZE replaces any RESIZE still queued (the newest size is
 * what counts), and a queue that would overflow with anything else marks its
 * client as broken (Orbital then disconnects it) instead of growing. */
#ifndef ORBITAL_EVENTS_H
#define ORBITAL_EVENTS_H

#include <cobalt/orbital.h>
#include <stdbool.h>
#include <stddef.h>

#define EVENTS_MAX 256

struct events {
    unsigned head, count;
    bool overflowed; /* an event was refused: the client does not read */
    struct orb_event q[EVENTS_MAX];
};

void events_init(struct events *e);
/* Queues ev (coalescing as above): true, or false when the queue is full
 * (overflowed is set). */
bool events_push(struct events *e, const struct orb_event *ev);
/* Moves up to max events into out: the number moved. */
size_t events_pop(struct events *e, struct orb_event *out, size_t max);

#endif
