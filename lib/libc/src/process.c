/* Processes: ids, fork, exec, exit, wait, kill, limits.
 *
 * fork is the kernel's fork (copy-on-write; only the calling thread goes
 * on). clone reaches here only from a raw syscall(SYS_clone): without
 * CLONE_VM it is fork; threads and vfork-style children are made by
 * __clone (arch/x86_64/clone.s). execve closes the close-on-exec fds and
 * runs a program of the boot image ("/bin/x" is "bin/x"), passing the working
 * directory in the environment (path.c). Cobalt has no
 * users, process groups or sessions: every process is root, its own group
 * and session (docs/libc.md). */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>

#include "atomic.h"

int __cobalt_getpid(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_translate(c, CSYS_getpid, 0, 0, 0, 0, 0, 0);
}

int __cobalt_getppid(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_translate(c, CSYS_getppid, 0, 0, 0, 0, 0, 0);
}

int __cobalt_fork(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_translate(c, CSYS_fork, 0, 0, 0, 0, 0, 0);
}

/* Raw clone(flags, stack, ptid, ctid, tls): only the fork-like form. */
int __cobalt_clone(struct cobalt_call *c, const long *a)
{
    if (a[0] & (CLONE_VM | CLONE_THREAD | CLONE_VFORK) || a[1])
        return cobalt_done(c, -ENOSYS); /* only __clone can move to another stack */
    return cobalt_translate(c, CSYS_fork, 0, 0, 0, 0, 0, 0);
}

/* More environment entries than this fail with E2BIG (the copy is on the stack). */
#define ENV_MAX 4096

int __cobalt_execve(struct cobalt_call *c, const long *a)
{
    long len = __cobalt_exec_path((const char *)a[0], c->path, sizeof c->path);
    if (len < 0)
        return cobalt_done(c, len);
    if (len == 0 || len > SPAWN_PATH_MAX)
        return cobalt_done(c, len ? -ENAMETOOLONG : -ENOENT);
    static char *const empty[] = {0};
    char *const *env = a[2] ? (char *const *)a[2] : empty;
    /* The environment, plus the working directory for the new program (path.c). */
    size_t n = 0;
    while (env[n])
        n++;
    if (n > ENV_MAX)
        return cobalt_done(c, -E2BIG);
    char cwd_entry[COBALT_PATH_MAX + 32];
    long cwd_len = __cobalt_cwd_env(cwd_entry, sizeof cwd_entry);
    if (cwd_len < 0)
        return cobalt_done(c, cwd_len);
    const char *envp[n + 2];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!__cobalt_is_cwd_env(env[i]))
            envp[k++] = env[i];
    if (cwd_len > 0)
        envp[k++] = cwd_entry;
    envp[k] = 0;
    /* The kernel keeps handles across exec: close-on-exec is done here,
     * before the exec (so a failed exec has lost them: docs/libc.md). */
    __cobalt_fd_close_on_exec();
    const long argv = a[1] ? a[1] : (long)empty;
    /* Made here, not translated: envp and cwd_entry live in this frame. */
    return cobalt_done(c, __cobalt_trap4(CSYS_exec, c->path, len, argv, envp));
}

int __cobalt_exit(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_thread_exit, a[0], 0, 0, 0, 0, 0);
}

int __cobalt_exit_group(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_exit, a[0] & 0xff, 0, 0, 0, 0, 0);
}

/* Which children: a pid, or -1 for any. Cobalt has no process groups, so
 * "my group" (0) and "group g" (< -1) mean any child. */
static long wait_pid(long pid)
{
    return pid > 0 ? pid : -1;
}

int __cobalt_wait4(struct cobalt_call *c, const long *a)
{
    long options = a[2];
    if (options & ~(long)(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE | __WNOTHREAD))
        return cobalt_done(c, -EINVAL);
    c->post = POST_WAIT4;
    c->ctx[0] = a[1];
    c->ctx[1] = a[3];
    c->ctx[2] = 0;
    return cobalt_translate(c, CSYS_wait, wait_pid(a[0]), (long)&c->ctx[2],
                            (options & WNOHANG) ? WAIT_NOHANG : 0, 0, 0, 0);
}

int __cobalt_waitid(struct cobalt_call *c, const long *a)
{
    long type = a[0], id = a[1], options = a[3];
    if (!(options & WEXITED) || (options & WNOWAIT))
        return cobalt_done(c, (options & WNOWAIT) ? -ENOSYS : -EINVAL);
    if (type != P_ALL && type != P_PID)
        return cobalt_done(c, type == P_PGID ? -ENOSYS : -EINVAL);
    c->post = POST_WAITID;
    c->ctx[0] = a[2];
    c->ctx[1] = a[4];
    c->ctx[2] = 0;
    return cobalt_translate(c, CSYS_wait, type == P_PID ? id : -1, (long)&c->ctx[2],
                            (options & WNOHANG) ? WAIT_NOHANG : 0, 0, 0, 0);
}

hidden long __cobalt_finish_process(struct cobalt_call *c, long r)
{
    int status = (int)c->ctx[2];
    if (c->ctx[1])
        memset((void *)c->ctx[1], 0, sizeof(struct rusage));
    if (c->post == POST_WAIT4) {
        /* WNOHANG with no child ready: Linux says 0. */
        if (r == -EAGAIN)
            return 0;
        if (r > 0 && c->ctx[0])
            *(int *)c->ctx[0] = status;
        return r;
    }
    siginfo_t *si = (siginfo_t *)c->ctx[0];
    if (r == -EAGAIN) {
        if (si)
            memset(si, 0, sizeof *si);
        return 0;
    }
    if (r > 0 && si) {
        memset(si, 0, sizeof *si);
        si->si_signo = SIGCHLD;
        si->si_pid = (pid_t)r;
        if (WIFEXITED(status)) {
            si->si_code = CLD_EXITED;
            si->si_status = WEXITSTATUS(status);
        } else {
            si->si_code = CLD_KILLED;
            si->si_status = WTERMSIG(status);
        }
    }
    return r > 0 ? 0 : r;
}

