/* Cobalt's posix_spawn, replacing musl's src/process/posix_spawn.c.
 *
 * musl's version learns whether the child's exec failed through a
 * close-on-exec pipe; Cobalt has no pipes yet (a pipe server is a later
 * step) and the kernel keeps handles across exec, so nothing can tell the
 * parent that an exec succeeded. This version takes the other way POSIX
 * allows: posix_spawn returns once the child exists, and a child whose
 * set-up or exec fails exits with status 127 (docs/libc.md).
 *
 * The child comes from __clone(CLONE_VM | CLONE_VFORK), which on Cobalt is
 * fork with the child running on the given stack (arch/x86_64/clone.s). It
 * puts every handled signal back to its default, applies the file actions
 * in order and the attributes, then execs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include "fdop.h"
#include "lock.h"
#include "pthread_impl.h"
#include "syscall.h"

struct spawn_args {
    sigset_t oldmask;
    const char *path;
    const posix_spawn_file_actions_t *fa;
    const posix_spawnattr_t *attr;
    char *const *argv, *const *envp;
};

/* Every signal with a handler goes back to its default (ignored ones stay
 * ignored), and those the attributes name too. */
static void reset_signals(const posix_spawnattr_t *attr)
{
    struct sigaction sa = {0};
    sigset_t handled;
    __get_handler_set(&handled);
    for (int i = 1; i < _NSIG; i++) {
        int dfl = (attr->__flags & POSIX_SPAWN_SETSIGDEF) && sigismember(&attr->__def, i);
        if (!dfl && !sigismember(&handled, i))
            continue;
        if (!dfl) {
            __libc_sigaction(i, 0, &sa);
            if (sa.sa_handler == SIG_IGN)
                continue;
        }
        sa.sa_handler = SIG_DFL;
        sa.sa_flags = 0;
        __libc_sigaction(i, &sa, 0);
    }
}

static int file_action(const struct fdop *op)
{
    int fd;
    switch (op->cmd) {
    case FDOP_CLOSE:
        __syscall(SYS_close, op->fd);
        return 0;
    case FDOP_DUP2:
        if (op->srcfd == op->fd)
            return __syscall(SYS_fcntl, op->fd, F_SETFD, 0);
        fd = __syscall(SYS_dup2, op->srcfd, op->fd);
        return fd < 0 ? fd : 0;
    case FDOP_OPEN:
        fd = __syscall(SYS_open, op->path, op->oflag, op->mode);
        if (fd < 0 || fd == op->fd)
            return fd < 0 ? fd : 0;
        {
            int r = __syscall(SYS_dup2, fd, op->fd);
            __syscall(SYS_close, fd);
            return r < 0 ? r : 0;
        }
    case FDOP_CHDIR:
        return __syscall(SYS_chdir, op->path);
    case FDOP_FCHDIR:
        return __syscall(SYS_fchdir, op->fd);
    }
    return -EINVAL;
}

static int child(void *p)
{
    struct spawn_args *args = p;
    const posix_spawnattr_t *attr = args->attr;

    reset_signals(attr);
    if ((attr->__flags & POSIX_SPAWN_SETSID) && __syscall(SYS_setsid) < 0)
        _exit(127);
    if ((attr->__flags & POSIX_SPAWN_SETPGROUP) && __syscall(SYS_setpgid, 0, attr->__pgrp) < 0)
        _exit(127);
    if ((attr->__flags & POSIX_SPAWN_RESETIDS) && (__syscall(SYS_setgid, __syscall(SYS_getgid)) ||
                                                   __syscall(SYS_setuid, __syscall(SYS_getuid))))
        _exit(127);
    if (args->fa && args->fa->__actions) {
        const struct fdop *op = args->fa->__actions;
        while (op->next)
            op = op->next; /* the list is newest first */
        for (; op; op = op->prev) {
            if (file_action(op) < 0)
                _exit(127);
        }
    }
    pthread_sigmask(SIG_SETMASK,
                    (attr->__flags & POSIX_SPAWN_SETSIGMASK) ? &attr->__mask : &args->oldmask, 0);
    int (*exec)(const char *, char *const *, char *const *) =
        attr->__fn ? (int (*)())attr->__fn : execve;
    exec(args->path, args->argv, args->envp);
    _exit(127);
}

int posix_spawn(pid_t *restrict res, const char *restrict path,
                const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *restrict attr,
                char *const argv[restrict], char *const envp[restrict])
{
    char stack[8192];
    struct spawn_args args;
    int cs;

    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cs);
    args.path = path;
    args.fa = fa;
    args.attr = attr ? attr : &(const posix_spawnattr_t){0};
    args.argv = argv;
    args.envp = envp;
    /* The child must not run one of our handlers before it resets them. */
    pthread_sigmask(SIG_BLOCK, SIGALL_SET, &args.oldmask);
    LOCK(__abort_lock);
    pid_t pid = __clone(child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
    UNLOCK(__abort_lock);
    pthread_sigmask(SIG_SETMASK, &args.oldmask, 0);
    pthread_setcancelstate(cs, 0);
    if (pid < 0)
        return -pid;
    if (res)
        *res = pid;
    return 0;
}
