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
    long k = old > 0 ? cobalt_kill(old, 9) : -ESRCH;
    if (k < 0) {
        cobalt_log_printf("drvtest: kill %s (pid %d) failed: %ld", name, old, k);
        return -1;
    }
    uint64_t end = dt_now() + 3000 * MS;
    while (dt_now() < end) {
        int pid = dt_find_proc(name);
        if (pid > 0 && pid != old)
            return pid;
        cobalt_sleep(1 * MS);
    }
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++)
        cobalt_log_printf("drvtest: proc %d %s state %u threads %u", procs[i].pid, procs[i].name,
                          procs[i].state, procs[i].threads);
    return -1;
}
