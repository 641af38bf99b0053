/* Wait queues: threads blocked until an event, optionally with a deadline. */
#ifndef COBALT_WAITQ_H
#define COBALT_WAITQ_H

#include <stdint.h>

struct thread;

struct waitq {
    struct thread *head; /* guarded by the kernel lock */
    struct thread *tail;
};

/* Blocks the current thread on q until woken or until deadline_ns passes
 * (0 = no deadline). Returns the result given by the waker, or -ETIMEDOUT,
 * or -EINTR when the thread is being killed. */
long waitq_block(struct waitq *q, uint64_t deadline_ns);
/* Wakes up to count threads (all for count < 0) with result; returns how many. */
int waitq_wake(struct waitq *q, int count, long result);
/* Wakes the first thread for which match(thread, arg) is true. */
int waitq_wake_matching(struct waitq *q, int count, long result,
                        int (*match)(struct thread *, uint64_t), uint64_t arg);
/* Removes t from whatever queue it waits on (no wake-up). */
void waitq_remove(struct thread *t);

#endif
