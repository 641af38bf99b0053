/* kt_fork: exec: the program replaced (argv/envp, the same pid, handles
 * kept), a failed exec changes nothing, other threads ended, handlers
 * reset; and the program's child modes, which are what runs after exec. */
#include "fork.h"

/* ---- exec ------------------------------------------------------------------------ */

static long exec_path(const char *path, const char *const *argv, const char *const *envp)
{
    return sys_exec((long)path, (long)strlen(path), (long)argv, (long)envp);
}

/* Counts in mb->ticks until mb->stop: the threads exec must end (UFRK0013). */
static int ticker(void *arg)
{
    (void)arg;
    while (!mb->stop) {
        mb->ticks++;
        sys_yield();
    }
    return 0;
}

static int exec_tiny(void *arg)
{
    (void)arg;
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    exec_path("bin/kt_tiny", argv, envp);
    return 100; /* exec returned */
}

TEST(UFRK0010, "exec bin/kt_tiny replaces the program: the process exits 42")
{
    EXPECT_FORK(exec_tiny, NULL, RT_EXITED(42));
}

static int exec_check(void *arg)
{
    (void)arg;
    char pid[24], h[24];
    ksnprintf(pid, sizeof pid, "%ld", sys_getpid());
    ksnprintf(h, sizeof h, "%ld", shared_handle);
    const char *argv[] = {kt_self, "exec-check", pid, h, "fourth argument", NULL};
    const char *envp[] = {"KT_A=1", "KT_B=two words", NULL};
    exec_path(kt_self, argv, envp);
    return 100;
}

/* Runs after exec: argv/envp, the same pid, the handle still open. */
static int after_exec_check(int argc, char **argv, char **envp)
{
    if (argc != 5 || strcmp(argv[4], "fourth argument") != 0)
        return 1;
    if (!envp[0] || strcmp(envp[0], "KT_A=1") != 0 || !envp[1] ||
        strcmp(envp[1], "KT_B=two words") != 0 || envp[2])
        return 2;
    if (sys_getpid() != rt_atol(argv[2]))
        return 3;
    long a = sys_shm_map(rt_atol(argv[3]), 0, RW);
    if (a < 0)
        return 4;
    *(volatile long *)a = 0x5EC0;
    return 0;
}

TEST(UFRK0011, "exec passes argv and envp, keeps the pid and the handles")
{
    shared_handle = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_FORK(exec_check, NULL, RT_EXITED(0));
    long a = EXPECT_OK(sys_shm_map(shared_handle, 0, RW));
    EXPECT_EQ(*(volatile long *)a, 0x5EC0);
    sys_shm_unmap(a);
    sys_handle_close(shared_handle);
}

static volatile long spin_ticks;

static int spinner(void *arg)
{
    (void)arg;
    while (spin_ticks >= 0) { /* until the process ends */
        spin_ticks++;
        sys_yield();
    }
    return 0;
}

static int failed_exec(void *arg)
{
    (void)arg;
    volatile long stack_var = 31337;
    data_var = 77;
    if (rt_sigaction(SIGUSR1, on_usr1, 0, 0) != 0)
        return 20;
    void *top = stack_top();
    if (!top || rt_thread_create(spinner, NULL, top, NULL, NULL) < 0)
        return 21;
    static const struct {
        const char *path;
        long err;
    } cases[] = {{"bin/does-not-exist", -ENOENT}, {"bin/bad/machine", -ENOEXEC},
                 {"bin/bad/wx", -ENOEXEC},        {"bin/bad/empty", -ENOEXEC},
                 {"etc/motd", -ENOEXEC},          {"bin/kt_tiny", 0}};
    for (int i = 0; cases[i].err; i++) {
        const char *argv[] = {cases[i].path, NULL};
        const char *envp[] = {NULL};
        long r = exec_path(cases[i].path, argv, envp);
        if (r != cases[i].err) {
            rt_log("kt_fork: exec(%s) = %ld, expected %ld", cases[i].path, r, cases[i].err);
            return 1 + i;
        }
    }
    if (data_var != 77 || stack_var != 31337)
        return 10; /* memory changed */
    long t0 = spin_ticks;
    sys_sleep(30 * MS);
    if (spin_ticks == t0)
        return 11; /* the other thread is gone */
    usr1_count = 0;
    sys_kill(sys_getpid(), SIGUSR1);
    if (usr1_count != 1)
        return 12; /* the handler is gone */
    return 0;
}

