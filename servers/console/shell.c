/* shell: starts the console's shell on a new pty pair (shell.h). The child
 * opens the slave itself, so the pty server counts it as the terminal's
 * session (docs/pty.md: who gets ^C), makes it fds 0, 1 and 2, and execs. */
#define _XOPEN_SOURCE 700
#include "shell.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static char *const shell_env[] = {
    "PATH=/bin", "HOME=/home", "TERM=vt100", "SHELL=/bin/sh", "USER=root", "PS1=cobalt$ ", NULL,
};

int session_start(struct session *s, char *const argv[])
{
    s->master = -1;
    s->pid = 0;
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0)
        return -errno;
    const char *name = ptsname(m);
    if (grantpt(m) < 0 || unlockpt(m) < 0 || !name) {
        int e = errno;
        close(m);
        return -e;
    }
    struct winsize ws = {24, 80, 0, 0};
    ioctl(m, TIOCSWINSZ, &ws);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(m);
        return -e;
    }
    if (pid == 0) {
        int fd = open(name, O_RDWR);
        if (fd < 0)
            _exit(126);
        for (int i = 0; i < 3; i++)
            dup2(fd, i);
        if (fd > 2)
            close(fd);
        ioctl(0, TIOCSCTTY, 0);
        execve(argv[0], argv, shell_env);
        _exit(127);
    }
    /* Non-blocking: input for a shell that does not read is dropped (as a
     * terminal's overflow) rather than stall the relay of its output. */
    fcntl(m, F_SETFL, O_NONBLOCK);
    s->master = m;
    s->pid = pid;
    return 0;
}

void session_end(struct session *s)
{
    if (s->master >= 0)
        close(s->master);
    s->master = -1;
}
