/* kt_sched: yield, sleep and clock_get (docs/syscalls.md), and that one
 * busy process does not starve the others. Owns USCH*. */
#include "kt.h"

#define JAN_2020_NS 1577836800000000000ULL
#define JAN_2100_NS 4102444800000000000ULL

static uint64_t now(void)
{
    return rt_clock_ns(CLOCK_MONOTONIC_NS);
}

TEST(USCH0001, "yield returns 0")
{
    for (int i = 0; i < 100; i++)
        EXPECT_EQ(sys_yield(), 0);
}

TEST(USCH0002, "clock_get(monotonic) succeeds and never goes back over 100000 reads")
{
    uint64_t prev = 0;
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)&prev), 0);
    CHECK(prev > 0, "the monotonic clock reads 0");
    for (int i = 0; i < 100000; i++) {
        uint64_t t = 0;
        EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)&t), 0);
        CHECK(t >= prev, "read %d went back: %lu after %lu", i, t, prev);
        prev = t;
    }
}

TEST(USCH0003, "sleep(10 ms) returns 0 and lasts at least 10 ms on the monotonic clock")
{
    for (int i = 0; i < 5; i++) {
        uint64_t t0 = now();
        EXPECT_EQ(sys_sleep(10 * MS), 0);
        uint64_t t1 = now();
        CHECK(t0 && t1 >= t0 + 10 * MS, "sleep(10 ms) lasted %lu ns", t1 - t0);
    }
}

TEST(USCH0004, "sleep(50 ms) lasts at least 50 ms and less than 5 s")
{
    uint64_t t0 = now();
    EXPECT_EQ(sys_sleep(50 * MS), 0);
    uint64_t d = now() - t0;
    CHECK(t0 && d >= 50 * MS && d < 5000 * MS, "sleep(50 ms) lasted %lu ns", d);
}

TEST(USCH0005, "sleep(0) returns 0 at once")
{
    uint64_t t0 = now();
    EXPECT_EQ(sys_sleep(0), 0);
    uint64_t d = now() - t0;
    CHECK(d < 1000 * MS, "sleep(0) lasted %lu ns", d);
}

TEST(USCH0006, "the realtime clock reads a date between 2020 and 2100")
{
    uint64_t t = 0;
    EXPECT_EQ(sys_clock_get(CLOCK_REALTIME_NS, (long)&t), 0);
    CHECK(t > JAN_2020_NS && t < JAN_2100_NS, "realtime %lu ns is not 2020..2100", t);
}

TEST(USCH0007, "the monotonic clock advances across a sleep by about as much as realtime")
{
    uint64_t m0 = now(), r0 = rt_clock_ns(CLOCK_REALTIME_NS);
    EXPECT_EQ(sys_sleep(100 * MS), 0);
    uint64_t m1 = now(), r1 = rt_clock_ns(CLOCK_REALTIME_NS);
    CHECK(m1 > m0 && r1 > r0, "a clock did not advance (monotonic %lu -> %lu, realtime %lu -> %lu)",
          m0, m1, r0, r1);
    uint64_t dm = m1 - m0, dr = r1 - r0;
    uint64_t diff = dm > dr ? dm - dr : dr - dm;
    CHECK(diff < 1000 * MS, "over one sleep monotonic advanced %lu ns, realtime %lu ns", dm, dr);
}

TEST(USCH0008, "a busy child does not starve its parent (preemption)")
{
    /* The child spins for 2 s of monotonic time, never blocking (clock_get only). */
    long pid = EXPECT_OK(kt_spawn_self("spin", "2000"));
    uint64_t t0 = now();
    EXPECT_EQ(sys_sleep(20 * MS), 0);
    uint64_t woke = now();
    int st = -1;
    /* We woke up while the child still spins: it cannot have exited yet. */
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN);
    CHECK(woke - t0 < 1500 * MS, "a 20 ms sleep lasted %lu ns next to a busy child", woke - t0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
}

TEST(USCH0009, "two busy children both make progress")
{
    long a = EXPECT_OK(kt_spawn_self("spin", "300"));
    long b = EXPECT_OK(kt_spawn_self("spin", "300"));
    int sa = -1, sb = -1;
    EXPECT_EQ(rt_wait(a, &sa, 0), a);
    EXPECT_EQ(rt_wait(b, &sb, 0), b);
    EXPECT_EQ(sa, RT_EXITED(0));
    EXPECT_EQ(sb, RT_EXITED(0));
}

TEST(USCH0010, "100 sleeps of 1 ms take at least 100 ms in all")
{
    uint64_t t0 = now();
    for (int i = 0; i < 100; i++)
        EXPECT_EQ(sys_sleep(1 * MS), 0);
    uint64_t d = now() - t0;
    CHECK(t0 && d >= 100 * MS, "100 x sleep(1 ms) lasted %lu ns", d);
}

TEST(USCH0011, "xmm registers survive preemption by another process using them")
{
    long pid = EXPECT_OK(kt_spawn_self("xmm", "300"));
    long mine = EXPECT_OK(kt_spawn_self("xmm", "300"));
    int st = -1, st2 = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(rt_wait(mine, &st2, 0), mine);
    EXPECT_EQ(st, RT_EXITED(0));
    EXPECT_EQ(st2, RT_EXITED(0));
}

/* kt_xmm_hold(seed): puts seed in both halves of xmm0..xmm7, spins a while
 * (being preempted now and then), and returns 0 if every register still
 * holds it, 1 if one changed. SSE2 only. */
