/* Wait queues (FIFO) and blocking with a deadline. A blocked thread is on at
 * most one queue and, when it has a deadline, on the scheduler's timed list.
 *
 * Locking: under the big kernel lock (interrupts off on this CPU). */
#include "waitq.h"

#include "cobalt/errno.h"
#include "percpu.h"
#include "sched.h"
#include "signal.h"
#include "thread.h"

static void unlink(struct waitq *q, struct thread *t)
{
    struct thread **pp = &q->head;
    struct thread *prev = 0;
    while (*pp && *pp != t) {
        prev = *pp;
        pp = &(*pp)->wait_next;
    }
    if (!*pp)
        return;
    *pp = t->wait_next;
    if (q->tail == t)
        q->tail = prev;
    t->wait_next = 0;
    t->waiting_on = 0;
}

void waitq_remove(struct thread *t)
{
    if (t->waiting_on)
        unlink(t->waiting_on, t);
    if (t->deadline)
        sched_timed_remove(t);
}

long waitq_block(struct waitq *q, uint64_t deadline_ns)
{
    struct thread *t = current_thread();
    /* A signal that arrived while this thread was runnable (woken, not yet
     * back in user mode) found nothing to interrupt: blocking now would keep
     * it undelivered (a SIGKILL to a server that re-blocks in wait_many). */
    if (t->killed || signal_pending_for(t))
        return -EINTR;
    t->state = THREAD_BLOCKED;
    t->waiting_on = q;
    t->wait_next = 0;
    if (q->tail)
        q->tail->wait_next = t;
    else
        q->head = t;
    q->tail = t;
    t->wake_result = 0;
    t->deadline = deadline_ns;
    if (deadline_ns)
        sched_timed_add(t);
    schedule();
    /* A thread killed while it waited (exit, or exec in another thread) must not
     * go on to touch user memory: its address space may be gone. */
    return t->killed ? -EINTR : t->wake_result;
}

static void wake(struct thread *t, long result)
{
    waitq_remove(t);
    t->wake_result = result;
    sched_make_runnable(t);
}

int waitq_wake_matching(struct waitq *q, int count, long result,
                        int (*match)(struct thread *, uint64_t), uint64_t arg)
{
    int woken = 0;
    struct thread *t = q->head;
    while (t && (count < 0 || woken < count)) {
        struct thread *next = t->wait_next;
        if (!match || match(t, arg)) {
            wake(t, result);
            woken++;
        }
        t = next;
    }
    return woken;
}

int waitq_wake(struct waitq *q, int count, long result)
{
    return waitq_wake_matching(q, count, result, 0, 0);
}
