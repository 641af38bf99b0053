/* shrun's interactive test (SHEL0012): dash -i on the slave of a pty pair,
 * with shrun on the master as a user at a terminal would be. Each step types
 * a line and waits (at most STEP_SECS) until the terminal shows what it
 * should: the prompt, the output of a command, the status of the last one. */
#define _XOPEN_SOURCE 700
#include "interactive.h"

#include <cobalt/debug.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STEP_SECS 10
#define SEEN_MAX  (16 * 1024)
#define PROMPT    "shel$ "

static char seen[SEEN_MAX + 1];
static size_t seen_len, seen_from; /* what the terminal showed; where the step began */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads the master until want appears after seen_from (then moves seen_from
 * past it) or the step's time is up; 0 or -1. */
static int expect(int m, const char *want)
{
    double end = now_s() + STEP_SECS;
    for (;;) {
        seen[seen_len] = 0;
        char *at = strstr(seen + seen_from, want);
        if (at) {
            seen_from = (size_t)(at - seen) + strlen(want);
            return 0;
        }
        double left = end - now_s();
        if (left <= 0 || seen_len == SEEN_MAX)
            return -1;
        /* The master is non-blocking: poll it every 10 ms. */
        ssize_t n = read(m, seen + seen_len, SEEN_MAX - seen_len);
        if (n > 0)
            seen_len += (size_t)n;
        else if (n == 0 || (errno != EAGAIN && errno != EINTR))
            return -1; /* the shell is gone */
        else
            usleep(10000);
    }
}

static int type(int m, const char *line)
{
    size_t n = strlen(line);
    return write(m, line, n) == (ssize_t)n ? 0 : -1;
}

int interactive_possible(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0)
        return 0;
    close(m);
    return 1;
}

/* The session: what to type, then what the terminal must show. */
static const struct step {
    const char *type, *want;
} steps[] = {
    {"", PROMPT},
    {"echo $((6 * 7))\n", "\r\n42\r\n" PROMPT},
    {"cd /tmp && pwd\n", "\r\n/tmp\r\n" PROMPT},
    {"echo one > shel0012; cat shel0012; rm shel0012\n", "\r\none\r\n" PROMPT},
    {"ls /nope; echo status $?\n", "ls: /nope: No such file or directory\r\nstatus 1\r\n" PROMPT},
    {"for i in 1 2; do\n", "> "},
    {"echo loop $i\n", "> "},
    {"done\n", "loop 1\r\nloop 2\r\n" PROMPT},
    {"echo piped | wc -c\n", "      6\r\n" PROMPT},
    {"exit 3\n", NULL},
};

int interactive_run(char *why, size_t max)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    const char *name = m >= 0 ? ptsname(m) : NULL;
    if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 || !name) {
        snprintf(why, max, "no pty pair: %s", strerror(errno));
        return -1;
    }
    char slave[64];
    snprintf(slave, sizeof slave, "%s", name);
    seen_len = seen_from = 0;
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(slave, O_RDWR);
        if (fd < 0)
            _exit(126);
        for (int i = 0; i < 3; i++)
            dup2(fd, i);
        if (fd > 2)
            close(fd);
        ioctl(0, TIOCSCTTY, 0);
        char *argv[] = {"sh", "-i", NULL};
        char *envp[] = {"PATH=/bin", "HOME=/", "TERM=vt100", "PS1=" PROMPT, NULL};
        execve("/bin/sh", argv, envp);
        _exit(127);
    }
    fcntl(m, F_SETFL, O_NONBLOCK);
    int ok = pid > 0;
    size_t i = 0;
    for (; ok && i < sizeof steps / sizeof steps[0]; i++) {
        if (type(m, steps[i].type) != 0)
            ok = 0;
        else if (steps[i].want && expect(m, steps[i].want) != 0)
            ok = 0;
    }
    int status = -1;
    double end = now_s() + STEP_SECS;
    while (pid > 0 && waitpid(pid, &status, WNOHANG) == 0) {
        if (now_s() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            status = -1;
            break;
        }
        /* Keep the terminal drained so the shell is never stuck writing. */
        char sink[256];
        if (read(m, sink, sizeof sink) < 0 && errno != EAGAIN)
            usleep(10000);
    }
    close(m);
    if (ok && status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 3)
        return 0;
    if (!ok)
        snprintf(why, max, "step %zu (typed '%.40s'): the terminal never showed '%.60s'", i,
                 steps[i - 1].type, steps[i - 1].want);
    else
        snprintf(why, max, "exit 3 gave status %#x", status);
    seen[seen_len] = 0;
    cobalt_log_printf("shrun: interactive transcript (%zu bytes):", seen_len);
    for (char *p = seen, *nl; *p; p = nl ? nl + 1 : p + strlen(p)) {
        nl = strchr(p, '\n');
        cobalt_log_printf("  | %.*s", nl ? (int)(nl - p) : (int)strlen(p), p);
    }
    return -1;
}
