/* System calls about threads and time: yield, sleep, clock_get,
 * set_fs_base, thread_create, thread_exit, gettid, futex_wait, futex_wake. */
#include "clock.h"
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "futex.h"
#include "msr.h"
#include "percpu.h"
#include "process.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "usercopy.h"
#include "vm.h"

static struct waitq sleepers; /* nobody wakes it: only deadlines end a sleep */

static uint64_t deadline_after(uint64_t ns)
{
    uint64_t now = clock_monotonic_ns();
    return now + ns < now ? UINT64_MAX : now + ns;
}

long sys_yield(const struct syscall_args *args)
{
    (void)args;
    sched_yield();
    return 0;
}

long sys_sleep(const struct syscall_args *args)
{
    uint64_t ns = args->a[0];
    if (ns == 0) {
        sched_yield();
        return 0;
    }
    long r = waitq_block(&sleepers, deadline_after(ns));
    return r == -ETIMEDOUT ? 0 : r;
}

long sys_clock_get(const struct syscall_args *args)
{
    uint64_t clock = args->a[0], ptr = args->a[1];
    if (clock != CLOCK_MONOTONIC_NS && clock != CLOCK_REALTIME_NS)
        return -EINVAL;
    uint64_t ns = clock == CLOCK_MONOTONIC_NS ? clock_monotonic_ns() : clock_realtime_ns();
    return copy_to_user(ptr, &ns, sizeof ns);
}

long sys_set_fs_base(const struct syscall_args *args)
{
    uint64_t base = args->a[0];
    /* Rule: the FS base is a user address (or 0). */
    if (base && (base < USER_SPACE_BASE || base >= USER_SPACE_TOP))
        return -EINVAL;
    current_thread()->fs_base = base;
    wrmsr(MSR_FS_BASE, base);
    return 0;
}

long sys_thread_create(const struct syscall_args *args)
{
    uint64_t entry = args->a[0], stack_top = args->a[1], arg = args->a[2], fs_base = args->a[3],
             clear_tid = args->a[4];
    if (!user_range_ok(entry, 1) || !user_range_ok(stack_top - 8, 8) ||
        (fs_base && (fs_base < USER_SPACE_BASE || fs_base >= USER_SPACE_TOP)) ||
        (clear_tid && (clear_tid & 3 || !user_range_ok(clear_tid, 4))))
        return -EINVAL;
    struct process *p = current_thread()->proc;
    if (p->thread_count >= THREADS_PER_PROCESS_MAX)
        return -EAGAIN;
    struct thread *t = thread_create_user(p, entry, stack_top, arg);
    if (!t)
        return -EAGAIN;
    t->fs_base = fs_base;
    t->clear_tid = clear_tid;
    t->signal_mask = current_thread()->signal_mask; /* as clone: inherited */
    sched_make_runnable(t);
    return t->tid;
}

long sys_thread_exit(const struct syscall_args *args)
{
    (void)args;
    thread_exit_current();
}

long sys_gettid(const struct syscall_args *args)
{
    (void)args;
    return current_thread()->tid;
}

long sys_futex_wait(const struct syscall_args *args)
{
    uint64_t addr = args->a[0], expected = args->a[1], timeout = args->a[2];
    if (addr & 3)
        return -EINVAL;
    if (!user_range_ok(addr, 4))
        return -EFAULT;
    /* As Linux: only the low 32 bits count (musl passes ints sign-extended). */
    return futex_wait(current_thread()->proc->vm, addr, (uint32_t)expected,
                      timeout ? deadline_after(timeout) : 0);
}

long sys_futex_wake(const struct syscall_args *args)
{
    uint64_t addr = args->a[0], count = args->a[1];
    if (addr & 3 || !user_range_ok(addr, 4))
        return -EINVAL;
    int n = count > 0x7FFFFFFF ? 0x7FFFFFFF : (int)count;
    return futex_wake(current_thread()->proc->vm, addr, n);
}

long sys_thread_kill(const struct syscall_args *args)
{
    int64_t tid = (int64_t)args->a[0];
    uint64_t sig = args->a[1];
    if (sig >= COBALT_NSIG)
        return -EINVAL;
    /* Rule: only threads of the caller's own process (tgkill within a process). */
    struct thread *t = current_thread()->proc->threads;
    while (t && t->tid != tid)
        t = t->proc_next;
    if (!t || t->killed)
        return -ESRCH;
    if (sig)
        signal_send_thread(t, (int)sig);
    return 0;
}

long sys_set_clear_tid(const struct syscall_args *args)
{
    uint64_t addr = args->a[0];
    if (addr && (addr & 3 || !user_range_ok(addr, 4)))
        return -EINVAL;
    current_thread()->clear_tid = addr;
    return current_thread()->tid;
}
