/* kt_signal, masks: blocking in and around handlers, sigprocmask, pending
 * delivery, no queueing (USIG0005-0012). */
#include "sig.h"

/* ---- masks ----------------------------------------------------------------------- */

static volatile int depth, max_depth, runs;
static volatile uint64_t mask_inside;

static void nesting(int sig)
{
    depth++;
    runs++;
    if (depth > max_depth)
        max_depth = depth;
    rt_sigprocmask(SIG_BLOCK, 0, (uint64_t *)&mask_inside);
    if (runs == 1)
        self_kill(sig); /* the same signal again, from inside its handler */
    depth--;
}

static void reset_nesting(void)
{
    depth = max_depth = runs = 0;
    mask_inside = 0;
}

TEST(USIG0005, "the signal is blocked in its own handler; sent again, it runs after it")
{
    reset_nesting();
    INSTALL(SIGUSR1, nesting, 0, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(max_depth, 1);
    CHECK(mask_inside & RT_SIGBIT(SIGUSR1), "mask in the handler %#lx lacks SIGUSR1", mask_inside);
    uint64_t now = 1;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, 0, &now), 0);
    EXPECT_EQ(now, 0); /* sigreturn restored the mask */
}

TEST(USIG0006, "with SA_NODEFER the same signal nests inside its handler")
{
    reset_nesting();
    INSTALL(SIGUSR1, nesting, SA_NODEFER, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(max_depth, 2);
    CHECK(!(mask_inside & RT_SIGBIT(SIGUSR1)), "SA_NODEFER handler ran with SIGUSR1 blocked");
}

static volatile char order[8];
static volatile int order_n;

static void usr1_sends_usr2(int sig)
{
    (void)sig;
    order[order_n++] = 'a';
    self_kill(SIGUSR2); /* blocked by sa_mask: runs after this handler returns */
    order[order_n++] = 'b';
}

static void usr2_mark(int sig)
{
    (void)sig;
    order[order_n++] = 'c';
}

TEST(USIG0007, "sa_mask blocks its signals while the handler runs; they come after")
{
    order_n = 0;
    memset((void *)order, 0, sizeof order);
    INSTALL(SIGUSR1, usr1_sends_usr2, 0, RT_SIGBIT(SIGUSR2));
    INSTALL(SIGUSR2, usr2_mark, 0, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    DEFAULT(SIGUSR2);
    CHECK(order_n == 3 && order[0] == 'a' && order[1] == 'b' && order[2] == 'c',
          "order of handler steps '%s', expected 'abc' (a, b: SIGUSR1's; c: SIGUSR2's)",
          (const char *)order);
}

static void block_usr2_inside(int sig)
{
    (void)sig;
    got_count++;
    rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR2), NULL);
}

TEST(USIG0008, "mask changes made inside a handler are undone by sigreturn")
{
    reset_record();
    INSTALL(SIGUSR1, block_usr2_inside, 0, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(got_count, 1);
    uint64_t now = 1;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, 0, &now), 0);
    EXPECT_EQ(now, 0);
}

TEST(USIG0009, "sigprocmask block, unblock, setmask; a pending signal arrives on unblock")
{
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    uint64_t old = 1;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), &old), 0);
    EXPECT_EQ(old, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(got_count, 0); /* blocked: pending */
    EXPECT_EQ(rt_sigprocmask(SIG_UNBLOCK, RT_SIGBIT(SIGUSR1), &old), 0);
    EXPECT_EQ(old, RT_SIGBIT(SIGUSR1));
    EXPECT_EQ(got_count, 1); /* delivered on the way back from sigprocmask */
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, RT_SIGBIT(SIGUSR1) | RT_SIGBIT(SIGHUP), &old), 0);
    EXPECT_EQ(old, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(got_count, 1);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, &old), 0);
    EXPECT_EQ(old, RT_SIGBIT(SIGUSR1) | RT_SIGBIT(SIGHUP));
    EXPECT_EQ(got_count, 2);
    EXPECT_EQ(got_sig, SIGUSR1);
    DEFAULT(SIGUSR1);
}

TEST(USIG0010, "a signal sent three times while blocked is delivered once (not queued)")
{
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    for (int i = 0; i < 3; i++)
        EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(got_count, 1);
}

static int send_usr1_to(void *arg)
{
    return sys_kill((long)(uintptr_t)arg, SIGUSR1) == 0 ? 0 : 1;
}

TEST(USIG0011, "a signal from another process while blocked is delivered on unblock")
{
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    int st = -1;
    long r = kt_fork_wait(send_usr1_to, (void *)(uintptr_t)sys_getpid(), &st);
    int before = got_count;
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_OK(r);
    EXPECT_EQ(st, RT_EXITED(0));
    EXPECT_EQ(before, 0);
    EXPECT_EQ(got_count, 1);
}

TEST(USIG0012, "SIGKILL and SIGSTOP cannot be blocked: setmask(all) leaves them out")
{
    uint64_t now = 0;
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, ~0ULL, NULL), 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, &now), 0);
    CHECK(!(now & RT_SIGBIT(SIGKILL)) && !(now & RT_SIGBIT(SIGSTOP)),
          "mask after setmask(all) is %#lx: SIGKILL or SIGSTOP blocked", now);
    CHECK(now & RT_SIGBIT(SIGUSR1), "mask after setmask(all) is %#lx: SIGUSR1 missing", now);
}
