/* ps: lists the processes the kernel knows (sysinfo SYSINFO_PROCESSES):
 * pid, parent pid, threads, state (R alive, Z exited but not yet collected)
 * and name. */
#include <cobalt/sys.h>

#include "lib/cmd.h"

#include <stdio.h>
#include <stdlib.h>

#define PROCS_MAX 1024

static struct cobalt_proc_info procs[PROCS_MAX];

static int by_pid(const void *a, const void *b)
{
    const struct cobalt_proc_info *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    if (argc > 1)
        cmd_usage("(no options)");
    long r = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    if (r < 0) {
        cmd_warn("sysinfo: error %ld", -r);
        return 1;
    }
    size_t n = (size_t)r / sizeof procs[0];
    qsort(procs, n, sizeof procs[0], by_pid);
    printf("%5s %5s %3s %s %s\n", "PID", "PPID", "THR", "S", "NAME");
    for (size_t i = 0; i < n; i++)
        printf("%5d %5d %3u %c %.*s\n", procs[i].pid, procs[i].ppid, procs[i].threads,
               procs[i].state == 0 ? 'R' : 'Z', (int)sizeof procs[i].name, procs[i].name);
    return 0;
}
