/* kt_fork: what a child inherits: handles (its close is its own), signal
 * actions and the caller's mask, but not pending signals. */
#include "fork.h"

/* ---- handles and signals across fork ------------------------------------------------ */

static int handle_child(void *arg)
{
    (void)arg;
    long a = sys_shm_map(shared_handle, 0, RW); /* the same handle number works here */
    if (a < 0)
        return 1;
    *(volatile long *)a = 0xABCD;
    if (sys_shm_unmap(a) != 0)
        return 2;
    return sys_handle_close(shared_handle) == 0 ? 0 : 3;
}

TEST(UFRK0008, "handles are copied: an shm handle works in the child; its close is its own")
{
    shared_handle = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_FORK(handle_child, NULL, RT_EXITED(0));
    long a = EXPECT_OK(sys_shm_map(shared_handle, 0, RW)); /* still open here */
    EXPECT_EQ(*(volatile long *)a, 0xABCD);
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_handle_close(shared_handle), 0);
}

static int sigstate_child(void *arg)
{
    (void)arg;
    uint64_t mask = 0;
    struct cobalt_sigaction old;
    if (rt_sigprocmask(SIG_BLOCK, 0, &mask) != 0 || !(mask & RT_SIGBIT(SIGUSR1)) ||
        !(mask & RT_SIGBIT(SIGUSR2)))
        return 1; /* the mask did not come along */
    if (sys_sigaction(SIGUSR1, 0, (long)&old) != 0 || old.handler != (uintptr_t)on_usr1)
        return 2; /* the action did not come along */
    usr1_count = 0;
    rt_sigprocmask(SIG_UNBLOCK, RT_SIGBIT(SIGUSR1), NULL);
    if (usr1_count != 0)
        return 3; /* the parent's pending SIGUSR1 was inherited */
    sys_kill(sys_getpid(), SIGUSR1);
    return usr1_count == 1 ? 0 : 4;
}

TEST(UFRK0009, "the child gets the signal actions and the caller's mask, not pending signals")
{
    EXPECT_EQ(rt_sigaction(SIGUSR1, on_usr1, 0, 0), 0);
    uint64_t old = 0;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1) | RT_SIGBIT(SIGUSR2), &old), 0);
    usr1_count = 0;
    EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0); /* pending here */
    int st = -1;
    long r = kt_fork_wait(sigstate_child, NULL, &st);
    EXPECT_EQ(usr1_count, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, old, NULL), 0); /* the pending one arrives now */
    EXPECT_EQ(usr1_count, 1);
    EXPECT_EQ(rt_sigaction(SIGUSR1, RT_SIG_DFL, 0, 0), 0);
    EXPECT_OK(r);
    CHECK(st == RT_EXITED(0),
          "child status %#x (1: mask lost, 2: action lost, 3: pending inherited, 4: no handler)",
          st);
}
