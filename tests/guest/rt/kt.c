/* The in-guest test runner behind kt.h: finds the program's TEST cases (the
 * linker gathers them in the kt_cases section), runs them in id order and
 * prints one verdict line per case on the harness channel. */
#include "kt.h"

/* Weak: a program without cases has no kt_cases section at all. */
extern const struct kt_case __start_kt_cases[] __attribute__((weak));
extern const struct kt_case __stop_kt_cases[] __attribute__((weak));

#define REASON_MAX 300

static volatile int fail_claimed;
static bool pass_written;
static char fail_reason[REASON_MAX];

void kt_fail(int line, const char *fmt, ...)
{
    /* The first failure of a case wins, whichever thread reports it. */
    if (__sync_lock_test_and_set(&fail_claimed, 1))
        return;
    int n = ksnprintf(fail_reason, sizeof fail_reason, "line %d: ", line);
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(fail_reason + n, sizeof fail_reason - n, fmt, ap);
    va_end(ap);
}

void kt_fail_eq(int line, const char *expr, long got, long want)
{
    char g[40], w[40], e[100];
    ksnprintf(e, sizeof e, "%s", expr); /* the expression, cut to fit (no %.Ns in fmt.c) */
    kt_fail(line, "%s = %s, expected %s", e, rt_fmt_result(g, sizeof g, got),
            rt_fmt_result(w, sizeof w, want));
}

void kt_pass_written(void)
{
    pass_written = true;
}

bool kt_failed(void)
{
    return fail_claimed != 0;
}

long kt_spawn_self(const char *mode, const char *arg)
{
    const char *argv[] = {kt_self, mode, arg, NULL};
    const char *envp[] = {NULL};
    return rt_spawn(kt_self, argv, envp);
}

long kt_run_child(const char *mode, const char *arg, int *status)
{
    long pid = kt_spawn_self(mode, arg);
    if (pid < 0)
        return pid;
    long r = rt_wait(pid, status, 0);
    if (r < 0)
        return r;
    if (r != pid)
        return -ECHILD; /* wait returned another pid: reported as a failed run */
    return 0;
}

long kt_fork(kt_fork_fn fn, void *arg)
{
    long pid = sys_fork();
    if (pid == 0)
        rt_exit(fn(arg)); /* the child: never back into the case */
    return pid;
}

long kt_fork_wait(kt_fork_fn fn, void *arg, int *status)
{
    long pid = kt_fork(fn, arg);
    if (pid < 0)
        return pid;
    long r = rt_wait(pid, status, 0);
    if (r < 0)
        return r;
    return r == pid ? 0 : -ECHILD;
}

static int by_id(const struct kt_case *a, const struct kt_case *b)
{
    return strcmp(a->id, b->id);
}

int kt_run_all(void)
{
    size_t n = (size_t)(__stop_kt_cases - __start_kt_cases);
    const struct kt_case *order[256];
    if (n > sizeof order / sizeof order[0]) {
        rt_log("%s: %lu cases, more than the runner holds", kt_self, (unsigned long)n);
        return 1;
    }
    for (size_t i = 0; i < n; i++) { /* insertion sort by id: the section's order is the linker's */
        size_t j = i;
        while (j > 0 && by_id(order[j - 1], &__start_kt_cases[i]) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = &__start_kt_cases[i];
    }
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        const struct kt_case *c = order[i];
        fail_claimed = 0;
        fail_reason[0] = '\0';
        pass_written = false;
        rt_log("%s: %s %s", kt_self, c->id, c->desc);
        c->fn();
        if (fail_claimed) {
            failed++;
            rt_chan_line("TEST %s FAIL %s: %s", c->id, c->desc, fail_reason);
            rt_log("%s: %s FAIL %s", kt_self, c->id, fail_reason);
        } else if (!pass_written) {
            rt_chan_line("TEST %s PASS", c->id);
        }
    }
    rt_log("%s: %d of %lu failed", kt_self, failed, (unsigned long)n);
    return failed;
}

void *kt_shared_page(long *handle)
{
    static void *page;
    static long page_handle = -1;
    if (!page) {
        long h = sys_shm_create(PAGE_SIZE);
        long a = h >= 0 ? sys_shm_map(h, 0, PROT_READ | PROT_WRITE) : h;
        if (a < 0)
            return NULL;
        page = (void *)a;
        page_handle = h;
    }
    memset(page, 0, PAGE_SIZE);
    if (handle)
        *handle = page_handle;
    return page;
}

bool kt_await(volatile long *word)
{
    uint64_t end = rt_now_ns() + 5000 * MS;
    while (*word == 0) {
        if (rt_now_ns() > end)
            return false;
        sys_sleep(1 * MS);
    }
    return true;
}
