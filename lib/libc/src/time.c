/* Time: clock_get for the clocks, sleep for the sleeps.
 *
 *   REALTIME, REALTIME_COARSE, TAI          clock_get(realtime)
 *   MONOTONIC, MONOTONIC_RAW/_COARSE, BOOTTIME  clock_get(monotonic)
 *   PROCESS_CPUTIME_ID, THREAD_CPUTIME_ID   EINVAL (no CPU-time accounting)
 *   nanosleep, clock_nanosleep              sleep(ns); an absolute time is
 *                                           made relative first; the
 *                                           remainder after EINTR is computed
 * Setting the clock is not allowed (EPERM). */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#define NS 1000000000LL

uint64_t __cobalt_now_ns(int clock)
{
    uint64_t ns = 0;
    __cobalt_trap2(CSYS_clock_get, clock, &ns);
    return ns;
}

long long __cobalt_timespec_ns(const void *p)
{
    const struct timespec *ts = p;
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NS)
        return -EINVAL;
    if (ts->tv_sec > 9000000000LL)
        return 9000000000LL * NS; /* about 285 years: forever */
    return ts->tv_sec * NS + ts->tv_nsec;
}

/* The Cobalt clock for a Linux clock id; -EINVAL for the rest. */
static int clock_of(long id)
{
    switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_TAI:
        return CLOCK_REALTIME_NS;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        return CLOCK_MONOTONIC_NS;
    default:
        return -EINVAL;
    }
}

static void to_timespec(uint64_t ns, struct timespec *ts)
{
    ts->tv_sec = (time_t)(ns / NS);
    ts->tv_nsec = (long)(ns % NS);
}

int __cobalt_clock_gettime(struct cobalt_call *c, const long *a)
{
    int clock = clock_of(a[0]);
    if (clock < 0)
        return cobalt_done(c, clock);
    uint64_t ns;
    long r = __cobalt_trap2(CSYS_clock_get, clock, &ns);
    if (r < 0)
        return cobalt_done(c, r);
    to_timespec(ns, (struct timespec *)a[1]);
    return cobalt_done(c, 0);
}

int __cobalt_clock_getres(struct cobalt_call *c, const long *a)
{
    if (clock_of(a[0]) < 0)
        return cobalt_done(c, -EINVAL);
    if (a[1])
        *(struct timespec *)a[1] = (struct timespec){0, 1};
    return cobalt_done(c, 0);
}

int __cobalt_gettimeofday(struct cobalt_call *c, const long *a)
{
    if (a[0]) {
        uint64_t ns = __cobalt_now_ns(CLOCK_REALTIME_NS);
        struct timeval *tv = (struct timeval *)a[0];
        tv->tv_sec = (time_t)(ns / NS);
        tv->tv_usec = (suseconds_t)(ns % NS / 1000);
    }
    if (a[1])
        *(struct timezone *)a[1] = (struct timezone){0, 0};
    return cobalt_done(c, 0);
}

int __cobalt_time(struct cobalt_call *c, const long *a)
{
    time_t t = (time_t)(__cobalt_now_ns(CLOCK_REALTIME_NS) / NS);
    if (a[0])
        *(time_t *)a[0] = t;
    return cobalt_done(c, (long)t);
}

/* One sleep of ns: trapped by the caller, finished by __cobalt_finish_time. */
static int sleep_for(struct cobalt_call *c, long long ns, long rem)
{
    c->post = POST_SLEEP;
    c->ctx[0] = (long)__cobalt_now_ns(CLOCK_MONOTONIC_NS);
    c->ctx[1] = ns;
    c->ctx[2] = rem;
    /* A zero sleep is a yield for the kernel, which is what Linux does too. */
    return cobalt_translate(c, CSYS_sleep, ns, 0, 0, 0, 0, 0);
}

int __cobalt_nanosleep(struct cobalt_call *c, const long *a)
{
    long long ns = __cobalt_timespec_ns((const void *)a[0]);
    if (ns < 0)
        return cobalt_done(c, ns);
    return sleep_for(c, ns, a[1]);
}

int __cobalt_clock_nanosleep(struct cobalt_call *c, const long *a)
{
    int clock = clock_of(a[0]);
    if (clock < 0)
        return cobalt_done(c, a[0] == CLOCK_PROCESS_CPUTIME_ID ? -ENOTSUP : -EINVAL);
    long long ns = __cobalt_timespec_ns((const void *)a[2]);
    if (ns < 0)
        return cobalt_done(c, ns);
    if (a[1] & TIMER_ABSTIME) {
        long long now = (long long)__cobalt_now_ns(clock);
        if (ns <= now)
            return cobalt_done(c, 0);
        return sleep_for(c, ns - now, 0); /* no remainder for absolute sleeps */
    }
    return sleep_for(c, ns, a[3]);
}

hidden long __cobalt_finish_time(struct cobalt_call *c, long r)
{
    if (r == -EINTR && c->ctx[2]) {
        long long slept = (long long)(__cobalt_now_ns(CLOCK_MONOTONIC_NS) - (uint64_t)c->ctx[0]);
        long long left = c->ctx[1] - slept;
        to_timespec(left > 0 ? (uint64_t)left : 0, (struct timespec *)c->ctx[2]);
    }
    return r;
}

int __cobalt_clock_settime(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, -EPERM);
}
