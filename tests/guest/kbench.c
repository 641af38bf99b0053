/* kbench: Cobalt's kernel benchmarks, run as the first process when the
 * kernel boots with bench=1 (./build.sh bench, under icount, so a guest
 * nanosecond is one instruction). Prints one `BENCH <name> <ns> ns` line per
 * figure on the harness channel; each figure is the average over a fixed
 * number of iterations after a short warm-up. Exits 0, or 1 when a call it
 * measures fails (the runner then reports the failure). */
#include "rt.h"

#define SCHEME_NAME "kbench"

static int failures;

static void report(const char *name, uint64_t total_ns, uint64_t iterations)
{
    rt_chan_line("BENCH %s %lu ns", name, (unsigned long)(total_ns / iterations));
}

static void fail(const char *what, long r)
{
    char buf[48];
    rt_log("kbench: %s failed: %s", what, rt_fmt_result(buf, sizeof buf, r));
    failures++;
}

static void bench_syscall_null(void)
{
    const uint64_t n = 20000;
    for (int i = 0; i < 100; i++)
        sys_null();
    uint64_t t0 = rt_now_ns();
    for (uint64_t i = 0; i < n; i++)
        sys_null();
    report("syscall_null", rt_now_ns() - t0, n);
}

/* The server half of ipc_roundtrip: answers every request with its length. */
static int ipc_server(long endpoint)
{
    struct scheme_request req;
    static char buf[256];
    for (;;) {
        long n = sys_scheme_recv(endpoint, (long)&req, (long)buf, sizeof buf, 0);
        if (n < 0)
            return 1;
        long result = req.op == SCHEME_OPEN ? 1 : (long)req.payload_total;
        if (req.op != SCHEME_CLOSE)
            sys_scheme_reply(endpoint, (long)req.tag, result, 0, 0);
    }
}

static void bench_ipc_roundtrip(void)
{
    const uint64_t n = 5000;
    long pid = sys_fork();
    if (pid == 0) {
        long ep = sys_scheme_register((long)SCHEME_NAME, sizeof SCHEME_NAME - 1);
        rt_exit(ep < 0 ? 2 : ipc_server(ep));
    }
    if (pid < 0)
        return fail("fork", pid);
    long h = -ENOENT;
    const char path[] = SCHEME_NAME ":x";
    for (int tries = 0; tries < 1000 && h == -ENOENT; tries++) {
        h = sys_open((long)path, sizeof path - 1, 0);
        if (h == -ENOENT)
            sys_yield();
    }
    if (h < 0) {
        sys_kill(pid, SIGKILL);
        rt_wait(pid, 0, 0);
        return fail("open " SCHEME_NAME, h);
    }
    char byte = 'x';
    for (int i = 0; i < 50; i++)
        sys_write(h, (long)&byte, 1);
    uint64_t t0 = rt_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        long r = sys_write(h, (long)&byte, 1);
        if (r != 1) {
            fail("write", r);
            break;
        }
    }
    report("ipc_roundtrip", rt_now_ns() - t0, n);
    sys_handle_close(h);
    sys_kill(pid, SIGKILL);
    rt_wait(pid, 0, 0);
}

static volatile int yield_stop;

static int yielder(void *arg)
{
    (void)arg;
    while (!yield_stop)
        sys_yield();
    return 0;
}

static void bench_context_switch(void)
{
    const uint64_t n = 10000;
    volatile int tid_word = 1;
    void *stack = rt_stack_alloc(64 * 1024);
    if (!stack)
        return fail("stack", -ENOMEM);
    long tid = rt_thread_create(yielder, 0, stack, 0, &tid_word);
    if (tid < 0)
        return fail("thread_create", tid);
    for (int i = 0; i < 50; i++)
        sys_yield();
    /* Each yield here runs the other thread once and comes back: one round trip. */
    uint64_t t0 = rt_now_ns();
    for (uint64_t i = 0; i < n; i++)
        sys_yield();
    report("context_switch", rt_now_ns() - t0, n);
    yield_stop = 1;
    rt_thread_join(&tid_word);
}