/* kill(pid, 0): does pid exist (alive, not yet a zombie)? The kernel has no
 * signal 0, so the process table (sysinfo SYSINFO_PROCESSES) is read into
 * pages mapped for the purpose (no malloc here), grown while it says ERANGE. */
static long process_exists(long pid)
{
    for (unsigned long len = 16384; len <= (1ul << 20); len *= 4) {
        long at = __cobalt_trap4(CSYS_mmap_anon, 0, len, PROT_READ | PROT_WRITE, 0);
        if (at < 0)
            return at;
        long n = __cobalt_trap3(CSYS_sysinfo, SYSINFO_PROCESSES, at, len);
        long r = n == -ERANGE ? 1 : n < 0 ? n : -ESRCH;
        const struct cobalt_proc_info *info = (const struct cobalt_proc_info *)at;
        for (long i = 0; n > 0 && i < n / (long)sizeof *info; i++)
            if (info[i].pid == pid && info[i].state == 0)
                r = 0;
        __cobalt_trap2(CSYS_munmap, at, len);
        if (r != 1)
            return r;
    }
    return -ENOMEM;
}

/* kill: one process; signal 0 only checks that it exists. Groups (pid <= 0)
 * do not exist. */
int __cobalt_kill(struct cobalt_call *c, const long *a)
{
    long pid = a[0], sig = a[1];
    if (sig < 0 || sig >= 65)
        return cobalt_done(c, -EINVAL);
    if (pid <= 0)
        return cobalt_done(c, pid == 0 || pid == -1 ? -ENOSYS : -ESRCH);
    if (sig == 0) {
        long me = __cobalt_trap0(CSYS_getpid);
        return cobalt_done(c, pid == me ? 0 : process_exists(pid));
    }
    return cobalt_translate(c, CSYS_kill, pid, sig, 0, 0, 0, 0);
}

/* getpgid(pid) and getpgrp(): every process is its own group. */
int __cobalt_getpgid(struct cobalt_call *c, const long *a)
{
    long me = __cobalt_trap0(CSYS_getpid);
    return cobalt_done(c, a[0] == 0 || a[0] == me ? me : -ESRCH);
}

int __cobalt_getsid(struct cobalt_call *c, const long *a)
{
    return __cobalt_getpgid(c, a);
}

/* Limits: the open-file limit is the handle table, the main stack is the
 * kernel's 1 MiB; nothing else is limited. Limits cannot be changed. */
static void limit_of(long res, struct rlimit *out)
{
    out->rlim_cur = out->rlim_max = RLIM_INFINITY;
    if (res == RLIMIT_NOFILE)
        out->rlim_cur = out->rlim_max = COBALT_FD_MAX;
    else if (res == RLIMIT_STACK)
        out->rlim_cur = out->rlim_max = 1024 * 1024;
    else if (res == RLIMIT_CORE)
        out->rlim_cur = out->rlim_max = 0;
}

int __cobalt_prlimit64(struct cobalt_call *c, const long *a)
{
    long pid = a[0], res = a[1];
    const struct rlimit *new = (const struct rlimit *)a[2];
    struct rlimit *old = (struct rlimit *)a[3];
    if (pid != 0 && pid != __cobalt_trap0(CSYS_getpid))
        return cobalt_done(c, -ESRCH);
    if (res < 0 || res >= RLIM_NLIMITS)
        return cobalt_done(c, -EINVAL);
    struct rlimit cur;
    limit_of(res, &cur);
    if (new && (new->rlim_cur != cur.rlim_cur || new->rlim_max != cur.rlim_max))
        return cobalt_done(c, -EPERM);
    if (old)
        *old = cur;
    return cobalt_done(c, 0);
}

int __cobalt_getrlimit(struct cobalt_call *c, const long *a)
{
    const long b[4] = {0, a[0], 0, a[1]};
    return __cobalt_prlimit64(c, b);
}

/* No per-process accounting in the kernel: usage reads as zero. */
int __cobalt_getrusage(struct cobalt_call *c, const long *a)
{
    if (a[0] != RUSAGE_SELF && a[0] != RUSAGE_CHILDREN && a[0] != RUSAGE_THREAD)
        return cobalt_done(c, -EINVAL);
    memset((void *)a[1], 0, sizeof(struct rusage));
    return cobalt_done(c, 0);
}

/* times: zero CPU times; the result is the monotonic clock in 1/100 s. */
int __cobalt_times(struct cobalt_call *c, const long *a)
{
    if (a[0])
        memset((void *)a[0], 0, sizeof(struct tms));
    return cobalt_done(c, (long)(__cobalt_now_ns(CLOCK_MONOTONIC_NS) / 10000000ULL));
}

static volatile int umask_value = 022;

/* umask is kept here and applied to the modes open, creat and mkdir send. */
int __cobalt_umask(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, a_swap(&umask_value, (int)(a[0] & 0777)));
}

int __cobalt_current_umask(void)
{
    return umask_value;
}
