/* kt_kill: kill with SIGKILL and SIGTERM's default action, on children that
 * run, sleep, wait on a futex or have several threads, and kill's errors
 * (docs/syscalls.md). Owns UKIL*. */
#include "kt.h"

/* Spawns child `mode`, gives it time to get going, kills it with `sig`, and
 * checks kill's result and the wait status. */
static void kill_child(const char *mode, int sig)
{
    long pid = kt_spawn_self(mode, "");
    if (pid < 0) {
        char b[32];
        KT_FAIL("spawn (%s) = %s", mode, rt_fmt_result(b, sizeof b, pid));
        return;
    }
    rt_sleep_ns(30 * MS); /* let it reach its loop, sleep or futex_wait */
    long r = sys_kill(pid, sig);
    if (r != 0) {
        char b[32];
        KT_FAIL("kill(%ld, %d) = %s, expected 0", pid, sig, rt_fmt_result(b, sizeof b, r));
        return; /* the child may live on: it ends by itself after a few seconds */
    }
    uint64_t t0 = rt_now_ns();
    int st = -1;
    r = rt_wait(pid, &st, 0);
    uint64_t d = rt_now_ns() - t0;
    if (r != pid || st != RT_KILLED(sig)) {
        char b[32], s[48];
        KT_FAIL("after kill(%d): wait = %s, status %s", sig, rt_fmt_result(b, sizeof b, r),
                rt_fmt_status(s, sizeof s, st));
        return;
    }
    if (d > 3000 * MS)
        KT_FAIL("the killed child (%s) took %lu ms to end", mode, d / MS);
}

TEST(UKIL0001, "kill(SIGKILL) ends a busy child; wait reports signal 9")
{
    kill_child("spin", SIGKILL);
}

TEST(UKIL0002, "kill(SIGTERM) ends a child by default; wait reports signal 15")
{
    kill_child("spin", SIGTERM);
}

TEST(UKIL0003, "kill ends a child blocked in a long sleep, promptly")
{
    kill_child("sleep", SIGKILL);
}

TEST(UKIL0004, "kill ends a child blocked in futex_wait")
{
    kill_child("futex", SIGKILL);
}

TEST(UKIL0005, "kill ends a child with several running threads")
{
    kill_child("threads", SIGKILL);
}

TEST(UKIL0006, "kill of a pid that does not exist fails with -ESRCH")
{
    EXPECT_EQ(sys_kill(999999, SIGKILL), -ESRCH);
}

TEST(UKIL0007, "kill with a signal outside 1..64 fails with -EINVAL and kills nothing")
{
    long pid = EXPECT_OK(kt_spawn_self("sleep", ""));
    EXPECT_EQ(sys_kill(pid, 0), -EINVAL);
    EXPECT_EQ(sys_kill(pid, 65), -EINVAL);
    EXPECT_EQ(sys_kill(pid, -9), -EINVAL);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN);
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
}

TEST(UKIL0008, "kill of pid 1 (the first process) fails with -EPERM")
{
    /* ktest, our parent, is the first process: pid 1. */
    EXPECT_EQ(sys_getppid(), 1);
    EXPECT_EQ(sys_kill(1, SIGKILL), -EPERM);
    EXPECT_EQ(sys_kill(1, SIGTERM), -EPERM);
}

TEST(UKIL0009, "a process can kill itself")
{
    EXPECT_CHILD("suicide", "", RT_KILLED(SIGKILL));
}

TEST(UKIL0010, "kill of a reaped child's pid fails with -ESRCH")
{
    long pid = EXPECT_OK(kt_spawn_self("exit", ""));
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(sys_kill(pid, SIGKILL), -ESRCH);
}

TEST(UKIL0011, "signals whose default is to be ignored leave the child running")
{
    long pid = EXPECT_OK(kt_spawn_self("sleep", ""));
    static const int ignored[] = {SIGCHLD, SIGURG, SIGWINCH, SIGCONT};
    for (int i = 0; i < 4; i++)
        EXPECT_EQ(sys_kill(pid, ignored[i]), 0);
    rt_sleep_ns(30 * MS);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN); /* still running */
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
}

TEST(UKIL0012, "other signals (SIGHUP, SIGINT, SIGUSR1, SIGPIPE, SIGALRM) end the child")
{
    static const int fatal[] = {SIGHUP, SIGINT, SIGUSR1, SIGPIPE, SIGALRM};
    for (int i = 0; i < 5; i++) {
        kill_child("sleep", fatal[i]);
        KT_RETURN_IF_FAILED();
    }
}

/* ---- children: each ends by itself after a few seconds if never killed ---- */

static int spin_thread(void *arg)
{
    (void)arg;
    uint64_t end = rt_now_ns() + 5000 * MS;
    while (rt_now_ns() < end)
        ;
    return 0;
}

static int child(int argc, char **argv)
{
    (void)argc;
    const char *mode = argv[1];
    if (strcmp(mode, "spin") == 0)
        return spin_thread(NULL) + 1;
    if (strcmp(mode, "sleep") == 0) {
        rt_sleep_ns(5000 * MS);
        return 1;
    }
    if (strcmp(mode, "futex") == 0) {
        static volatile int word;
        sys_futex_wait((long)&word, 0, 5000 * MS);
        return 1;
    }
    if (strcmp(mode, "threads") == 0) {
        for (int i = 0; i < 3; i++) {
            void *top = rt_stack_alloc(64 << 10);
            if (!top || rt_thread_create(spin_thread, NULL, top, NULL, NULL) < 0)
                return 2;
        }
        return spin_thread(NULL) + 1;
    }
    if (strcmp(mode, "suicide") == 0) {
        sys_kill(sys_getpid(), SIGKILL);
        return 1;
    }
    if (strcmp(mode, "exit") == 0)
        return 0;
    return 99;
}

KT_MAIN(child)
