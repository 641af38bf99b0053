/* kt_badargs/sync.c: bad arguments to the calls that wait or keep time:
 * clock_get, futex_wait/futex_wake, timer_set and wait_many.
 * Owns UBAD0030-0034, 0049-0052, 0058, 0077, 0086. */
#include "kt_badargs.h"

/* ---- clock_get -------------------------------------------------------------- */

TEST(UBAD0030, "clock_get of a clock other than 0 or 1 fails with -EINVAL")
{
    uint64_t t = 7;
    EXPECT_EQ(sys_clock_get(2, (long)&t), -EINVAL);
    EXPECT_EQ(sys_clock_get(-1, (long)&t), -EINVAL);
    EXPECT_EQ(sys_clock_get(0x100000000L, (long)&t), -EINVAL);
    EXPECT_EQ(t, 7);
}

TEST(UBAD0031, "clock_get with a NULL, low, kernel or unmapped pointer fails with -EFAULT")
{
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, 0), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, LOW_PTR), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, KERNEL_HALF), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_REALTIME_NS, KERNEL_IMAGE), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, NONCANONICAL), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)unmapped()), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, USER_SPACE_TOP - 4), -EFAULT);
}

TEST(UBAD0032, "clock_get into read-only memory fails with -EFAULT and writes nothing")
{
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)&ro_u64), -EFAULT);
    EXPECT_EQ(ro_u64, 0x1122334455667788ULL);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)(void *)sys_null), -EFAULT); /* code */
}

TEST(UBAD0033, "clock_get straddling an unmapped page fails with -EFAULT and writes nothing")
{
    NEED_EDGE();
    volatile uint32_t *half = (volatile uint32_t *)(e + PAGE_SIZE - 4);
    *half = 0xDEADBEEF;
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)half), -EFAULT);
    EXPECT_EQ(*half, 0xDEADBEEF);
}

TEST(UBAD0034, "clock_get to a misaligned (but valid) pointer works")
{
    static unsigned char buf[16];
    memset(buf, 0, sizeof buf);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)(buf + 3)), 0);
    uint64_t t;
    memcpy(&t, buf + 3, 8);
    CHECK(t > 0, "nothing stored at the misaligned pointer");
    EXPECT_EQ(buf[2], 0);
    EXPECT_EQ(buf[11], 0);
}

/* ---- futex ------------------------------------------------------------------- */

TEST(UBAD0049, "futex_wait on a misaligned address fails with -EINVAL")
{
    long base = (long)&futex_words[1];
    EXPECT_EQ(sys_futex_wait(base + 1, 0, 0), -EINVAL);
    EXPECT_EQ(sys_futex_wait(base + 2, 0, 1 * MS), -EINVAL);
    EXPECT_EQ(sys_futex_wait(base + 3, 0, 0), -EINVAL);
}

TEST(UBAD0050, "futex_wait on a NULL, kernel, non-canonical or unmapped word fails with -EFAULT")
{
    EXPECT_EQ(sys_futex_wait(0, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(LOW_PTR, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(KERNEL_HALF, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(KERNEL_IMAGE, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(NONCANONICAL, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait((long)unmapped(), 0, 1 * MS), -EFAULT);
}

TEST(UBAD0051, "futex_wake on a misaligned or non-user address fails with -EINVAL")
{
    long base = (long)&futex_words[1];
    EXPECT_EQ(sys_futex_wake(base + 1, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(base + 2, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(0, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(LOW_PTR, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(KERNEL_HALF, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(NONCANONICAL, 1), -EINVAL);
}

TEST(UBAD0058, "futex_wait compares only the low 32 bits of expected (as Linux, for musl)")
{
    futex_words[2] = 0;
    EXPECT_EQ(sys_futex_wait((long)&futex_words[2], 0x100000000L, 1 * MS), -ETIMEDOUT);
    EXPECT_EQ(sys_futex_wait((long)&futex_words[2], 0x100000001L, 1 * MS), -EAGAIN);
    futex_words[2] = 0xFFFFFFFFu;
    EXPECT_EQ(sys_futex_wait((long)&futex_words[2], -1L, 1 * MS), -ETIMEDOUT);
}

TEST(UBAD0052, "futex_wake with count 0 wakes nobody and returns 0")
{
    EXPECT_EQ(sys_futex_wake((long)&futex_words[0], 0), 0);
}

/* ---- timer_set --------------------------------------------------------------- */

TEST(UBAD0086, "timer_set with a bad or wrong-type handle fails with -EBADF, a bare period -EINVAL")
{
    EXPECT_EQ(sys_timer_set(-1, 0, 0), -EBADF);
    EXPECT_EQ(sys_timer_set(255, 0, 0), -EBADF);
    long shm = sys_shm_create(PAGE_SIZE);
    CHECK(shm >= 0, "shm_create failed: %ld", shm);
    EXPECT_EQ(sys_timer_set(shm, 0, 0), -EBADF);
    long t = sys_timer_create();
    CHECK(t >= 0, "timer_create failed: %ld", t);
    EXPECT_EQ(sys_timer_set(t, 0, 1000), -EINVAL);
    EXPECT_EQ(sys_timer_set(t, -1L, 1000), -EINVAL);
    EXPECT_EQ(sys_handle_close(t), 0);
    EXPECT_EQ(sys_handle_close(shm), 0);
}

/* ---- wait_many --------------------------------------------------------------- */

TEST(UBAD0077, "wait_many: bad count or events -EINVAL, bad handle -EBADF, pointer -EFAULT")
{
    static struct wait_item items[WAIT_ITEMS_MAX + 1];
    for (int i = 0; i <= WAIT_ITEMS_MAX; i++)
        items[i] = (struct wait_item){WAIT_CHILDREN, WAIT_READABLE, 0, 0};
    EXPECT_EQ(sys_wait_many((long)items, 0, 0), -EINVAL);
    EXPECT_EQ(sys_wait_many((long)items, WAIT_ITEMS_MAX + 1, 0), -EINVAL);
    items[0].events = 8; /* no such event */
    EXPECT_EQ(sys_wait_many((long)items, 1, 0), -EINVAL);
    items[0].events = WAIT_HANGUP; /* reported, never asked for */
    EXPECT_EQ(sys_wait_many((long)items, 1, 0), -EINVAL);
    items[0] = (struct wait_item){4000, WAIT_READABLE, 0, 0};
    EXPECT_EQ(sys_wait_many((long)items, 1, 0), -EBADF);
    EXPECT_EQ(sys_wait_many(KERNEL_HALF, 1, 0), -EFAULT);
    EXPECT_EQ(sys_wait_many((long)unmapped(), 1, 0), -EFAULT);
}
