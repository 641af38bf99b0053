/* System calls for timers: timer_create, timer_set. */
#include "cobalt/errno.h"
#include "handle.h"
#include "percpu.h"
#include "process.h"
#include "syscall.h"
#include "thread.h"
#include "timer_object.h"

long sys_timer_create(const struct syscall_args *args)
{
    (void)args;
    struct timer_object *t = timer_object_create();
    if (!t)
        return -ENOMEM;
    int h = handle_install(current_thread()->proc->handles, &t->obj, RIGHTS_ALL);
    kobj_unref(&t->obj);
    return h;
}

long sys_timer_set(const struct syscall_args *args)
{
    uint64_t deadline = args->a[1], period = args->a[2];
    /* Rule: a period needs a deadline to start from. */
    if (period && (deadline == 0 || deadline == TIMER_KEEP))
        return -EINVAL;
    struct kobj *o;
    int err = handle_get(current_thread()->proc->handles, (int64_t)args->a[0], KOBJ_TIMER, 0, &o);
    if (err)
        return err;
    uint64_t fired = timer_object_set((struct timer_object *)o, deadline, period);
    return fired > 0x7FFFFFFFFFFFFFFFULL ? 0x7FFFFFFFFFFFFFFFLL : (long)fired;
}
