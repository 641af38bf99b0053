/* ktest: the guest test runner, started by the kernel as the first process
 * (boot option init=bin/ktest, tests/cases/kernel_user.py). It spawns each
 * area program in turn, waits for it (killing it after a time limit), and
 * reports one verdict per program on the harness channel, besides the
 * programs' own per-case verdicts. It exits 0 when every program exited 0,
 * else 1; the kernel then prints EXIT <status>.
 *
 * With arguments naming programs (kt_mem or bin/kt_mem) it runs only those. */
#include "rt.h"

#define PROGRAM_TIME_LIMIT (60 * 1000 * MS) /* per program; QEMU TCG is slow */

struct program {
    const char *path;
    const char *id;   /* this runner's verdict for the program: stable forever */
    long spawn_flags; /* SPAWN_GRANT_IO for the programs that test the driver calls */
};

static const struct program programs[] = {
    {"bin/kt_basic", "URUN0010", 0},
    {"bin/kt_spawn", "URUN0011", 0},
    {"bin/kt_mem", "URUN0012", 0},
    {"bin/kt_fault", "URUN0013", 0},
    {"bin/kt_sched", "URUN0014", 0},
    {"bin/kt_thread", "URUN0015", 0},
    {"bin/kt_kill", "URUN0016", 0},
    {"bin/kt_badargs", "URUN0017", 0},
    {"bin/kt_fork", "URUN0018", 0},
    {"bin/kt_signal", "URUN0019", 0},
    {"bin/kt_ipc", "URUN0020", 0},
    {"bin/kt_shm", "URUN0021", 0},
    {"bin/kt_wait", "URUN0022", 0},
    {"bin/kt_dev", "URUN0023", SPAWN_GRANT_IO},
    {"bin/kt_devshm", "URUN0024", SPAWN_GRANT_IO},
};
#define NPROGRAMS (sizeof programs / sizeof programs[0])

static void verdict(const char *id, bool pass, const char *why)
{
    if (pass)
        rt_chan_line("TEST %s PASS", id);
    else
        rt_chan_line("TEST %s FAIL %s", id, why);
    rt_log("ktest: %s %s %s", id, pass ? "PASS" : "FAIL", pass ? "" : why);
}

/* Waits for pid, polling so that a hung program can be killed. Returns the
 * wait result (pid or error); *timed_out tells whether it had to be killed. */
static long wait_limited(long pid, int *status, bool *timed_out)
{
    *timed_out = false;
    uint64_t start = rt_now_ns();
    if (start == 0) /* no clock: nothing to measure a limit with */
        return rt_wait(pid, status, 0);
    for (;;) {
        long r = rt_wait(pid, status, WAIT_NOHANG);
        if (r != -EAGAIN)
            return r;
        if (rt_now_ns() - start > PROGRAM_TIME_LIMIT) {
            *timed_out = true;
            long k = sys_kill(pid, SIGKILL);
            if (k != 0)
                return k;
            return rt_wait(pid, status, 0);
        }
        if (rt_sleep_ns(5 * MS) != 0 && sys_yield() != 0)
            return rt_wait(pid, status, 0); /* neither sleep nor yield: just block */
    }
}

static bool run_program(const struct program *p)
{
    char why[160], buf[48];
    const char *argv[] = {p->path, NULL};
    const char *envp[] = {NULL};
    rt_log("ktest: running %s", p->path);
    long pid =
        sys_spawn((long)p->path, (long)strlen(p->path), (long)argv, (long)envp, p->spawn_flags);
    if (pid < 0) {
        ksnprintf(why, sizeof why, "spawn(%s) failed: %s", p->path,
                  rt_fmt_result(buf, sizeof buf, pid));
        verdict(p->id, false, why);
        return false;
    }
    int status = -1;
    bool timed_out;
    long r = wait_limited(pid, &status, &timed_out);
    if (r != pid) {
        ksnprintf(why, sizeof why, "wait(%ld) for %s returned %s%s", pid, p->path,
                  rt_fmt_result(buf, sizeof buf, r), timed_out ? " after a time-out" : "");
        verdict(p->id, false, why);
        return false;
    }
    if (timed_out) {
        ksnprintf(why, sizeof why, "%s still running after %lu s: killed", p->path,
                  PROGRAM_TIME_LIMIT / (1000 * MS));
        verdict(p->id, false, why);
        return false;
    }
    if (status != 0) {
        ksnprintf(why, sizeof why, "%s ended with %s%s", p->path,
                  rt_fmt_status(buf, sizeof buf, status),
                  status == RT_EXITED(1) ? " (some of its tests failed)" : "");
        verdict(p->id, false, why);
        return false;
    }
    verdict(p->id, true, "");
    return true;
}

/* Arguments naming programs (kt_mem or bin/kt_mem) select them; other
 * arguments are ignored, and without any selection every program runs. */
static bool selected(const struct program *p, int argc, char **argv)
{
    bool any = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "bin/", 4) == 0)
            a += 4;
        if (strncmp(a, "kt_", 3) != 0)
            continue;
        any = true;
        if (strcmp(a, p->path + 4) == 0)
            return true;
    }
    return !any;
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    int failed = 0;
    rt_log("ktest: started, pid %ld", sys_getpid());

    /* URUN0001: the first process has no parent (docs/syscalls.md, getppid). */
    long ppid = sys_getppid();
    if (ppid == 0) {
        verdict("URUN0001", true, "");
    } else {
        char why[80], buf[32];
        ksnprintf(why, sizeof why, "the first process: getppid() = %s, expected 0",
                  rt_fmt_result(buf, sizeof buf, ppid));
        verdict("URUN0001", false, why);
        failed++;
    }

    for (size_t i = 0; i < NPROGRAMS; i++) {
        if (selected(&programs[i], argc, argv) && !run_program(&programs[i]))
            failed++;
    }
    rt_log("ktest: done, %d failed", failed);
    return failed ? 1 : 0;
}
