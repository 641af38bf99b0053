/* signals: who a terminal's signals (^C, ^\, ^Z, SIGWINCH, SIGHUP) go to.
 *
 * Cobalt's kernel has no process groups or sessions, so the rule here stands
 * in for them (docs/pty.md): the foreground is the pid set with TIOCSPGRP
 * (tcsetpgrp) and the other processes that set the same pid (a pipeline's
 * later processes: its "group") while they live, else the processes that
 * opened the slave (the shell the console started); the signal goes to each
 * of them and to all of their live descendants (found with
 * sysinfo(SYSINFO_PROCESSES)), which is what a job's process group would hold. TIOCSPGRP takes only
 * a pid of that session (an opener or one of its descendants), as POSIX's "a process group in the
 * same session": a terminal cannot aim its signals elsewhere. */
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

static int listed(int pid, long n)
{
    for (long i = 0; i < n; i++)
        if (procs[i].pid == pid)
            return 1;
    return 0;
}

static int in_session(const struct pair *p, int pid, long n)
{
    for (int i = 0; i < p->nsession; i++)
        if (under(pid, p->session[i], n))
            return 1;
    return 0;
}

int pty_fg_allowed(const struct pair *p, int pid, int caller)
{
    long n = snapshot();
    /* A pid that is gone may name a job whose first process already exited
     * (a pipeline's pgid): the caller must then be of the session itself. */
    if (!listed(pid, n))
        return in_session(p, caller, n);
    return in_session(p, pid, n);
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

void pty_set_fg(struct pair *p, int pid, int caller)
{
    if (pid != p->fg) {
        p->fg = pid;
        p->nfg_members = 0;
    }
    long n = snapshot();
    if (caller == pid || under(pid, caller, n))
        return; /* the shell handing the terminal to its job is not in the job */
    for (int i = 0; i < p->nfg_members; i++)
        if (p->fg_members[i] == caller)
            return;
    if (p->nfg_members < FG_MAX)
        p->fg_members[p->nfg_members++] = caller;
}

void pty_signal_fg(struct pair *p, int sig)
{
    long n = snapshot();
    int roots[FG_MAX + SESSION_MAX + 1], nroots = 0;
    if (p->fg > 0 && alive(p->fg, n))
        roots[nroots++] = p->fg;
    for (int i = 0; p->fg > 0 && i < p->nfg_members; i++)
        if (alive(p->fg_members[i], n))
            roots[nroots++] = p->fg_members[i];
    if (!nroots) {
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