TEST(UFRK0012, "a failed exec (missing file, bad ELF) returns its error and changes nothing")
{
    EXPECT_FORK(failed_exec, NULL, RT_EXITED(0));
}

static int exec_threads(void *arg)
{
    (void)arg;
    long h = sys_shm_create(PAGE_SIZE);
    long a = h >= 0 ? sys_shm_map(h, 0, RW) : -1;
    if (a < 0)
        return 20;
    mb = (struct mailbox *)a; /* the tickers count in this page */
    for (int i = 0; i < 2; i++) {
        void *top = stack_top();
        if (!top || rt_thread_create(ticker, NULL, top, NULL, NULL) < 0)
            return 21;
    }
    while (mb->ticks < 10)
        sys_yield();
    char hs[24];
    ksnprintf(hs, sizeof hs, "%ld", h);
    const char *argv[] = {kt_self, "after-exec", hs, NULL};
    const char *envp[] = {NULL};
    exec_path(kt_self, argv, envp);
    return 100;
}

/* Runs after exec: the tickers of the old program must be gone. */
static int after_exec_threads(char **argv)
{
    long a = sys_shm_map(rt_atol(argv[2]), 0, RW);
    if (a < 0)
        return 1;
    volatile struct mailbox *box = (struct mailbox *)a;
    long t0 = box->ticks;
    sys_sleep(80 * MS);
    return box->ticks == t0 ? 0 : 2;
}

TEST(UFRK0013, "exec from a multi-threaded process ends the other threads")
{
    EXPECT_FORK(exec_threads, NULL, RT_EXITED(0));
}

static void on_usr2(int sig)
{
    (void)sig;
}

static int exec_sigs(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGUSR1, on_usr1, 0, 0) || rt_sigaction(SIGUSR2, RT_SIG_IGN, 0, 0) ||
        rt_sigaction(SIGTERM, on_usr2, 0, 0))
        return 20;
    rt_sigprocmask(SIG_SETMASK, RT_SIGBIT(SIGHUP), NULL);
    const char *argv[] = {kt_self, "exec-sigs", NULL};
    const char *envp[] = {NULL};
    exec_path(kt_self, argv, envp);
    return 100;
}

static int after_exec_sigs(void)
{
    struct cobalt_sigaction a;
    if (sys_sigaction(SIGUSR1, 0, (long)&a) != 0 || a.handler != COBALT_SIG_DFL)
        return 1;
    if (sys_sigaction(SIGTERM, 0, (long)&a) != 0 || a.handler != COBALT_SIG_DFL)
        return 2;
    if (sys_sigaction(SIGUSR2, 0, (long)&a) != 0 || a.handler != COBALT_SIG_IGN)
        return 3;
    uint64_t mask = 0;
    if (rt_sigprocmask(SIG_BLOCK, 0, &mask) != 0 || mask != RT_SIGBIT(SIGHUP))
        return 4;
    sys_kill(sys_getpid(), SIGUSR2); /* ignored: nothing happens */
    return 0;
}

TEST(UFRK0014, "exec resets handlers to COBALT_SIG_DFL, keeps COBALT_SIG_IGN and the mask (POSIX)")
{
    int st = -1;
    long r = kt_fork_wait(exec_sigs, NULL, &st);
    EXPECT_OK(r);
    CHECK(
        st == RT_EXITED(0),
        "status %#x (1, 2: a handler survived exec, 3: COBALT_SIG_IGN was reset, 4: mask changed)",
        st);
}

static int child(int argc, char **argv)
{
    const char *mode = argv[1];
    if (strcmp(mode, "exec-check") == 0)
        return after_exec_check(argc, argv, rt_envp);
    if (strcmp(mode, "after-exec") == 0 && argc == 3)
        return after_exec_threads(argv);
    if (strcmp(mode, "exec-sigs") == 0)
        return after_exec_sigs();
    return 99;
}

KT_MAIN(child)
