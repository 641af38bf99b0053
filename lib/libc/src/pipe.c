/* pipe and pipe2 on the pipe: scheme (servers/pipe; the protocol is
 * <cobalt/pipe.h>, docs/pipes.md): open "pipe:new" for the read end, ask it
 * for the pipe's token, open "pipe:<token>" for the write end (the server
 * posts each end's poll readiness with its open's answer). popen needs
 * nothing more: musl's uses pipe2 and posix_spawn. */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <cobalt/pipe.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>

#define PIPE_NEW "pipe:new"

static long make_pipe(int *fds, long flags)
{
    /* Rule: pipe2 takes O_CLOEXEC and O_NONBLOCK (no packet mode). */
    if (flags & ~(long)(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    long nb = flags & O_NONBLOCK;
    long r = __cobalt_trap3(CSYS_open, PIPE_NEW, sizeof PIPE_NEW - 1, O_RDONLY | nb);
    if (r < 0)
        return r == -ENOENT ? -ENFILE : r; /* no pipe server (yet) */
    char path[5 + PIPE_TOKEN_LEN + 1] = "pipe:";
    long t =
        __cobalt_trap6(CSYS_fcall, r, PIPE_FCALL_TOKEN, 0, 0, (long)(path + 5), PIPE_TOKEN_LEN + 1);
    long w = t < 0 ? t : __cobalt_trap3(CSYS_open, path, 5 + PIPE_TOKEN_LEN, O_WRONLY | nb);
    if (w < 0) {
        __cobalt_trap1(CSYS_handle_close, r);
        return w;
    }
    __cobalt_fd_opened((int)r, O_RDONLY | flags);
    __cobalt_fd_opened((int)w, O_WRONLY | flags);
    fds[0] = (int)r;
    fds[1] = (int)w;
    return 0;
}

/* Linux's pipe never fails with EINTR, and callers do not retry it (dash says
 * "Pipe call failed"), but each step above is a request a signal handler can
 * interrupt (a SIGCHLD from a child that just exited, typically): start again. */
static long make_pipe_retrying(int *fds, long flags)
{
    long r;
    do
        r = make_pipe(fds, flags);
    while (r == -EINTR);
    return r;
}

int __cobalt_pipe(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, make_pipe_retrying((int *)a[0], 0));
}

int __cobalt_pipe2(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, make_pipe_retrying((int *)a[0], a[1]));
}
