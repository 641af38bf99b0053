/* An input event scheme (kbd:, ps2mouse:, pointer:): every open file is a
 * client with its own bounded queue of struct cobalt_input_event; a pushed
 * event goes to every client; a read takes whole records and waits (deferred
 * answer) while the queue is empty; a full queue drops its oldest event and
 * marks the next record read with COBALT_INPUT_F_DROPPED. The driver never
 * blocks on a client. */
#ifndef DRIVERS_EVQ_H
#define DRIVERS_EVQ_H

#include <cobalt/input.h>
#include <cobalt/scheme_server.h>

#define EVQ_CLIENTS 16
#define EVQ_DEPTH   128 /* events queued per client */

struct evq_client {
    uint64_t id; /* 0: free */
    int nonblock;
    int dropped; /* events were lost since the last read */
    unsigned head, count;
    struct cobalt_input_event q[EVQ_DEPTH];
    int waiting; /* a read is deferred: */
    uint64_t tag;
    size_t want; /* whole records it can take */
};

struct evq {
    struct ss_scheme scheme;
    struct evq_client clients[EVQ_CLIENTS];
    uint64_t next_id;
    uint64_t ino;
};

/* Sets up the scheme `name` (not registered yet: ss_loop_add_scheme). */
void evq_init(struct evq *q, const char *name, uint64_t ino);
/* Queues ev for every client (stamping time_ns), answers waiting reads and
 * posts readiness. */
void evq_push(struct evq *q, const struct cobalt_input_event *ev);

#endif
