/* Threads and futexes. Threads themselves are made by __clone
 * (arch/x86_64/clone.s: thread_create with the TLS base and the clear-tid
 * word); here are the calls around them.
 *
 *   futex WAIT, WAIT_BITSET   futex_wait (timeouts made relative, in ns)
 *   futex WAKE, WAKE_BITSET   futex_wake
 *   futex REQUEUE, CMP_REQUEUE  wake instead of moving: musl's waiters
 *                             re-check their word, so a spurious wake is safe
 *   set_tid_address           set_clear_tid
 *   arch_prctl(ARCH_SET_FS), set_thread_area   set_fs_base
 * The private flag changes nothing (every futex is private to its process). */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_REQUEUE        3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define ARCH_SET_FS          0x1002
#define ARCH_GET_FS          0x1003

int __cobalt_gettid(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_translate(c, CSYS_gettid, 0, 0, 0, 0, 0, 0);
}

/* A wait of 0 ns would mean "forever" to the kernel: 1 ns is "now". */
static long wait_ns(long long ns)
{
    return ns > 0 ? (long)ns : 1;
}

int __cobalt_futex(struct cobalt_call *c, const long *a)
{
    long addr = a[0], op = a[1] & ~(long)(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    long val = a[2];
    const struct timespec *ts = (const struct timespec *)a[3];
    if (addr & 3)
        return cobalt_done(c, -EINVAL);
    c->post = POST_FUTEX;
    switch (op) {
    case FUTEX_WAIT: {
        long ns = 0;
        if (ts) {
            long long rel = __cobalt_timespec_ns(ts);
            if (rel < 0)
                return cobalt_done(c, rel);
            ns = wait_ns(rel);
        }
        return cobalt_translate(c, CSYS_futex_wait, addr, val, ns, 0, 0, 0);
    }
    case FUTEX_WAIT_BITSET: {
        if (a[5] == 0)
            return cobalt_done(c, -EINVAL);
        long ns = 0;
        if (ts) {
            /* An absolute time on the monotonic clock, or realtime if asked. */
            long long at = __cobalt_timespec_ns(ts);
            if (at < 0)
                return cobalt_done(c, at);
            int clock = (a[1] & FUTEX_CLOCK_REALTIME) ? CLOCK_REALTIME_NS : CLOCK_MONOTONIC_NS;
            long long now = (long long)__cobalt_now_ns(clock);
            if (at <= now)
                return cobalt_done(c, -ETIMEDOUT);
            ns = wait_ns(at - now);
        }
        return cobalt_translate(c, CSYS_futex_wait, addr, val, ns, 0, 0, 0);
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        return cobalt_translate(c, CSYS_futex_wake, addr, val < 0 ? INT_MAX : val, 0, 0, 0, 0);
    case FUTEX_CMP_REQUEUE:
        if (*(volatile int *)addr != (int)a[5])
            return cobalt_done(c, -EAGAIN);
        /* fall through */
    case FUTEX_REQUEUE: {
        /* Wake those that would have been woken and those that would have moved. */
        long n = val + (long)(unsigned long)a[3];
        return cobalt_translate(c, CSYS_futex_wake, addr, n < 0 || n > INT_MAX ? INT_MAX : n, 0, 0,
                                0, 0);
    }
    default:
        return cobalt_done(c, -ENOSYS); /* WAKE_OP, PI and robust futexes */
    }
}

int __cobalt_set_tid_address(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_set_clear_tid, a[0], 0, 0, 0, 0, 0);
}

int __cobalt_arch_prctl(struct cobalt_call *c, const long *a)
{
    if (a[0] == ARCH_SET_FS)
        return cobalt_translate(c, CSYS_set_fs_base, a[1], 0, 0, 0, 0, 0);
    return cobalt_done(c, a[0] == ARCH_GET_FS ? -ENOSYS : -EINVAL);
}

int __cobalt_set_thread_area(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_set_fs_base, a[0], 0, 0, 0, 0, 0);
}

int __cobalt_sched_yield(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_translate(c, CSYS_yield, 0, 0, 0, 0, 0, 0);
}

/* One CPU: the affinity mask is CPU 0. */
int __cobalt_sched_getaffinity(struct cobalt_call *c, const long *a)
{
    unsigned char *mask = (unsigned char *)a[2];
    if (a[1] < 8)
        return cobalt_done(c, -EINVAL);
    for (long i = 0; i < 8; i++)
        mask[i] = i == 0;
    return cobalt_done(c, 8);
}

int __cobalt_sched_setaffinity(struct cobalt_call *c, const long *a)
{
    const unsigned char *mask = (const unsigned char *)a[2];
    return cobalt_done(c, a[1] >= 1 && (mask[0] & 1) ? 0 : -EINVAL);
}

int __cobalt_sched_getscheduler(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, SCHED_OTHER);
}

int __cobalt_sched_getparam(struct cobalt_call *c, const long *a)
{
    ((struct sched_param *)a[1])->sched_priority = 0;
    return cobalt_done(c, 0);
}
