/* kt_signal, SIGCHLD: ignored by default, a handler runs on a child's exit
 * (USIG0019-0020). */
#include "sig.h"

/* ---- SIGCHLD ----------------------------------------------------------------------- */

static int exit_soon(void *arg)
{
    (void)arg;
    sys_sleep(10 * MS);
    return 3;
}

TEST(USIG0019, "SIGCHLD is ignored by default: a child's exit interrupts nothing")
{
    long pid = EXPECT_OK(kt_fork(exit_soon, NULL));
    EXPECT_EQ(sys_sleep(100 * MS), 0); /* the child exits meanwhile */
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(3));
}

TEST(USIG0020, "with a SIGCHLD handler, a child's exit runs it")
{
    reset_record();
    INSTALL(SIGCHLD, record, 0, 0);
    long pid = kt_fork(exit_soon, NULL);
    long r = 0;
    if (pid > 0) {
        uint64_t end = rt_now_ns() + 3000 * MS;
        while (got_count == 0 && rt_now_ns() < end)
            r = sys_sleep(50 * MS);
    }
    DEFAULT(SIGCHLD);
    EXPECT_OK(pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(got_count, 1);
    EXPECT_EQ(got_sig, SIGCHLD);
    EXPECT_EQ(r, -EINTR); /* the sleep it arrived in was cut short */
}
