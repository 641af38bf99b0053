/* kt_badargs/proc.c: bad arguments to the process calls: spawn, wait, kill
 * and exec (a failed spawn or exec leaves no child and the caller runs on).
 * Owns UBAD0011-0029, 0059, 0064. */
#include "kt_badargs.h"

/* ---- spawn ------------------------------------------------------------------ */

static const char *const tiny_argv[] = {"bin/kt_tiny", NULL};
static const char *const no_env[] = {NULL};

static long spawn_raw(long path, long len, long argv, long envp, long flags)
{
    long r = sys_spawn(path, len, argv, envp, flags);
    if (r >= 0) /* should not happen: reap it so it does not linger */
        rt_wait(r, NULL, 0);
    return r;
}

#define TINY     ((long)"bin/kt_tiny")
#define TINY_LEN 11
#define ARGV     ((long)tiny_argv)
#define ENVP     ((long)no_env)

/* A child that has exited and not been reaped yet (kt_tiny exits 42). */
static long exited_child(void)
{
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    return rt_spawn("bin/kt_tiny", argv, envp);
}

TEST(UBAD0011, "spawn with a NULL path fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(0, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
}

TEST(UBAD0012, "spawn with a kernel-half, non-canonical or low path fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(KERNEL_HALF, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(KERNEL_IMAGE, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(NONCANONICAL, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(LOW_PTR, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
}

TEST(UBAD0013, "spawn with an unmapped or straddling path fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(unmapped(), TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    NEED_EDGE();
    memcpy(e + PAGE_SIZE - 4, "bin/", 4); /* "bin/" then the unmapped page */
    EXPECT_EQ(spawn_raw((long)(e + PAGE_SIZE - 4), TINY_LEN, ARGV, ENVP, 0), -EFAULT);
}

TEST(UBAD0014, "spawn with path_len 0, 256 or negative fails with -EINVAL")
{
    static char long_path[300];
    memset(long_path, 'a', sizeof long_path);
    EXPECT_EQ(spawn_raw(TINY, 0, ARGV, ENVP, 0), -EINVAL);
    EXPECT_EQ(spawn_raw((long)long_path, SPAWN_PATH_MAX + 1, ARGV, ENVP, 0), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, -1, ARGV, ENVP, 0), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, 0x100000000L + TINY_LEN, ARGV, ENVP, 0), -EINVAL);
}

TEST(UBAD0015, "spawn with unknown flags fails with -EINVAL")
{
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, 2), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, 0x80000000L), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, -1), -EINVAL);
}

TEST(UBAD0016, "spawn with an argv array pointer that is bad fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, KERNEL_HALF, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, NONCANONICAL, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)unmapped(), ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, LOW_PTR, ENVP, 0), -EFAULT);
}

TEST(UBAD0017, "spawn with an argv string pointer that is bad fails with -EFAULT")
{
    const char *argv[] = {"bin/kt_tiny", NULL, NULL};
    argv[1] = (const char *)KERNEL_HALF;
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
    argv[1] = (const char *)unmapped();
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
    argv[1] = (const char *)NONCANONICAL;
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
}

TEST(UBAD0018, "spawn with a bad envp array or envp string fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, KERNEL_HALF, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, (long)unmapped(), 0), -EFAULT);
    const char *envp[] = {"A=1", (const char *)KERNEL_IMAGE, NULL};
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, (long)envp, 0), -EFAULT);
}

TEST(UBAD0019, "spawn with an argv string that runs into an unmapped page fails with -EFAULT")
{
    NEED_EDGE();
    memset(e + PAGE_SIZE - 8, 'z', 8); /* no NUL before the unmapped page */
    const char *argv[] = {"bin/kt_tiny", (const char *)(e + PAGE_SIZE - 8), NULL};
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
}

TEST(UBAD0020, "spawn with an argv array that runs into an unmapped page fails with -EFAULT")
{
    NEED_EDGE();
    const char **arr = (const char **)(e + PAGE_SIZE - 2 * sizeof(char *));
    arr[0] = "bin/kt_tiny";
    arr[1] = "no-NULL-after-me";
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)arr, ENVP, 0), -EFAULT);
}

TEST(UBAD0021, "the failed spawns above left no child behind")
{
    int st = -1;
    EXPECT_EQ(rt_wait(-1, &st, WAIT_NOHANG), -ECHILD);
}

/* ---- wait ------------------------------------------------------------------- */

/* wait(pid, bad) must fail with `err` and leave the child to be reaped. */
static void wait_bad_ptr(long bad, long err)
{
    long pid = exited_child();
    if (pid < 0) {
        char b[32];
        KT_FAIL("spawn(bin/kt_tiny) = %s", rt_fmt_result(b, sizeof b, pid));
        return;
    }
    /* A blocking wait: once the child has exited there is a status to store,
     * and storing it must fail without reaping the child. */
    long r = rt_wait(pid, (int *)bad, 0);
    if (r != err) {
        char g[32], w[32];
        KT_FAIL("wait(%ld, %#lx) = %s, expected %s", pid, (unsigned long)bad,
                rt_fmt_result(g, sizeof g, r), rt_fmt_result(w, sizeof w, err));
        if (r == pid)
            return; /* it reaped: nothing left to check */
    }
    int st = -1;
    r = rt_wait(pid, &st, 0);
    if (r != pid || st != RT_EXITED(42)) {
        char b[32], s[48];
        KT_FAIL("after the failed wait, wait(%ld) = %s with %s: the child should still be there",
                pid, rt_fmt_result(b, sizeof b, r), rt_fmt_status(s, sizeof s, st));
    }
}

