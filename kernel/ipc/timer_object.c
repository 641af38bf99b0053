/* User timers: one sorted list of armed timers, checked on every tick. A
 * periodic timer that fell behind counts every missed period at once.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "timer_object.h"

#include "kheap.h"
#include "readiness.h"

static struct timer_object *armed; /* guarded by the kernel lock */

static void unlink_timer(struct timer_object *t)
{
    for (struct timer_object **pp = &armed; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = 0;
}

static void insert(struct timer_object *t)
{
    struct timer_object **pp = &armed;
    while (*pp && (*pp)->deadline <= t->deadline)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
}

static void timer_destroy(struct kobj *o)
{
    struct timer_object *t = (struct timer_object *)o;
    unlink_timer(t);
    kfree(t);
}

struct timer_object *timer_object_create(void)
{
    struct timer_object *t = kzalloc(sizeof *t);
    if (t)
        kobj_init(&t->obj, KOBJ_TIMER, timer_destroy);
    return t;
}

uint64_t timer_object_set(struct timer_object *t, uint64_t deadline, uint64_t period)
{
    uint64_t fired = t->expirations;
    t->expirations = 0;
    if (deadline == TIMER_KEEP)
        return fired;
    unlink_timer(t);
    t->deadline = deadline;
    t->period = period;
    if (deadline)
        insert(t);
    return fired;
}

void timer_objects_tick(uint64_t now)
{
    int changed = 0;
    while (armed && armed->deadline <= now) {
        struct timer_object *t = armed;
        armed = t->next;
        t->next = 0;
        changed = 1;
        if (!t->period) {
            t->expirations++;
            t->deadline = 0;
            continue;
        }
        uint64_t missed = (now - t->deadline) / t->period + 1;
        uint64_t step, next;
        t->expirations =
            t->expirations + missed < t->expirations ? UINT64_MAX : t->expirations + missed;
        /* Rule: a next deadline past the end of time disarms the timer (a
         * wrapped one would fire on every tick and never catch up). */
        if (__builtin_mul_overflow(missed, t->period, &step) ||
            __builtin_add_overflow(t->deadline, step, &next)) {
            t->deadline = 0;
            continue;
        }
        t->deadline = next;
        insert(t);
    }
    if (changed)
        readiness_changed();
}
