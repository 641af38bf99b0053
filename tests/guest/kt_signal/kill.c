/* kt_signal, COBALT_SIG_IGN and SIGKILL, -EINTR from blocking calls, per-thread
 * masks (USIG0013-0018). */
#include "sig.h"

/* ---- COBALT_SIG_IGN and SIGKILL ------------------------------------------------------------ */

TEST(USIG0013,
     "COBALT_SIG_IGN: a fatal-by-default signal is ignored; setting it drops a pending one")
{
    EXPECT_EQ(rt_sigaction(SIGTERM, RT_SIG_IGN, 0, 0), 0);
    EXPECT_EQ(self_kill(SIGTERM), 0); /* we live on */
    EXPECT_EQ(DEFAULT(SIGTERM), 0);
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(rt_sigaction(SIGUSR1, RT_SIG_IGN, 0, 0), 0); /* discards the pending one (POSIX) */
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(got_count, 0);
}

static int unkillable(void *arg)
{
    (void)arg;
    for (int sig = 1; sig < COBALT_NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP && rt_sigaction(sig, RT_SIG_IGN, 0, 0) != 0)
            return 2;
    }
    rt_sigprocmask(SIG_SETMASK, ~0ULL, NULL);
    mb->ready = 1;
    sys_sleep(5000 * MS);
    return 1;
}

TEST(USIG0014, "SIGKILL cannot be caught, ignored or blocked")
{
    EXPECT_EQ(rt_sigaction(SIGKILL, record, 0, 0), -EINVAL);
    EXPECT_EQ(rt_sigaction(SIGKILL, RT_SIG_IGN, 0, 0), -EINVAL);
    EXPECT_EQ(rt_sigaction(SIGSTOP, RT_SIG_IGN, 0, 0), -EINVAL);
    NEED_MAILBOX();
    long pid = EXPECT_OK(kt_fork(unkillable, NULL));
    CHECK(kt_await(&m->ready), "the child never got ready");
    int st = -1;
    EXPECT_EQ(sys_kill(pid, SIGTERM), 0);
    EXPECT_EQ(sys_kill(pid, SIGUSR1), 0);
    sys_sleep(20 * MS);
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN); /* ignored: still there */
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
}

/* ---- -EINTR ---------------------------------------------------------------------- */

static int sleeper(void *arg)
{
    (void)arg;
    mb->ready = 1;
    uint64_t t0 = rt_now_ns();
    long r = sys_sleep(5000 * MS);
    if (rt_now_ns() - t0 > 3000 * MS)
        return 10; /* slept on */
    return r == -EINTR ? (got_count == 1 ? 0 : 2) : 1;
}

static int futex_sleeper(void *arg)
{
    (void)arg;
    static volatile int word;
    mb->ready = 1;
    long r = sys_futex_wait((long)&word, 0, 0);
    return r == -EINTR ? (got_count == 1 ? 0 : 2) : 1;
}

static int wait_sleeper(void *arg)
{
    (void)arg;
    long pid = sys_fork();
    if (pid == 0) {
        sys_sleep(5000 * MS);
        rt_exit(0);
    }
    if (pid < 0)
        return 3;
    mb->ready = 1;
    int st = -1;
    long r = rt_wait(pid, &st, 0);
    sys_kill(pid, SIGKILL);
    rt_wait(pid, &st, 0);
    return r == -EINTR ? (got_count == 1 ? 0 : 2) : 1;
}

/* Forks fn (which inherits the SIGUSR1 handler), lets it block, sends SIGUSR1. */
static void interrupt_child(kt_fork_fn fn)
{
    struct mailbox *m = mailbox();
    CHECK(m != NULL, "no mailbox");
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    long pid = kt_fork(fn, NULL);
    DEFAULT(SIGUSR1);
    EXPECT_OK(pid);
    CHECK(kt_await(&m->ready), "the child never got ready");
    sys_sleep(30 * MS); /* now it blocks */
    EXPECT_EQ(sys_kill(pid, SIGUSR1), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "child status %#x (1: the call did not return -EINTR, 2: no handler)",
          st);
}

TEST(USIG0015, "a sleep interrupted by a handled signal from another process returns -EINTR")
{
    interrupt_child(sleeper);
}

TEST(USIG0016, "a futex_wait interrupted by a handled signal returns -EINTR")
{
    interrupt_child(futex_sleeper);
}

TEST(USIG0017, "a wait interrupted by a handled signal returns -EINTR")
{
    interrupt_child(wait_sleeper);
}

static volatile long worker_tid, worker_result, handler_tid;

static void note_tid(int sig)
{
    (void)sig;
    handler_tid = sys_gettid();
}

static int blocked_worker(void *arg)
{
    (void)arg;
    worker_tid = sys_gettid();
    worker_result = sys_sleep(3000 * MS);
    return 0;
}

TEST(USIG0018, "a signal goes to a thread that does not block it (masks are per thread)")
{
    handler_tid = worker_tid = 0;
    worker_result = 1;
    INSTALL(SIGUSR1, note_tid, 0, 0);
    void *top = rt_stack_alloc(64 << 10);
    CHECK(top != NULL, "no stack");
    volatile int blk = -1;
    /* The worker starts with our (empty) mask; only then do we block SIGUSR1. */
    EXPECT_OK(rt_thread_create(blocked_worker, NULL, top, NULL, &blk));
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    while (worker_tid == 0)
        sys_yield();
    sys_sleep(20 * MS);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(rt_thread_join(&blk), 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(handler_tid, worker_tid);
    EXPECT_EQ(worker_result, -EINTR);
}
