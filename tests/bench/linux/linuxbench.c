/*
 * tests/bench/linux/linuxbench.c: the Linux anchor benchmarks, run as /init in a stock
 * Debian kernel under QEMU (see docs/performance.md).
 *
 * Owns the Linux side of Cobalt's comparison: each figure is a per-operation average in
 * guest nanoseconds (CLOCK_MONOTONIC around a loop of N operations), printed on the
 * console (ttyS0) as one line `BENCH linux_<name> <ns> ns`. When done it powers the VM
 * off. Built statically against stock musl by tests/bench/linux/build.py.
 *
 * Iteration counts can be changed at build time (-DN_GETPPID=... and so on); the defaults
 * give each figure at least ~0.2 s of guest time (50+ timer ticks at HZ=250) and keep the
 * whole Linux boot plus benchmarks near 15 s of wall time on a 2-core TCG host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef N_GETPPID
#define N_GETPPID 500000
#endif
#ifndef N_PIPE
#define N_PIPE 20000
#endif
#ifndef N_UNIX
#define N_UNIX 20000
#endif
#ifndef N_YIELD
#define N_YIELD 50000
#endif
#ifndef N_MMAP
#define N_MMAP 20000
#endif
#ifndef N_FORK
#define N_FORK 2000
#endif
/* file_read_4k: passes of FILE_BLOCKS reads of FILE_BLOCK bytes (one pass
 * untimed first). */
#define FILE_BLOCK  4096
#define FILE_BLOCKS 256
#ifndef N_FILE_PASSES
#define N_FILE_PASSES 200
#endif

#define N_WARMUP 100 /* untimed operations before each timed loop */

#define MAP_SIZE        (4u << 20)
#define DEBUG_EXIT_PORT 0xf4 /* isa-debug-exit, used only if reboot() fails */

static int failures;

/* ---- output: straight write(2) calls on the console, no stdio buffering ------------ */

static void out(const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    for (int off = 0; off < n;) {
        ssize_t w = write(STDOUT_FILENO, buf + off, n - off);
        if (w <= 0)
            return;
        off += w;
    }
}

static void fail(const char *what)
{
    out("linuxbench: error: %s: %s\n", what, strerror(errno));
    failures++;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One figure: the rounded average of `total` ns over `n` operations. */
static void report(const char *name, uint64_t total, uint64_t n)
{
    out("BENCH linux_%s %llu ns\n", name, (unsigned long long)((total + n / 2) / n));
}

/* ---- the figures -------------------------------------------------------------------- */

static void bench_getppid(void)
{
    for (int i = 0; i < N_WARMUP; i++)
        syscall(SYS_getppid);
    uint64_t t0 = now_ns();
    for (int i = 0; i < N_GETPPID; i++)
        syscall(SYS_getppid);
    report("getppid", now_ns() - t0, N_GETPPID);
}

static int read1(int fd)
{
    char c;
    return read(fd, &c, 1) == 1 ? 0 : -1;
}

static int write1(int fd)
{
    char c = 'x';
    return write(fd, &c, 1) == 1 ? 0 : -1;
}

/*
 * A 1-byte round trip between this process and a forked echo child: write on `to`, the
 * child reads it on `child_in` and writes it back on `child_out`, read it on `from`.
 */
static void roundtrip(const char *name, int to, int from, int child_in, int child_out,
                      int close_in_child[2], int n)
{
    pid_t pid = fork();
    if (pid < 0) {
        fail("fork");
        return;
    }
    if (pid == 0) {
        close(close_in_child[0]);
        close(close_in_child[1]);
        for (int i = 0; i < N_WARMUP + n; i++)
            if (read1(child_in) || write1(child_out))
                _exit(1);
        _exit(0);
    }
    int ok = 1;
    for (int i = 0; i < N_WARMUP && ok; i++)
        ok = !write1(to) && !read1(from);
    uint64_t t0 = now_ns();
    for (int i = 0; i < n && ok; i++)
        ok = !write1(to) && !read1(from);
    uint64_t t = now_ns() - t0;
    int status;
    if (waitpid(pid, &status, 0) != pid)
        fail("waitpid");
    if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        errno = EIO;
        fail(name);
        return;
    }
    report(name, t, n);
}

static void bench_pipe(void)
{
    int a[2], b[2]; /* a: parent -> child, b: child -> parent */
    if (pipe(a) || pipe(b)) {
        fail("pipe");
        return;
    }
    int parent_ends[2] = {a[1], b[0]};
    roundtrip("pipe_roundtrip", a[1], b[0], a[0], b[1], parent_ends, N_PIPE);
    close(a[0]), close(a[1]), close(b[0]), close(b[1]);
}

static void bench_unix_socket(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
        fail("socketpair");
        return;
    }
    /* The child keeps only sv[1]; it closes sv[0] (listed twice, closing twice is harmless). */
    int parent_ends[2] = {sv[0], sv[0]};
    roundtrip("unix_socket_roundtrip", sv[0], sv[0], sv[1], sv[1], parent_ends, N_UNIX);
    close(sv[0]), close(sv[1]);
}

/*
 * sched_yield ping-pong: a shared word says whose turn it is; each side yields until it
 * is its turn, then hands the turn over. One round trip = parent -> child -> parent.
 */
