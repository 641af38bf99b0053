/* kt_badargs/signals.c: bad arguments to sigaction, sigprocmask and
 * sigreturn (its child is in main.c). Owns UBAD0065-0070. */
#include "kt_badargs.h"

/* ---- signals --------------------------------------------------------------- */

static struct cobalt_sigaction act_of(uint64_t handler, uint64_t flags)
{
    struct cobalt_sigaction a = {handler, flags, 0, 0};
    return a;
}

TEST(UBAD0065, "sigaction of a signal outside 1..64 fails with -EINVAL")
{
    struct cobalt_sigaction a = act_of(COBALT_SIG_IGN, 0);
    EXPECT_EQ(sys_sigaction(0, (long)&a, 0), -EINVAL);
    EXPECT_EQ(sys_sigaction(65, (long)&a, 0), -EINVAL);
    EXPECT_EQ(sys_sigaction(-1, (long)&a, 0), -EINVAL);
}

TEST(UBAD0066, "sigaction changing SIGKILL or SIGSTOP fails with -EINVAL")
{
    struct cobalt_sigaction a = act_of(COBALT_SIG_IGN, 0);
    EXPECT_EQ(sys_sigaction(SIGKILL, (long)&a, 0), -EINVAL);
    EXPECT_EQ(sys_sigaction(SIGSTOP, (long)&a, 0), -EINVAL);
}

TEST(UBAD0067, "sigaction with unknown flags or a handler without a restorer: -EINVAL")
{
    struct cobalt_sigaction a = act_of(COBALT_SIG_IGN, 0x1);
    EXPECT_EQ(sys_sigaction(SIGUSR1, (long)&a, 0), -EINVAL);
    a = act_of((uint64_t)(uintptr_t)thread_ret_entry, 0); /* a handler, no SA_RESTORER */
    EXPECT_EQ(sys_sigaction(SIGUSR1, (long)&a, 0), -EINVAL);
}

TEST(UBAD0068, "sigaction with a bad act or oldact pointer: -EFAULT, the action unchanged")
{
    struct cobalt_sigaction ign = act_of(COBALT_SIG_IGN, 0), dfl = act_of(COBALT_SIG_DFL, 0), old;
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&ign, 0), 0);
    EXPECT_EQ(sys_sigaction(SIGUSR2, KERNEL_HALF, 0), -EFAULT);
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)unmapped(), 0), -EFAULT);
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&dfl, KERNEL_HALF), -EFAULT);
    memset(&old, 0x5a, sizeof old);
    EXPECT_EQ(sys_sigaction(SIGUSR2, 0, (long)&old), 0); /* query */
    EXPECT_EQ(old.handler, COBALT_SIG_IGN);
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&dfl, 0), 0);
}

TEST(UBAD0069, "sigprocmask with a bad how or pointer fails, the mask unchanged")
{
    uint64_t set = 1ULL << (SIGUSR1 - 1), old = 0;
    EXPECT_EQ(sys_sigprocmask(3, (long)&set, 0), -EINVAL);
    EXPECT_EQ(sys_sigprocmask(-1, (long)&set, 0), -EINVAL);
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, KERNEL_HALF, 0), -EFAULT);
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, (long)&set, KERNEL_HALF), -EFAULT);
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, (long)&set, (long)&ro_u64_c), -EFAULT);
    uint64_t none = 0;
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, (long)&none, (long)&old), 0);
    EXPECT_EQ(old, 0); /* nothing got blocked by the failed calls */
}

TEST(UBAD0070, "sigreturn with an unreadable frame ends the process with SIGSEGV")
{
    EXPECT_CHILD("sigreturn", "", RT_KILLED(SIGSEGV));
}
