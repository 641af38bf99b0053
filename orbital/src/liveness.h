/* Whether a window's client still answers (docs/orbital-protocol.md, PING
 * and CLOSE): a ping every round while none is outstanding, "not responding"
 * once one goes unanswered for LIVENESS_LATE_NS, and a kill once a close
 * request has gone unanswered for LIVENESS_CLOSE_GRACE_NS while the client
 * is not responding. Pure decisions on monotonic time, no IPC: window.c
 * acts on them. Host-tested by ORBU0009. */
#ifndef ORBITAL_LIVENESS_H
#define ORBITAL_LIVENESS_H

#include <stdbool.h>
#include <stdint.h>

#define LIVENESS_PING_EVERY_NS  2000000000ull
#define LIVENESS_LATE_NS        3000000000ull /* unanswered this long: "not responding" */
#define LIVENESS_CLOSE_GRACE_NS 5000000000ull /* after a close request, then killed */

struct liveness {
    uint32_t ping_serial;    /* of the newest ping */
    uint64_t ping_sent_ns;   /* 0: no ping outstanding */
    bool not_responding;     /* drawn in the title */
    uint64_t close_asked_ns; /* 0: no close request pending */
};

/* What liveness_tick asks of the caller. */
#define LIVENESS_PING 1u /* send a PING with ping_serial */
#define LIVENESS_LATE 2u /* not_responding just became true */
#define LIVENESS_KILL 4u /* kill the client */

/* round: a ping round is due (every LIVENESS_PING_EVERY_NS, for all
 * windows at once). Returns LIVENESS_* flags. */
unsigned liveness_tick(struct liveness *l, uint64_t now, bool round);
/* A CLOSE event went to the client: the grace period starts with the first. */
void liveness_close_asked(struct liveness *l, uint64_t now);
/* The client answered: true if it had been "not responding". */
bool liveness_pong(struct liveness *l, uint32_t serial);

#endif
