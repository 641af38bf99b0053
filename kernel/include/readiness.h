/* One wait queue for every wait_many caller: objects whose readiness may
 * have changed wake it, and each waiter re-checks its own items. Simple and
 * correct; a per-object watch list replaces it when waiters grow many. */
#ifndef COBALT_READINESS_H
#define COBALT_READINESS_H

#include "waitq.h"

extern struct waitq readiness_waiters;

static inline void readiness_changed(void)
{
    waitq_wake(&readiness_waiters, -1, 0);
}

#endif
