/* libc tests: signals. Handlers run through the platform layer's signal
 * entry (lib/libc/src/signal.c), which gives them a siginfo_t and a
 * ucontext_t the kernel does not. */
#include "lt.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_sig, info_ok;

static void on_signal(int sig)
{
    hits++;
    last_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    hits++;
    last_sig = sig;
    /* The interrupted pc is somewhere in this program's text. */
    info_ok = si && si->si_signo == sig && uc && uc->uc_mcontext.gregs[REG_RIP] > 0x400000 &&
              uc->uc_mcontext.gregs[REG_RSP] != 0;
}

LT_CASE(LIBC0070, "sigaction and signal handlers run on raise; SA_SIGINFO gets siginfo and context")
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    LT_EQ(sigaction(SIGUSR1, &sa, 0), 0);
    hits = 0;
    LT_EQ(raise(SIGUSR1), 0);
    LT_EQ(hits, 1);
    LT_EQ(last_sig, SIGUSR1);
    struct sigaction old;
    LT_EQ(sigaction(SIGUSR1, 0, &old), 0);
    LT_CHECK(old.sa_handler == on_signal, "sigaction gave back another handler");
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    LT_EQ(sigaction(SIGUSR2, &sa, 0), 0);
    info_ok = 0;
    raise(SIGUSR2);
    LT_EQ(info_ok, 1);
    LT_CHECK(signal(SIGUSR1, SIG_IGN) == on_signal, "signal() returned the old handler");
    hits = 0;
    raise(SIGUSR1);
    LT_EQ(hits, 0);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    errno = 0;
    LT_CHECK(sigaction(SIGKILL, &sa, 0) == -1 && errno == EINVAL, "SIGKILL: errno %d", errno);
}

LT_CASE(LIBC0071, "sigprocmask: a blocked signal waits and arrives when unblocked")
{
    signal(SIGUSR1, on_signal);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    LT_EQ(sigprocmask(SIG_BLOCK, &set, &old), 0);
    hits = 0;
    raise(SIGUSR1);
    LT_EQ(hits, 0);
    sigset_t now;
    sigprocmask(SIG_SETMASK, 0, &now);
    LT_CHECK(sigismember(&now, SIGUSR1), "SIGUSR1 not in the mask");
    LT_EQ(sigprocmask(SIG_UNBLOCK, &set, 0), 0);
    LT_EQ(hits, 1);
    LT_EQ(pthread_sigmask(SIG_SETMASK, &old, 0), 0);
    signal(SIGUSR1, SIG_DFL);
}

static volatile sig_atomic_t child_ready;

static void on_ready(int sig)
{
    (void)sig;
    child_ready = 1;
}

static void child_exit3(int sig)
{
    (void)sig;
    _exit(3);
}

/* Waits (sigsuspend, with SIGUSR2 unblocked only there) until flag is set. */
static int wait_flag(volatile sig_atomic_t *flag)
{
    sigset_t during;
    sigprocmask(SIG_SETMASK, 0, &during);
    sigdelset(&during, SIGUSR2);
    sigdelset(&during, SIGCHLD);
    uint64_t deadline = lt_now_ns() + 5000000000ULL;
    while (!*flag && lt_now_ns() < deadline)
        sigsuspend(&during);
    return *flag;
}

LT_CASE(LIBC0072, "kill to a child: its handler runs; the default action ends it")
{
    signal(SIGUSR2, on_ready);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, &old);
    child_ready = 0;
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGUSR1, child_exit3);
        kill(getppid(), SIGUSR2); /* ready */
        for (;;)
            pause();
    }
    LT_CHECK(wait_flag(&child_ready), "the child never said it was ready");
    LT_EQ(kill(pid, SIGUSR1), 0);
    int st = 0;
    waitpid(pid, &st, 0);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "child status %#x", st);
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    LT_EQ(kill(pid, SIGTERM), 0);
    waitpid(pid, &st, 0);
    LT_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "killed child status %#x", st);
    errno = 0;
    LT_CHECK(kill(pid, SIGTERM) == -1 && errno == ESRCH, "kill of a reaped child: errno %d", errno);
    sigprocmask(SIG_SETMASK, &old, 0);
    signal(SIGUSR2, SIG_DFL);
}

static volatile sig_atomic_t got_chld;

static void on_chld(int sig)
{
    (void)sig;
    got_chld = 1;
}

LT_CASE(LIBC0073, "SIGCHLD: the handler runs when a child exits")
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, 0);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    got_chld = 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    LT_CHECK(wait_flag(&got_chld), "no SIGCHLD came");
    int st;
    LT_EQ(waitpid(pid, &st, 0), pid);
    sigprocmask(SIG_SETMASK, &old, 0);
    signal(SIGCHLD, SIG_DFL);
}

static pthread_t main_thread;

static void *poke_later(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 30000000};
    nanosleep(&ts, 0);
    pthread_kill(main_thread, SIGUSR1);
    return 0;
}

LT_CASE(LIBC0074, "sigsuspend returns after a handler ran and restores the mask")
{
    signal(SIGUSR1, on_signal);
    sigset_t block, old, during;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    hits = 0;
    main_thread = pthread_self();
    pthread_t t;
    pthread_create(&t, 0, poke_later, 0);
    sigemptyset(&during);
    errno = 0;
    int r = sigsuspend(&during);
    LT_CHECK(r == -1 && errno == EINTR, "sigsuspend gave %d errno %d", r, errno);
    LT_EQ(hits, 1);
    sigset_t now;
    sigprocmask(SIG_SETMASK, 0, &now);
    LT_CHECK(sigismember(&now, SIGUSR1), "the mask was not restored");
    pthread_join(t, 0);
    sigprocmask(SIG_SETMASK, &old, 0);
    signal(SIGUSR1, SIG_DFL);
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    _exit(sig == SIGSEGV && si->si_signo == SIGSEGV ? 42 : 43);
}

LT_CASE(LIBC0075, "a CPU fault runs the SIGSEGV handler; SA_RESETHAND; abort ends with SIGABRT")
{
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_segv;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSEGV, &sa, 0);
        volatile uintptr_t where = 16; /* an unmapped page (volatile: not a constant) */
        *(volatile int *)where = 1;
        _exit(1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "fault child status %#x", st);
    pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESETHAND;
        sigaction(SIGUSR1, &sa, 0);
        hits = 0;
        raise(SIGUSR1); /* handled once */
        if (hits != 1)
            _exit(2);
        raise(SIGUSR1); /* now the default: the end */
        _exit(1);
    }
    waitpid(pid, &st, 0);
    LT_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "SA_RESETHAND child status %#x", st);
    pid = fork();
    if (pid == 0)
        abort();
    waitpid(pid, &st, 0);
    LT_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "abort child status %#x", st);
}

int main(void)
{
    return lt_main();
}
