/* kt_fork: fork from inside a signal handler, and orphans: a child whose
 * parent has exited is no longer that parent's child. */
#include "fork.h"

/* ---- fork inside a handler, orphans ----------------------------------------------------- */

static volatile long handler_fork;

static void fork_in_handler(int sig)
{
    (void)sig;
    handler_fork = sys_fork();
}

TEST(UFRK0017, "fork inside a signal handler: both return through sigreturn")
{
    long me = sys_getpid();
    handler_fork = -1;
    EXPECT_EQ(rt_sigaction(SIGUSR1, fork_in_handler, 0, 0), 0);
    EXPECT_EQ(sys_kill(me, SIGUSR1), 0);
    if (sys_getpid() != me) {
        /* The child, back from its own sigreturn: the handler's mask undone. */
        uint64_t mask = ~0ULL;
        rt_sigprocmask(SIG_BLOCK, 0, &mask);
        rt_exit(handler_fork == 0 && !(mask & RT_SIGBIT(SIGUSR1)) ? 0 : 1);
    }
    EXPECT_EQ(rt_sigaction(SIGUSR1, RT_SIG_DFL, 0, 0), 0);
    long pid = handler_fork;
    CHECK(pid > 0, "fork in the handler = %ld", pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "the child's return from the handler went wrong (status %#x)", st);
}

static int orphan_maker(void *arg)
{
    (void)arg;
    long pid = sys_fork();
    if (pid == 0) {
        sys_sleep(100 * MS); /* the parent is gone by then */
        mb->word = sys_getppid();
        mb->go = 1;
        rt_exit(0);
    }
    return pid > 0 ? 0 : 1; /* exits at once: its child is an orphan */
}

TEST(UFRK0018, "an orphan's getppid is no longer its dead parent's pid, nor 0 (POSIX)")
{
    NEED_MAILBOX();
    long pid = EXPECT_OK(kt_fork(orphan_maker, NULL));
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    CHECK(kt_await(&m->go), "the orphan never reported");
    CHECK(m->word != pid && m->word != 0,
          "the orphan's getppid() = %ld (its parent %ld has exited; POSIX reparents it to a "
          "system process)",
          m->word, pid);
}