static void bench_shm_map_unmap(void)
{
    const uint64_t n = 2000;
    long h = sys_shm_create(4 << 20);
    if (h < 0)
        return fail("shm_create", h);
    uint64_t t0 = rt_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        long addr = sys_shm_map(h, 0, PROT_READ | PROT_WRITE);
        if (addr < 0) {
            fail("shm_map", addr);
            break;
        }
        sys_shm_unmap(addr);
    }
    report("shm_map_unmap_4m", rt_now_ns() - t0, n);
    sys_handle_close(h);
}

static void bench_spawn_exit_wait(void)
{
    const uint64_t n = 200;
    const char *argv[] = {"bin/kt_tiny", 0};
    uint64_t t0 = rt_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        long pid = rt_spawn("bin/kt_tiny", argv, 0);
        if (pid < 0) {
            fail("spawn", pid);
            break;
        }
        rt_wait(pid, 0, 0);
    }
    report("spawn_exit_wait", rt_now_ns() - t0, n);
}

static void bench_fork_exit_wait(void)
{
    const uint64_t n = 200;
    uint64_t t0 = rt_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        long pid = sys_fork();
        if (pid == 0)
            rt_exit(0);
        if (pid < 0) {
            fail("fork", pid);
            break;
        }
        rt_wait(pid, 0, 0);
    }
    report("fork_exit_wait", rt_now_ns() - t0, n);
}

/* The musl pipe figure comes from bin/pipebench (servers/tests/pipebench.c),
 * which starts the pipe server and prints its own BENCH line; an image
 * without it just has no pipe figure. */
static void bench_pipe_roundtrip(void)
{
    const char *argv[] = {"bin/pipebench", 0};
    long pid = rt_spawn("bin/pipebench", argv, 0);
    if (pid < 0) {
        rt_log("kbench: no bin/pipebench: no pipe_roundtrip figure");
        return;
    }
    int status = 0;
    rt_wait(pid, &status, 0);
    if (status != 0)
        fail("pipebench", -status);
}

/* The file-system figures need libc and a server: bin/fsbench (musl,
 * servers/tests/fsbench.c) prints them itself, against bin/tmpfs spawned here
 * and stopped after. */
static void bench_files(void)
{
    const char *tmpfs_argv[] = {"bin/tmpfs", 0}, *bench_argv[] = {"bin/fsbench", 0};
    long server = rt_spawn("bin/tmpfs", tmpfs_argv, 0);
    if (server < 0) {
        fail("spawn bin/tmpfs", server);
        return;
    }
    long pid = rt_spawn("bin/fsbench", bench_argv, 0);
    int status = 0;
    if (pid < 0)
        fail("spawn bin/fsbench", pid);
    else if (rt_wait(pid, &status, 0) != pid || status != 0)
        fail("bin/fsbench", status);
    sys_kill(server, 9);
    rt_wait(server, 0, 0);
}

/* The graphics figures need libc and the graphics libraries: bin/gfxbench
 * (tests/bench/gfx) prints them itself. It gets the I/O right to map the boot
 * image, where it finds the font and the PNG. */
static void bench_gfx(void)
{
    const char *path = "bin/gfxbench", *argv[] = {"bin/gfxbench", 0};
    long pid = sys_spawn((long)path, (long)strlen(path), (long)argv, 0, SPAWN_GRANT_IO);
    int status = 0;
    if (pid < 0)
        fail("spawn bin/gfxbench", pid);
    else if (rt_wait(pid, &status, 0) != pid || status != 0)
        fail("bin/gfxbench", status);
}

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    bench_syscall_null();
    bench_ipc_roundtrip();
    bench_context_switch();
    bench_shm_map_unmap();
    bench_spawn_exit_wait();
    bench_fork_exit_wait();
    bench_pipe_roundtrip();
    bench_files();
    bench_gfx();
    return failures ? 1 : 0;
}
