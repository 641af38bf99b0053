/* orbclient's "restart" scenario: Orbital is killed under a client's window;
 * the supervisor (init) starts a new Orbital, and libwindow re-attaches the
 * window by itself (docs/orbital-protocol.md, "Re-attaching"): run() then
 * gets a RESIZE of the same size, reports it and repaints. */
#include "orbclient.h"

#include <cobalt/abi.h>
#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <string.h>

static int find_orbital(void)
{
    static struct cobalt_proc_info procs[256];
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++)
        if (procs[i].state == 0 && strncmp(procs[i].name, "orbital", sizeof procs[i].name) == 0)
            return procs[i].pid;
    return -1;
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
    return 0; /* run() serves R: the re-attach happens in libwindow */
}
