/* Pings, "not responding" and the kill of a client that ignores a close
 * (liveness.h). */
#include "liveness.h"

/* Times are monotonic and nonzero once the system runs; 0 marks "none", so
 * a stamp of 0 is taken as 1. */
static uint64_t stamp(uint64_t now)
{
    return now ? now : 1;
}

/* Time since `since`; 0 if now is earlier (a stamp taken after the tick's
 * clock reading must not wrap round to "long ago" and kill a client). */
static uint64_t elapsed(uint64_t now, uint64_t since)
{
    return now > since ? now - since : 0;
}

unsigned liveness_tick(struct liveness *l, uint64_t now, bool round)
{
    unsigned act = 0;
    if (l->ping_sent_ns && elapsed(now, l->ping_sent_ns) >= LIVENESS_LATE_NS &&
        !l->not_responding) {
        l->not_responding = true;
        act |= LIVENESS_LATE;
    }
    if (round && !l->ping_sent_ns) {
        l->ping_serial++;
        l->ping_sent_ns = stamp(now);
        act |= LIVENESS_PING;
    }
    /* rule: a client is killed only when it neither closed its window within
     * the grace period nor answers pings; a busy client that still answers
     * keeps its window until it gets round to the close. */
    if (l->close_asked_ns && elapsed(now, l->close_asked_ns) >= LIVENESS_CLOSE_GRACE_NS &&
        l->not_responding) {
        l->close_asked_ns = 0;
        act |= LIVENESS_KILL;
    }
    return act;
}

void liveness_close_asked(struct liveness *l, uint64_t now)
{
    if (!l->close_asked_ns) /* a second click does not extend the grace */
        l->close_asked_ns = stamp(now);
}

bool liveness_pong(struct liveness *l, uint32_t serial)
{
    if (serial != l->ping_serial || !l->ping_sent_ns)
        return false; /* an old or unasked-for answer changes nothing */
    l->ping_sent_ns = 0;
    bool was = l->not_responding;
    l->not_responding = false;
    return was;
}
