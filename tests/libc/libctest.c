/* libctest: the libc test runner, the first process when Cobalt boots with
 * init=bin/libctest (tests/cases/libc.py, LIBC0000). It starts each test
 * program with the kernel's own spawn (so a broken fork, exec or
 * posix_spawn fails only the tests about them), waits for it with a time
 * limit, and reports its exit as a verdict of its own (LIBC09nn): a
 * program that crashes or hangs before printing all its verdicts shows up
 * here. Its exit status is the number of programs that did not exit 0. */
#include "lt.h"

#include <cobalt/debug.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#define LIMIT_NS (120ULL * 1000000000ULL)

static const struct {
    const char *id; /* the runner's verdict for this program */
    const char *path;
} programs[] = {
    {"LIBC0901", "bin/lt_string"},  {"LIBC0902", "bin/lt_malloc"}, {"LIBC0903", "bin/lt_stdio"},
    {"LIBC0904", "bin/lt_file"},    {"LIBC0905", "bin/lt_time"},   {"LIBC0906", "bin/lt_thread"},
    {"LIBC0907", "bin/lt_process"}, {"LIBC0908", "bin/lt_signal"}, {"LIBC0909", "bin/lt_env"},
};

/* Waits for pid until the deadline; kills it after. Returns its status, or -1. */
static int wait_limited(long pid, const char **why)
{
    uint64_t deadline = lt_now_ns() + LIMIT_NS;
    for (;;) {
        int status;
        long r = waitpid((pid_t)pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0) {
            *why = "waitpid failed";
            return -1;
        }
        uint64_t now = lt_now_ns();
        if (now >= deadline) {
            kill((pid_t)pid, SIGKILL);
            waitpid((pid_t)pid, &status, 0);
            *why = "timed out (killed after 120 s)";
            return -1;
        }
        /* Sleep until a child exits or a slice of the time left passes. */
        struct wait_item it = {WAIT_CHILDREN, WAIT_READABLE, 0, 0};
        uint64_t slice = deadline - now < 1000000000ULL ? deadline - now : 1000000000ULL;
        cobalt_wait_many((long)&it, 1, (long)slice);
    }
}

int main(void)
{
    /* The runner itself is up: the first verdict, so a boot that never gets here fails fast. */
    cobalt_harness_printf("TEST %s PASS", "LIBC0900");
    static const char *const envp[] = {"LT_ENV=hello from libctest", "LT_SECOND=2", 0};
    int bad = 0;
    for (unsigned i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        const char *path = programs[i].path;
        const char *const argv[] = {path, "first arg", "2", 0};
        long pid = cobalt_spawn((long)path, (long)strlen(path), (long)argv, (long)envp, 0);
        if (pid < 0) {
            cobalt_harness_printf("TEST %s FAIL spawn %s gave %ld", programs[i].id, path, pid);
            bad++;
            continue;
        }
        const char *why = 0;
        int status = wait_limited(pid, &why);
        if (status < 0) {
            cobalt_harness_printf("TEST %s FAIL %s %s", programs[i].id, path, why);
            bad++;
        } else if (WIFSIGNALED(status)) {
            cobalt_harness_printf("TEST %s FAIL %s died of signal %d", programs[i].id, path,
                                  WTERMSIG(status));
            bad++;
        } else if (WEXITSTATUS(status) != 0) {
            cobalt_harness_printf("TEST %s FAIL %s: %d case(s) failed", programs[i].id, path,
                                  WEXITSTATUS(status));
            bad++;
        } else {
            cobalt_harness_printf("TEST %s PASS", programs[i].id);
        }
    }
    return bad;
}