static void bench_context_switch(void)
{
    volatile int *turn =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (turn == MAP_FAILED) {
        fail("mmap shared");
        return;
    }
    *turn = 0;
    pid_t pid = fork();
    if (pid < 0) {
        fail("fork");
        return;
    }
    if (pid == 0) {
        for (int i = 0; i < N_WARMUP + N_YIELD; i++) {
            while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 1)
                sched_yield();
            __atomic_store_n(turn, 0, __ATOMIC_RELEASE);
        }
        _exit(0);
    }
    uint64_t t0 = 0;
    for (int i = 0; i < N_WARMUP + N_YIELD; i++) {
        if (i == N_WARMUP)
            t0 = now_ns();
        __atomic_store_n(turn, 1, __ATOMIC_RELEASE);
        while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 0)
            sched_yield();
    }
    uint64_t t = now_ns() - t0;
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fail("sched_yield child");
        return;
    }
    munmap((void *)turn, 4096);
    report("context_switch", t, N_YIELD);
}

static void bench_mmap(void)
{
    uint64_t t0 = 0;
    for (int i = 0; i < N_WARMUP + N_MMAP; i++) {
        if (i == N_WARMUP)
            t0 = now_ns();
        void *p = mmap(NULL, MAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED || munmap(p, MAP_SIZE)) {
            fail("mmap/munmap 4 MiB");
            return;
        }
    }
    report("mmap_munmap_4m", now_ns() - t0, N_MMAP);
}

static void bench_fork(void)
{
    uint64_t t0 = 0;
    for (int i = 0; i < N_WARMUP + N_FORK; i++) {
        if (i == N_WARMUP)
            t0 = now_ns();
        pid_t pid = fork();
        if (pid < 0) {
            fail("fork");
            return;
        }
        if (pid == 0)
            _exit(0);
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
            fail("waitpid");
            return;
        }
    }
    report("fork_exit_wait", now_ns() - t0, N_FORK);
}

/* read() of 4 KiB from a 1 MiB file in the initramfs's root (rootfs: tmpfs
 * or ramfs, page-cache memory like Cobalt's tmpfs), in passes of 256
 * sequential reads with an untimed lseek back to 0 between them: the same
 * loop as Cobalt's servers/tests/fsbench.c. */
static void bench_file_read(void)
{
    static char buf[FILE_BLOCK];
    int fd = open("/bench-file", O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (fd < 0) {
        fail("open /bench-file");
        return;
    }
    memset(buf, 'b', sizeof buf);
    for (int i = 0; i < FILE_BLOCKS; i++) {
        if (write(fd, buf, FILE_BLOCK) != FILE_BLOCK) {
            fail("write /bench-file");
            return;
        }
    }
    uint64_t total = 0;
    for (int pass = 0; pass < 1 + N_FILE_PASSES; pass++) {
        if (lseek(fd, 0, SEEK_SET) != 0) {
            fail("lseek");
            return;
        }
        uint64_t t0 = now_ns();
        for (int i = 0; i < FILE_BLOCKS; i++) {
            if (read(fd, buf, FILE_BLOCK) != FILE_BLOCK) {
                fail("read /bench-file");
                return;
            }
        }
        if (pass >= 1)
            total += now_ns() - t0;
    }
    close(fd);
    unlink("/bench-file");
    report("file_read_4k", total, (uint64_t)N_FILE_PASSES * FILE_BLOCKS);
}

/* The graphics figures (text, PNG) run in their own program, /gfxbench (linuxgfx.c, with
 * libtext and the graphics libraries): this one stays small, so fork_exit_wait still
 * measures a small process. It prints its figures on the same console. */
static void bench_gfx(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *const argv[] = {"/gfxbench", NULL}, *const envp[] = {NULL};
        execve("/gfxbench", argv, envp);
        out("linuxbench: error: exec /gfxbench: %s\n", strerror(errno));
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        fail("fork or wait for /gfxbench");
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        out("linuxbench: error: /gfxbench failed (status %d)\n", status);
        failures++;
    }
}

/* ---- /init ---------------------------------------------------------------------------- */

static void power_off(void)
{
    sync();
    reboot(RB_POWER_OFF);
    /* Only if the kernel could not power off: leave through isa-debug-exit. */
    fail("reboot(RB_POWER_OFF)");
    if (ioperm(DEBUG_EXIT_PORT, 1, 1) == 0)
        outb(failures ? 2 : 1, DEBUG_EXIT_PORT);
    for (;;)
        pause();
}

int main(void)
{
    /* The kernel gives /init the console as fds 0-2 only if /dev/console exists. */
    if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
        int fd = open("/dev/console", O_RDWR | O_NOCTTY);
        if (fd >= 0 && fd != STDOUT_FILENO)
            dup2(fd, STDOUT_FILENO);
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    if (sched_setaffinity(0, sizeof one, &one)) /* inherited by every child */
        fail("sched_setaffinity");

    bench_getppid();
    bench_pipe();
    bench_unix_socket();
    bench_context_switch();
    bench_mmap();
    bench_fork();
    bench_file_read();
    bench_gfx();

    out("linuxbench: done, %d error(s)\n", failures);
    power_off();
    return 0;
}