uint64_t kt_xmm_hold(uint64_t seed);
__asm__(".text\n.globl kt_xmm_hold\nkt_xmm_hold:\n"
        "  movq %rdi, %xmm0\n"
        "  punpcklqdq %xmm0, %xmm0\n"
        "  movdqa %xmm0, %xmm1\n movdqa %xmm0, %xmm2\n movdqa %xmm0, %xmm3\n"
        "  movdqa %xmm0, %xmm4\n movdqa %xmm0, %xmm5\n movdqa %xmm0, %xmm6\n"
        "  movdqa %xmm0, %xmm7\n"
        "  mov $200000, %ecx\n"
        "1: dec %ecx\n jnz 1b\n"
        "  pcmpeqd %xmm0, %xmm1\n pcmpeqd %xmm0, %xmm2\n pcmpeqd %xmm0, %xmm3\n"
        "  pcmpeqd %xmm0, %xmm4\n pcmpeqd %xmm0, %xmm5\n pcmpeqd %xmm0, %xmm6\n"
        "  pcmpeqd %xmm0, %xmm7\n"
        "  pand %xmm2, %xmm1\n pand %xmm3, %xmm1\n pand %xmm4, %xmm1\n"
        "  pand %xmm5, %xmm1\n pand %xmm6, %xmm1\n pand %xmm7, %xmm1\n"
        "  pmovmskb %xmm1, %edx\n"
        "  movq %xmm0, %rax\n"
        "  xor %ecx, %ecx\n"
        "  cmp %rdi, %rax\n setne %cl\n"
        "  xor %eax, %eax\n"
        "  cmp $0xffff, %edx\n setne %al\n"
        "  or %ecx, %eax\n"
        "  ret\n");

/* Spins for `ms` of monotonic time; with `check_xmm` it keeps a pattern in
 * xmm0..xmm7 meanwhile and exits 1 if the pattern ever changes. */
TEST(USCH0012, "a periodic timer wakes wait_many and counts its expirations")
{
    long h = sys_timer_create();
    CHECK(h >= 0, "timer_create failed: %ld", h);
    uint64_t start = now();
    EXPECT_EQ(sys_timer_set(h, (long)(start + 5 * MS), 5 * MS), 0);
    struct wait_item item = {(int32_t)h, WAIT_READABLE, 0, 0};
    uint64_t total = 0;
    for (int i = 0; i < 4; i++) {
        EXPECT_EQ(sys_wait_many((long)&item, 1, -1L), 1);
        EXPECT_EQ(item.revents, WAIT_READABLE);
        long fired = sys_timer_set(h, -1L /* TIMER_KEEP */, 0);
        CHECK(fired >= 1, "timer_set after a wake-up counted %ld expirations", fired);
        total += (uint64_t)fired;
    }
    uint64_t elapsed = now() - start;
    CHECK(elapsed >= total * 5 * MS, "%lu expirations in only %lu ns", (unsigned long)total,
          (unsigned long)elapsed);
    EXPECT_EQ(sys_timer_set(h, 0, 0) >= 0, 1); /* disarm */
    EXPECT_EQ(sys_wait_many((long)&item, 1, 20 * MS), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(USCH0013, "a one-shot timer fires once, no earlier than its deadline")
{
    long h = sys_timer_create();
    CHECK(h >= 0, "timer_create failed: %ld", h);
    uint64_t deadline = now() + 10 * MS;
    EXPECT_EQ(sys_timer_set(h, (long)deadline, 0), 0);
    struct wait_item item = {(int32_t)h, WAIT_READABLE, 0, 0};
    EXPECT_EQ(sys_wait_many((long)&item, 1, -1L), 1);
    CHECK(now() >= deadline, "woke before the deadline");
    EXPECT_EQ(sys_timer_set(h, -1L, 0), 1);
    EXPECT_EQ(sys_wait_many((long)&item, 1, 30 * MS), 0); /* it does not fire again */
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(USCH0014, "a timer whose next deadline would pass 2^64 ns fires once and disarms")
{
    /* Found by the fuzzer: the deadline wrapped and the tick looped with interrupts off. */
    long h = sys_timer_create();
    CHECK(h >= 0, "timer_create failed: %ld", h);
    uint64_t start = now();
    EXPECT_EQ(sys_timer_set(h, (long)(start - 1 * MS), -1L /* period 2^64 - 1 */), 0);
    struct wait_item item = {(int32_t)h, WAIT_READABLE, 0, 0};
    EXPECT_EQ(sys_wait_many((long)&item, 1, 100 * MS), 1);
    EXPECT_EQ(sys_sleep(20 * MS), 0);
    CHECK(now() - start < 2000 * MS, "the machine stalled for %lu ns",
          (unsigned long)(now() - start));
    EXPECT_EQ(sys_timer_set(h, -1L, 0), 1); /* exactly one expiration, then disarmed */
    EXPECT_EQ(sys_wait_many((long)&item, 1, 30 * MS), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

static int spin(uint64_t ms, bool check_xmm)
{
    uint64_t seed = (uint64_t)sys_getpid() * 0x9E3779B97F4A7C15ULL;
    uint64_t end = now() + ms * MS;
    if (end == ms * MS)
        return 2; /* no clock */
    while (now() < end) {
        if (check_xmm && kt_xmm_hold(seed))
            return 1;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    return 0;
}

static int child(int argc, char **argv)
{
    const char *mode = argv[1];
    uint64_t ms = argc > 2 ? (uint64_t)rt_atol(argv[2]) : 0;
    if (strcmp(mode, "spin") == 0)
        return spin(ms, false);
    if (strcmp(mode, "xmm") == 0)
        return spin(ms, true);
    return 99;
}

KT_MAIN(child)
