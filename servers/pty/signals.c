/* signals: who a terminal's signals (^C, ^\, ^Z, SIGWINCH, SIGHUP) go to.
 *
 * Cobalt's kernel has no process groups or sessions, so the rule here stands
 * in for them (docs/pty.md): the foreground is the pid set with TIOCSPGRP
 * (tcsetpgrp) while it lives, else the processes that opened the slave (the
 * shell the console started); the signal goes to each of them and to all of
 * their live descendants (found with sysinfo(SYSINFO_PROCESSES)), which is
 * what a job's process group would hold. */
#include "pty.h"

#include <cobalt/sys.h>

#define PROCS_MAX 256

static struct cobalt_proc_info procs[PROCS_MAX];

static int alive(int pid, long n)
{
    for (long i = 0; i < n; i++)
        if (procs[i].pid == pid && procs[i].state == 0)
            return 1;
    return 0;
}

/* Whether pid is root or descends from it (the chain is bounded). */
static int under(int pid, int root, long n)
{
    for (int depth = 0; depth < PROCS_MAX && pid > 0; depth++) {
        if (pid == root)
            return 1;
        int parent = 0;
        for (long i = 0; i < n; i++)
            if (procs[i].pid == pid)
                parent = procs[i].ppid;
        pid = parent;
    }
    return 0;
}

static long snapshot(void)
{
    long r = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    return r > 0 ? r / (long)sizeof procs[0] : 0;
}

int pty_fg_pid(const struct pair *p)
{
    long n = snapshot();
    if (p->fg > 0 && alive(p->fg, n))
        return p->fg;
    for (int i = 0; i < p->nsession; i++)
        if (alive(p->session[i], n))
            return p->session[i];
    return p->fg > 0 ? p->fg : 0;
}

void pty_signal_fg(struct pair *p, int sig)
{
    long n = snapshot();
    int roots[SESSION_MAX + 1], nroots = 0;
    if (p->fg > 0 && alive(p->fg, n)) {
        roots[nroots++] = p->fg;
    } else {
        for (int i = 0; i < p->nsession; i++)
            roots[nroots++] = p->session[i];
    }
    for (long i = 0; i < n; i++) {
        if (procs[i].state != 0 || procs[i].pid == cobalt_getpid())
            continue;
        for (int r = 0; r < nroots; r++) {
            if (under(procs[i].pid, roots[r], n)) {
                cobalt_kill(procs[i].pid, sig);
                break;
            }
        }
    }
}
