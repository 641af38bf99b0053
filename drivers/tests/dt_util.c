/* Helpers of the drivers' test program (dt.h). */
#include "dt.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

int dt_failures;

void dt_verdict(const char *id, int ok, const char *why)
{
    cobalt_harness_printf("TEST %s %s%s%s", id, ok ? "PASS" : "FAIL", ok ? "" : " ", ok ? "" : why);
    if (!ok)
        dt_failures++;
}

uint64_t dt_now(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

int dt_open_retry(const char *path, int flags, unsigned ms)
{
    uint64_t end = dt_now() + ms * MS;
    for (;;) {
        int fd = open(path, flags);
        if (fd >= 0 || (errno != ENOENT && errno != EPIPE) || dt_now() > end)
            return fd;
        cobalt_sleep(2 * MS);
    }
}

static struct cobalt_proc_info procs[256];

int dt_find_proc(const char *name)
{
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++) {
        if (procs[i].state == 0 && strncmp(procs[i].name, name, sizeof procs[i].name) == 0)
            return procs[i].pid;
    }
    return -1;
}

int dt_kill_and_wait(const char *name, int *old_pid)
{
    int old = dt_find_proc(name);
    *old_pid = old;
    if (old < 0 || cobalt_kill(old, 9) < 0)
        return -1;
    uint64_t end = dt_now() + 3000 * MS;
    while (dt_now() < end) {
        int pid = dt_find_proc(name);
        if (pid > 0 && pid != old)
            return pid;
        cobalt_sleep(1 * MS);
    }
    return -1;
}
