/* orbclient's "restart" scenario: Orbital is killed under a client's window;
 * the supervisor (init) starts a new Orbital, and the client opens its window
 * again with the same place, size and title and repaints it: what the
 * protocol's re-attach design (docs/orbital-protocol.md) promises a client
 * can do by hand today. */
#include "orbclient.h"

#include <cobalt/abi.h>
#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

static int find_orbital(void)
{
    static struct cobalt_proc_info procs[256];
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++)
        if (procs[i].state == 0 && strncmp(procs[i].name, "orbital", sizeof procs[i].name) == 0)
            return procs[i].pid;
    return -1;
}

/* Damage requests until the dead server's EPIPE comes (3 s at most). */
static bool wait_for_epipe(struct cobalt_window *w)
{
    for (int tries = 0; tries < 300; tries++) {
        if (cobalt_window_damage(w, 0, 0, 1, 1) == -EPIPE)
            return true;
        usleep(10000);
    }
    return false;
}

int scenario_restart(pid_t *child)
{
    (void)child;
    if (open_win("R", "r", 240, 180, 420, 280, 0xFF8E44ADu) < 0)
        return 1;
    int old = find_orbital();
    if (old <= 0 || cobalt_kill(old, 9) != 0) {
        cobalt_harness_printf("ORBTEST cannot kill orbital (%d)", old);
        return 1;
    }
    cobalt_harness_printf("ORBTEST killed orbital %d", old);
    struct win *v = &wins[0];
    if (!wait_for_epipe(&v->w)) {
        cobalt_harness_printf("ORBTEST no EPIPE after orbital died");
        return 1;
    }
    cobalt_window_close(&v->w);
    nwins = 0;
    /* The new Orbital may not serve yet: libwindow's open waits for it. */
    if (open_win("R", "r", 240, 180, 420, 280, 0xFF8E44ADu) < 0)
        return 1;
    cobalt_harness_printf("ORBTEST reopened under orbital %d", find_orbital());
    return 0;
}
