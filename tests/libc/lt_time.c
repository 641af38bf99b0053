/* libc tests: clocks and sleeping. */
#include "lt.h"

#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns_of(const struct timespec *ts)
{
    return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

LT_CASE(LIBC0040, "clock_gettime: monotonic never goes back, realtime is a plausible date")
{
    struct timespec a, b;
    LT_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
    long long prev = ns_of(&a), backwards = 0;
    for (int i = 0; i < 10000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        backwards += ns_of(&b) < prev;
        prev = ns_of(&b);
    }
    LT_EQ(backwards, 0);
    LT_CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000, "tv_nsec %ld", b.tv_nsec);
    LT_EQ(clock_gettime(CLOCK_REALTIME, &a), 0);
    /* 2020-01-01 .. 2100-01-01: the RTC gave a real date. */
    LT_CHECK(a.tv_sec > 1577836800 && a.tv_sec < 4102444800, "realtime %lld s",
             (long long)a.tv_sec);
    LT_EQ(clock_gettime(CLOCK_BOOTTIME, &a), 0);
    LT_EQ(clock_getres(CLOCK_MONOTONIC, &a), 0);
    errno = 0;
    LT_CHECK(clock_gettime(12345, &a) == -1 && errno == EINVAL, "unknown clock: errno %d", errno);
}

LT_CASE(LIBC0041, "nanosleep and usleep sleep at least as long as asked")
{
    static const long ms[] = {1, 10, 50, 120};
    for (unsigned i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        struct timespec req = {0, ms[i] * 1000000L}, rem = {9, 9};
        uint64_t t0 = lt_now_ns();
        LT_EQ(nanosleep(&req, &rem), 0);
        uint64_t slept = lt_now_ns() - t0;
        LT_CHECK(slept >= (uint64_t)ms[i] * 1000000u, "nanosleep(%ld ms) slept %llu ns", ms[i],
                 (unsigned long long)slept);
        LT_CHECK(slept < (uint64_t)ms[i] * 1000000u + 500000000u, "nanosleep(%ld ms) took %llu ns",
                 ms[i], (unsigned long long)slept);
    }
    uint64_t t0 = lt_now_ns();
    LT_EQ(usleep(30000), 0);
    LT_CHECK(lt_now_ns() - t0 >= 30000000u, "usleep(30 ms) too short");
    struct timespec bad = {0, 1000000000L};
    errno = 0;
    LT_CHECK(nanosleep(&bad, 0) == -1 && errno == EINVAL, "tv_nsec 1e9: errno %d", errno);
    struct timespec zero = {0, 0};
    LT_EQ(nanosleep(&zero, 0), 0);
}

LT_CASE(LIBC0042, "time, gettimeofday and clock_gettime(REALTIME) agree")
{
    struct timespec ts;
    struct timeval tv;
    time_t t = time(0);
    LT_EQ(gettimeofday(&tv, 0), 0);
    clock_gettime(CLOCK_REALTIME, &ts);
    LT_CHECK(tv.tv_sec >= t && tv.tv_sec - t <= 1, "time %lld gettimeofday %lld", (long long)t,
             (long long)tv.tv_sec);
    LT_CHECK(ts.tv_sec >= tv.tv_sec && ts.tv_sec - tv.tv_sec <= 1, "clock_gettime %lld",
             (long long)ts.tv_sec);
    LT_CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec %ld", (long)tv.tv_usec);
    struct tm tm;
    LT_CHECK(gmtime_r(&t, &tm) && tm.tm_year >= 120, "gmtime_r year %d", tm.tm_year + 1900);
    char buf[64];
    time_t fixed = 1700000000;
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", gmtime_r(&fixed, &tm));
    LT_STREQ(buf, "2023-11-14 22:13:20");
}

LT_CASE(LIBC0043, "clock_nanosleep with TIMER_ABSTIME wakes at the deadline, not before")
{
    struct timespec now, at;
    clock_gettime(CLOCK_MONOTONIC, &now);
    at = now;
    at.tv_nsec += 40000000;
    if (at.tv_nsec >= 1000000000) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000;
    }
    LT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, 0), 0);
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    LT_CHECK(ns_of(&after) >= ns_of(&at), "woke %lld ns early", ns_of(&at) - ns_of(&after));
    /* A deadline in the past returns at once. */
    uint64_t t0 = lt_now_ns();
    LT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, 0), 0);
    LT_CHECK(lt_now_ns() - t0 < 20000000u, "a past deadline slept");
    struct timespec rel = {0, 20000000};
    t0 = lt_now_ns();
    LT_EQ(clock_nanosleep(CLOCK_REALTIME, 0, &rel, 0), 0);
    LT_CHECK(lt_now_ns() - t0 >= 20000000u, "relative clock_nanosleep too short");
}

int main(void)
{
    return lt_main();
}
