/* pipebench: the pipe round-trip figure of ./build.sh bench (docs/performance.md).
 *
 * kbench (the bench-mode first process) spawns it after its own figures. It
 * starts the pipe server itself (there is no init in bench mode), then times
 * 1-byte ping-pongs through two musl pipes between itself and a forked echo
 * child, as tests/bench/linux/linuxbench.c does on Linux (linux_pipe_roundtrip),
 * and prints `BENCH pipe_roundtrip <ns> ns` on the harness channel. */
#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_WARMUP 100
#define N_PIPE   2000
#define MS       1000000ull

static uint64_t now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
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

int main(void)
{
    pid_t server = fork();
    if (server == 0) {
        char *const args[] = {"bin/pipe", NULL};
        execve("/bin/pipe", args, (char *const[]){NULL});
        _exit(127);
    }
    int a[2], b[2]; /* a: parent -> child, b: child -> parent */
    uint64_t end = now_ns() + 5000 * MS;
    while (pipe(a) < 0 && now_ns() < end)
        cobalt_sleep(1 * MS);
    if (pipe(b) < 0) {
        cobalt_log_printf("pipebench: no pipes (%d)", errno);
        kill(server, SIGKILL);
        return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(a[1]), close(b[0]);
        for (int i = 0; i < N_WARMUP + N_PIPE; i++)
            if (read1(a[0]) || write1(b[1]))
                _exit(1);
        _exit(0);
    }
    close(a[0]), close(b[1]);
    int ok = 1;
    for (int i = 0; i < N_WARMUP && ok; i++)
        ok = !write1(a[1]) && !read1(b[0]);
    uint64_t t0 = now_ns();
    for (int i = 0; i < N_PIPE && ok; i++)
        ok = !write1(a[1]) && !read1(b[0]);
    uint64_t t = now_ns() - t0;
    int st = 0;
    waitpid(pid, &st, 0);
    kill(server, SIGKILL);
    waitpid(server, NULL, 0);
    if (!ok || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        cobalt_log_printf("pipebench: the ping-pong failed");
        return 1;
    }
    cobalt_harness_printf("BENCH pipe_roundtrip %lu ns", (unsigned long)(t / N_PIPE));
    return 0;
}