TEST(UBAD0022, "wait with a kernel-half status pointer fails with -EFAULT, child kept")
{
    wait_bad_ptr(KERNEL_HALF, -EFAULT);
}

TEST(UBAD0023, "wait with an unmapped status pointer fails with -EFAULT, child kept")
{
    wait_bad_ptr(unmapped(), -EFAULT);
}

TEST(UBAD0024, "wait with a read-only status pointer fails with -EFAULT, child kept")
{
    wait_bad_ptr((long)&ro_word, -EFAULT);
    EXPECT_EQ(ro_word, 0x5a5a5a5a);
}

TEST(UBAD0025, "wait with options other than 0 or 1 fails with -EINVAL, child kept")
{
    long pid = EXPECT_OK(exited_child());
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 2), -EINVAL);
    EXPECT_EQ(rt_wait(pid, &st, -1), -EINVAL);
    EXPECT_EQ(rt_wait(pid, &st, 0x100000001L), -EINVAL);
    EXPECT_EQ(st, -1);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(42));
}

TEST(UBAD0026, "wait stores a 32-bit int: the bytes around it stay untouched")
{
    long pid = EXPECT_OK(exited_child());
    static volatile uint32_t box[3] = {0xAAAAAAAA, 0xBBBBBBBB, 0xCCCCCCCC};
    EXPECT_EQ(rt_wait(pid, (int *)&box[1], 0), pid);
    EXPECT_EQ(box[0], 0xAAAAAAAA);
    EXPECT_EQ(box[1], RT_EXITED(42));
    EXPECT_EQ(box[2], 0xCCCCCCCC);
}

TEST(UBAD0027, "wait with a status pointer straddling an unmapped page: -EFAULT, nothing stored")
{
    NEED_EDGE();
    long pid = EXPECT_OK(exited_child());
    volatile unsigned char *p = e + PAGE_SIZE - 2;
    p[0] = 0x11, p[1] = 0x22;
    EXPECT_EQ(rt_wait(pid, (int *)(uintptr_t)p, 0), -EFAULT);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), pid); /* the child was not reaped */
    CHECK(p[0] == 0x11 && p[1] == 0x22, "the failed wait wrote half its status (%#x %#x)", p[0],
          p[1]);
}

/* ---- kill ------------------------------------------------------------------- */

TEST(UBAD0028, "kill with a signal outside 1..64 fails with -EINVAL and kills nothing")
{
    long pid = EXPECT_OK(kt_spawn_self("sleep", "")); /* alive for 5 s */
    EXPECT_EQ(sys_kill(pid, 0), -EINVAL);
    EXPECT_EQ(sys_kill(pid, 65), -EINVAL);
    EXPECT_EQ(sys_kill(pid, -1), -EINVAL);
    EXPECT_EQ(sys_kill(pid, 0x100000009L), -EINVAL);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN);
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
}

TEST(UBAD0029, "kill of a pid nobody has fails with -ESRCH")
{
    EXPECT_EQ(sys_kill(999999, SIGTERM), -ESRCH);
    EXPECT_EQ(sys_kill(0x7fffffffL, SIGKILL), -ESRCH);
}

/* ---- spawn with the I/O grant ------------------------------------------------ */

TEST(UBAD0059, "spawn with SPAWN_GRANT_IO from a process that may not do I/O: -EPERM")
{
    /* ktest spawned us without SPAWN_GRANT_IO. */
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, SPAWN_GRANT_IO), -EPERM);
}

/* ---- exec: fails as spawn does, and the caller goes on --------------------- */

TEST(UBAD0064, "exec with bad arguments fails like spawn and the caller runs on")
{
    const char *motd_argv[] = {"etc/motd", NULL};
    EXPECT_EQ(sys_exec(0, TINY_LEN, ARGV, ENVP), -EFAULT);
    EXPECT_EQ(sys_exec(KERNEL_HALF, TINY_LEN, ARGV, ENVP), -EFAULT);
    EXPECT_EQ(sys_exec(TINY, 0, ARGV, ENVP), -EINVAL);
    EXPECT_EQ(sys_exec((long)"bin/none", 8, ARGV, ENVP), -ENOENT);
    EXPECT_EQ(sys_exec((long)"etc/motd", 8, (long)motd_argv, ENVP), -ENOEXEC);
    EXPECT_EQ(sys_exec((long)"bin/bad/wx", 10, ARGV, ENVP), -ENOEXEC);
    EXPECT_EQ(sys_exec(TINY, TINY_LEN, KERNEL_HALF, ENVP), -EFAULT);
    EXPECT_EQ(sys_exec(TINY, TINY_LEN, ARGV, KERNEL_HALF), -EFAULT);
}
