/* wait_many: blocks until any of up to WAIT_ITEMS_MAX handles is ready, the
 * timeout passes, or the thread is killed. Items are decoded and every
 * handle checked before the first wait. Ready means: a scheme endpoint has a
 * request, a bound IRQ fired, a timer expired, WAIT_CHILDREN has an exited
 * child to collect, a file's server posted the asked-for state (scheme_notify)
 * or hung up. */
#include "clock.h"
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "handle.h"
#include "irq_object.h"
#include "percpu.h"
#include "process.h"
#include "readiness.h"
#include "scheme.h"
#include "syscall.h"
#include "thread.h"
#include "timer_object.h"
#include "usercopy.h"

struct waitq readiness_waiters;

#define TIMEOUT_FOREVER UINT64_MAX

/* The events of it that hold now (0 when none). */
static uint32_t item_ready(struct process *p, const struct wait_item *it)
{
    if (it->handle == WAIT_CHILDREN) {
        int pid, status;
        return process_reap(p, -1, &pid, &status, true) == 0;
    }
    struct kobj *o = p->handles->slot[it->handle].obj;
    if (o->type == KOBJ_SCHEME)
        return scheme_has_requests((struct scheme_endpoint *)o) ? WAIT_READABLE : 0;
    if (o->type == KOBJ_IRQ)
        return ((struct irq_object *)o)->pending ? WAIT_READABLE : 0;
    if (o->type == KOBJ_TIMER)
        return ((struct timer_object *)o)->expirations > 0 ? WAIT_READABLE : 0;
    if (o->type == KOBJ_FILE) /* a hang-up is reported whether asked for or not */
        return scheme_file_ready((struct scheme_file *)o) & (it->events | WAIT_HANGUP);
    return 0;
}

/* Rule: each item names WAIT_CHILDREN or a live handle of a waitable type,
 * and asks for WAIT_READABLE and/or WAIT_WRITABLE only. */
static int decode(struct process *p, const struct wait_item *items, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        if (items[i].events & ~(uint32_t)(WAIT_READABLE | WAIT_WRITABLE))
            return -EINVAL;
        if (items[i].handle == WAIT_CHILDREN)
            continue;
        struct kobj *o;
        if (handle_get(p->handles, items[i].handle, KOBJ_SCHEME, 0, &o) != 0 &&
            handle_get(p->handles, items[i].handle, KOBJ_IRQ, 0, &o) != 0 &&
            handle_get(p->handles, items[i].handle, KOBJ_TIMER, 0, &o) != 0 &&
            handle_get(p->handles, items[i].handle, KOBJ_FILE, 0, &o) != 0)
            return -EBADF;
    }
    return 0;
}

long sys_wait_many(const struct syscall_args *args)
{
    uint64_t ptr = args->a[0], count = args->a[1], timeout = args->a[2];
    if (count == 0 || count > WAIT_ITEMS_MAX)
        return -EINVAL;
    struct wait_item items[WAIT_ITEMS_MAX];
    int err = copy_from_user(items, ptr, count * sizeof items[0]);
    if (err)
        return err;
    struct process *p = current_thread()->proc;
    err = decode(p, items, count);
    if (err)
        return err;
    uint64_t deadline = 0;
    if (timeout != TIMEOUT_FOREVER && timeout != 0) {
        uint64_t now = clock_monotonic_ns();
        deadline = now + timeout < now ? UINT64_MAX : now + timeout;
    }
    for (;;) {
        long ready = 0;
        for (uint64_t i = 0; i < count; i++) {
            /* A handle closed by another thread while we slept counts as an error. */
            if (items[i].handle != WAIT_CHILDREN && !p->handles->slot[items[i].handle].obj)
                return -EBADF;
            items[i].revents = item_ready(p, &items[i]);
            ready += items[i].revents != 0;
        }
        if (ready || timeout == 0) {
            err = copy_to_user(ptr, items, count * sizeof items[0]);
            return err ? err : ready;
        }
        long w = waitq_block(&readiness_waiters, deadline);
        if (w == -ETIMEDOUT || w == -EINTR) {
            if (w == -EINTR)
                return w;
            for (uint64_t i = 0; i < count; i++)
                items[i].revents = 0;
            err = copy_to_user(ptr, items, count * sizeof items[0]);
            return err ? err : 0;
        }
    }
}
