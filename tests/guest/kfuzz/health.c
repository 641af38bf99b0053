/* kfuzz: the health check after the run (FUZZ0002): the kernel still spawns, passes
 * messages and collects exits; orphans of dead workers are collected first. */
#include "kfuzz.h"

/* ---- the health check ------------------------------------------------------------------------ */

#define HEALTH_SCHEME "kfuzz-health"

/* The child's side of the IPC check: answer OPEN and one WRITE, then see the CLOSE. */
static noreturn void health_server(int ep)
{
    static struct scheme_request req;
    static char buf[64];
    for (int step = 0; step < 3; step++) {
        long n = sys_scheme_recv(ep, (long)&req, (long)buf, sizeof buf, 0);
        if (n < 0)
            rt_exit(10 + step);
        if (step == 0 && req.op == SCHEME_OPEN)
            sys_scheme_reply(ep, (long)req.tag, 7, 0, 0);
        else if (step == 1 && req.op == SCHEME_WRITE && n == 4 && memcmp(buf, "ping", 4) == 0)
            sys_scheme_reply(ep, (long)req.tag, n, 0, 0);
        else if (step == 2 && req.op == SCHEME_CLOSE && req.id == 7)
            rt_exit(0);
        else
            rt_exit(20 + step);
    }
    rt_exit(30);
}

/* ", children: pid (name, threads)..." from sysinfo, or "" where the kernel has no sysinfo. */
static void list_children(char *out, size_t size)
{
    static struct cobalt_proc_info info[64];
    out[0] = '\0';
    long n = sys_sysinfo(SYSINFO_PROCESSES, (long)info, sizeof info);
    int used = 0;
    for (long i = 0; n > 0 && i < n / (long)sizeof info[0] && used < (int)size; i++) {
        if (info[i].ppid == 1) {
            info[i].name[sizeof info[i].name - 1] = '\0';
            used += ksnprintf(out + used, size - (size_t)used, "%s%d (%s, %u threads%s)",
                              used ? " " : ", children: ", info[i].pid, info[i].name,
                              info[i].threads, info[i].state ? ", exited" : "");
        }
    }
}

/* Orphans of dead workers are adopted by the first process (as init): those still running
 * at the end get a second to exit, then SIGKILL; "" when all are collected. */
const char *collect_orphans(void)
{
    static char why[160];
    static struct cobalt_proc_info info[64];
    uint64_t start = rt_now_ns();
    bool killed = false;
    for (;;) {
        int st;
        long pid = sys_wait(-1, (long)&st, WAIT_NOHANG);
        if (pid > 0)
            continue;
        if (pid == -ECHILD)
            return "";
        uint64_t waited = rt_now_ns() - start;
        if (waited > 1000 * MS && !killed) {
            long n = sys_sysinfo(SYSINFO_PROCESSES, (long)info, sizeof info);
            for (long i = 0; n > 0 && i < n / (long)sizeof info[0]; i++) {
                if (info[i].ppid == 1 && !info[i].state) {
                    info[i].name[sizeof info[i].name - 1] = '\0';
                    rt_log("kfuzz: orphan pid %d (%s) still running after the run: SIGKILL",
                           info[i].pid, info[i].name);
                    sys_kill(info[i].pid, SIGKILL);
                }
            }
            killed = true;
        }
        if (waited > KILL_GRACE_NS) {
            char who[96];
            list_children(who, sizeof who);
            ksnprintf(why, sizeof why, "a child of the first process outlived SIGKILL%s", who);
            return why;
        }
        struct wait_item it = {WAIT_CHILDREN, WAIT_READABLE, 0, 0};
        sys_wait_many((long)&it, 1, TICK_NS);
    }
}

const char *health_check(void)
{
    static char why[320];
    char st_text[48];
    int st = -1;
    long r = sys_wait(-1, (long)&st, WAIT_NOHANG);
    if (r != -ECHILD) {
        /* Every worker was collected: a child left now is one the kernel made or kept. */
        char who[128];
        list_children(who, sizeof who);
        struct wait_item it = {WAIT_CHILDREN, WAIT_READABLE, 0, 0};
        sys_wait_many((long)&it, 1, 3000 * MS);
        long pid = sys_wait(-1, (long)&st, WAIT_NOHANG);
        fmt_status(st_text, sizeof st_text, st);
        ksnprintf(why, sizeof why,
                  "a child is still there after every worker was collected (wait gave %ld%s); "
                  "3 s later wait gave %ld%s%s",
                  r, who, pid, pid > 0 ? ", " : "", pid > 0 ? st_text : "");
        return why;
    }
    /* spawn and exit */
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    long pid = rt_spawn("bin/kt_tiny", argv, envp);
    if (pid < 0) {
        ksnprintf(why, sizeof why, "spawn of bin/kt_tiny failed: %ld", pid);
        return why;
    }
    r = rt_wait(pid, &st, 0);
    if (r != pid || st != RT_EXITED(42)) {
        fmt_status(st_text, sizeof st_text, st);
        ksnprintf(why, sizeof why, "bin/kt_tiny: wait gave %ld, %s; expected exit 42", r, st_text);
        return why;
    }
    /* IPC: a forked server answers an open and a write from this process */
    long ep = sys_scheme_register((long)HEALTH_SCHEME, sizeof HEALTH_SCHEME - 1);
    if (ep < 0) {
        ksnprintf(why, sizeof why, "scheme_register(%s) failed: %ld", HEALTH_SCHEME, ep);
        return why;
    }
    pid = sys_fork();
    if (pid == 0)
        health_server((int)ep);
    sys_handle_close(ep);
    if (pid < 0) {
        ksnprintf(why, sizeof why, "fork of the IPC server failed: %ld", pid);
        return why;
    }
    static const char path[] = HEALTH_SCHEME ":check";
    long h = sys_open((long)path, sizeof path - 1, 0);
    long wr = h >= 0 ? sys_write(h, (long)"ping", 4) : 0;
    long cl = h >= 0 ? sys_handle_close(h) : 0;
    r = rt_wait(pid, &st, 0);
    if (h < 0 || wr != 4 || cl != 0 || r != pid || st != 0) {
        fmt_status(st_text, sizeof st_text, st);
        ksnprintf(why, sizeof why,
                  "IPC: open %ld, write %ld (expected 4), close %ld, server wait %ld with %s", h,
                  wr, cl, r, st_text);
        return why;
    }
    /* memory still comes and goes */
    volatile uint64_t *p = rt_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, 0);
    if (!p)
        return "mmap_anon of one page failed after the run";
    uint64_t fresh = *p;
    *p = 0x6B66757A7A;
    uint64_t back = *p;
    long un = sys_munmap((long)p, PAGE_SIZE);
    if (fresh != 0 || back != 0x6B66757A7A || un != 0) {
        ksnprintf(why, sizeof why,
                  "a fresh page at %p read %#lx before the write (expected 0) and %#lx after "
                  "writing 0x6b66757a7a; munmap gave %ld",
                  (void *)p, fresh, back, un);
        return why;
    }
    return 0;
}
