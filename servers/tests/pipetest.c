/* pipetest: the pipe server's in-guest tests (PIPE0001.., tests/cases/pipes.py).
 *
 * Booted as the first process (init=bin/pipetest) it execs
 * `bin/init -f etc/services.pipe bin/pipetest client`: init starts nullzero,
 * pipe and pty, then runs this program again as its child, which checks
 * pipe(), pipe2(), popen() and the pipe: scheme against POSIX's rules. */
#include "tcommon.h"

#include <cobalt/pipe.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>

static volatile int signals_seen;

static void on_signal(int sig)
{
    (void)sig;
    signals_seen++;
}

static void catch (int sig, void (*fn)(int))
{
    struct sigaction sa = {0};
    sa.sa_handler = fn;
    sigaction(sig, &sa, NULL);
}

static ssize_t read_full(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, (char *)buf + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return got ? (ssize_t)got : r;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static ssize_t write_full(int fd, const void *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = write(fd, (const char *)buf + done, len - done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return done ? (ssize_t)done : r;
        done += (size_t)r;
    }
    return (ssize_t)done;
}

static int first_pipe(int p[2])
{
    /* The pipe server may still be starting: retry a little. */
    uint64_t end = now_ns() + 3000 * MS;
    while (pipe(p) < 0) {
        if (now_ns() > end)
            return -1;
        cobalt_sleep(5 * MS);
    }
    return 0;
}

static void test_order(void)
{
    int p[2];
    if (first_pipe(p) < 0) {
        verdict("PIPE0001", 0, "pipe() failed");
        return;
    }
    int ok = 1;
    for (int i = 0; i < 1000 && ok; i++) {
        char rec[8];
        snprintf(rec, sizeof rec, "%05d;", i);
        ok = write(p[1], rec, 6) == 6;
        if (i % 100 == 99) {
            for (int k = i - 99; k <= i && ok; k++) {
                char got[7] = {0}, want[8];
                snprintf(want, sizeof want, "%05d;", k);
                ok = read_full(p[0], got, 6) == 6 && memcmp(got, want, 6) == 0;
            }
        }
    }
    close(p[0]);
    close(p[1]);
    verdict("PIPE0001", ok, "1000 records did not come back in order");
}

static void test_eof_fork(void)
{
    int p[2];
    if (pipe(p) < 0) {
        verdict("PIPE0002", 0, "pipe() failed");
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        cobalt_sleep(20 * MS);
        write(p[1], "abc", 3);
        _exit(0);
    }
    close(p[1]); /* the child holds the only write handle now */
    char buf[8];
    ssize_t a = read_full(p[0], buf, 3);
    ssize_t b = read(p[0], buf, sizeof buf);
    int st = 0;
    waitpid(pid, &st, 0);
    close(p[0]);
    verdict("PIPE0002", a == 3 && memcmp(buf, "abc", 3) == 0 && b == 0,
            "no end of file after the forked writer exited");
}

static void test_epipe(void)
{
    int p[2];
    if (pipe(p) < 0) {
        verdict("PIPE0003", 0, "pipe() failed");
        return;
    }
    close(p[0]);
    catch (SIGPIPE, on_signal);
    signals_seen = 0;
    errno = 0;
    ssize_t w = write(p[1], "x", 1);
    int e = errno;
    for (int i = 0; i < 100 && !signals_seen; i++)
        cobalt_sleep(1 * MS);
    int handled = signals_seen;
    signal(SIGPIPE, SIG_DFL);
    /* With the default action the writer dies of SIGPIPE. */
    pid_t pid = fork();
    if (pid == 0) {
        write(p[1], "x", 1);
        cobalt_sleep(500 * MS);
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    close(p[1]);
    verdict("PIPE0003",
            w == -1 && e == EPIPE && handled == 1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
            "write with no reader: no EPIPE, no SIGPIPE, or the default action did not kill");
}

#define REC   4096
#define NRECS 100

static void test_atomic(void)
{
    int p[2];
    if (pipe(p) < 0) {
        verdict("PIPE0004", 0, "pipe() failed");
        return;
    }
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            static char rec[REC];
            memset(rec, k ? 'B' : 'A', REC);
            close(p[0]);
            for (int i = 0; i < NRECS; i++)
                if (write(p[1], rec, REC) != REC)
                    _exit(1);
            _exit(0);
        }
    }
    close(p[1]);
    static char rec[REC];
    int ok = 1, counts[2] = {0, 0};
    ssize_t r;
    while ((r = read_full(p[0], rec, REC)) == REC) {
        char c = rec[0];
        for (int i = 1; i < REC; i++)
            ok &= rec[i] == c;
        ok &= c == 'A' || c == 'B';
        counts[c == 'B']++;
    }
    ok &= r == 0;
    for (int k = 0; k < 2; k++) {
        int st = 0;
        waitpid(kids[k], &st, 0);
        ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    close(p[0]);
    verdict("PIPE0004", ok && counts[0] == NRECS && counts[1] == NRECS,
            "4096-byte writes from two writers were interleaved or lost");
}

static void test_nonblock(void)
{
    int p[2];
    if (pipe2(p, O_NONBLOCK) < 0) {
        verdict("PIPE0005", 0, "pipe2(O_NONBLOCK) failed");
        return;
    }
    char c;
    errno = 0;
    ssize_t r = read(p[0], &c, 1);
    int e1 = errno;
    static char chunk[1000];
    size_t total = 0;
    ssize_t w;
    while ((w = write(p[1], chunk, sizeof chunk)) > 0)
        total += (size_t)w;
    /* 1000-byte writes are atomic: the last bytes of room take smaller ones. */
    while ((w = write(p[1], chunk, 1)) > 0)
        total += (size_t)w;
    int e2 = errno;
    int flags = fcntl(p[0], F_GETFL);
    /* Back to blocking with F_SETFL: a read of the full pipe still works. */
    int s = fcntl(p[0], F_SETFL, 0);
    ssize_t r2 = read(p[0], chunk, sizeof chunk);
    close(p[0]);
    close(p[1]);
    verdict("PIPE0005",
            r == -1 && e1 == EAGAIN && w == -1 && e2 == EAGAIN && total == PIPE_CAPACITY &&
                (flags & O_NONBLOCK) && s == 0 && r2 == (ssize_t)sizeof chunk,
            "O_NONBLOCK: no EAGAIN on empty read or full write, or capacity not 64 KiB");
}

static short poll1(int fd, short events)
{
    struct pollfd pf = {fd, events, 0};
    return poll(&pf, 1, 0) == 1 ? pf.revents : 0;
}

static int failed_step;

/* Records the first check that failed. */
static int step(int n, int ok)
{
    if (!ok && !failed_step)
        failed_step = n;
    return ok;
}

static void test_poll(void)
{
    int p[2];
    if (pipe(p) < 0) {
        verdict("PIPE0006", 0, "pipe() failed");
        return;
    }
    int ok = 1;
    ok &= step(1, poll1(p[0], POLLIN) == 0);
    ok &= step(2, (poll1(p[1], POLLOUT) & POLLOUT) != 0);
    write(p[1], "x", 1);
    ok &= step(3, (poll1(p[0], POLLIN) & POLLIN) != 0);
    /* A blocking poll is woken by a write from another process. */
    char c;
    read(p[0], &c, 1);
    pid_t pid = fork();
    if (pid == 0) {
        cobalt_sleep(30 * MS);
        write(p[1], "y", 1);
        _exit(0);
    }
    struct pollfd pf = {p[0], POLLIN, 0};
    int n = poll(&pf, 1, 2000);
    ok &= step(4, n == 1 && (pf.revents & POLLIN));
    read(p[0], &c, 1);
    waitpid(pid, NULL, 0);
    /* Full: not writable. */
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    static char chunk[4096];
    while (write(p[1], chunk, sizeof chunk) > 0) {
    }
    ok &= step(5, (poll1(p[1], POLLOUT) & POLLOUT) == 0);
    close(p[1]);
    ok &= step(6, (poll1(p[0], POLLIN) & POLLIN) != 0);
    while (read(p[0], chunk, sizeof chunk) > 0) {
    }
    ok &= step(7, (poll1(p[0], POLLIN) & POLLHUP) != 0);
    close(p[0]);
    int q[2];
    pipe(q);
    close(q[0]);
    /* close is asynchronous (the server hears of it a little later): wait for
     * the hang-up to show. */
    struct pollfd hup = {q[1], POLLOUT, 0};
    int pr = 0;
    for (int i = 0; i < 200 && !(hup.revents & POLLHUP); i++) {
        pr = poll(&hup, 1, 0);
        cobalt_sleep(10 * MS);
    }
    ok &= step(8, pr == 1 && (hup.revents & POLLHUP));
    close(q[1]);
    char why[64];
    snprintf(why, sizeof why, "poll readiness of a pipe's ends is wrong (check %d)", failed_step);
    verdict("PIPE0006", ok, why);
}

static void test_interrupted_read(void)
{
    int p[2];
    if (pipe(p) < 0) {
        verdict("PIPE0007", 0, "pipe() failed");
        return;
    }
    catch (SIGUSR1, on_signal);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        cobalt_sleep(50 * MS);
        kill(parent, SIGUSR1);
        cobalt_sleep(50 * MS);
        write(p[1], "data", 4); /* the interrupted read was still queued */
        _exit(0);
    }
    close(p[1]);
    char buf[8] = {0};
    errno = 0;
    ssize_t r1 = read(p[0], buf, sizeof buf);
    int e = errno;
    waitpid(pid, NULL, 0);
    ssize_t r2 = read_full(p[0], buf, 4);
    ssize_t r3 = read(p[0], buf + 4, 4);
    close(p[0]);
    signal(SIGUSR1, SIG_DFL);
    verdict("PIPE0007", r1 == -1 && e == EINTR && r2 == 4 && memcmp(buf, "data", 4) == 0 && r3 == 0,
            "the bytes written after a read was interrupted were lost");
}

#define MIB (1024 * 1024)

static unsigned char pattern(size_t i)
{
    return (unsigned char)(i * 7 + (i >> 12));
}

static void test_mib(void)
{
    int p[2];
    if (pipe(p) < 0) {
        verdict("PIPE0008", 0, "pipe() failed");
        return;
    }
    uint64_t t0 = now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        static unsigned char chunk[10000];
        for (size_t at = 0; at < MIB;) {
            size_t n = MIB - at < sizeof chunk ? MIB - at : sizeof chunk;
            for (size_t i = 0; i < n; i++)
                chunk[i] = pattern(at + i);
            if (write_full(p[1], chunk, n) != (ssize_t)n)
                _exit(1);
            at += n;
        }
        _exit(0);
    }
    close(p[1]);
    static unsigned char buf[8192];
    size_t total = 0;
    int ok = 1;
    ssize_t r;
    while ((r = read(p[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < r; i++)
            ok &= buf[i] == pattern(total + (size_t)i);
        total += (size_t)r;
    }
    int st = 0;
    waitpid(pid, &st, 0);
    close(p[0]);
    cobalt_log_printf("pipetest: 1 MiB through a pipe in %llu ms",
                      (unsigned long long)((now_ns() - t0) / MS));
    verdict("PIPE0008", ok && total == MIB && r == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
            "1 MiB between two processes arrived short or corrupted");
}

/* Whether the boot image has a /bin/sh (musl's popen runs it). */
static int have_sh(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *const args[] = {"sh", "-c", "exit 42", NULL};
        execve("/bin/sh", args, environ);
        _exit(errno == ENOENT ? 43 : 44);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 42;
}

static void test_popen(void)
{
    int sh = have_sh();
    FILE *f = popen("echo popen-ok; echo second line", "r");
    if (!f) {
        verdict("PIPE0009", 0, "popen failed");
        return;
    }
    char a[64] = {0}, b[64] = {0};
    char *l1 = fgets(a, sizeof a, f);
    char *l2 = fgets(b, sizeof b, f);
    int st = pclose(f);
    if (!sh) {
        /* No shell yet (it comes with dash): popen's pipe, spawn and pclose
         * still work, and the child's failed exec reads as end of file and 127. */
        cobalt_log_printf("pipetest: no /bin/sh: PIPE0009 checked popen without a shell only");
        verdict("PIPE0009", !l1 && WIFEXITED(st) && WEXITSTATUS(st) == 127,
                "popen without /bin/sh: no end of file or pclose status not 127");
        return;
    }
    /* "w": the child reads what we write; its status says what it saw. */
    FILE *w = popen("read line; test \"$line\" = hello-child", "w");
    int wst = -1;
    if (w) {
        fputs("hello-child\n", w);
        wst = pclose(w);
    }
    verdict("PIPE0009",
            l1 && l2 && strcmp(a, "popen-ok\n") == 0 && strcmp(b, "second line\n") == 0 &&
                WIFEXITED(st) && WEXITSTATUS(st) == 0 && wst == 0,
            "popen(\"echo ...\", \"r\") did not read the child's output, or \"w\" did not "
            "reach the child");
}

static void test_stat(void)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        verdict("PIPE0010", 0, "pipe2(O_CLOEXEC) failed");
        return;
    }
    struct stat st = {0};
    int s = fstat(p[0], &st);
    write(p[1], "12345", 5);
    int n = -1;
    int i = ioctl(p[0], FIONREAD, &n);
    int cloexec = fcntl(p[0], F_GETFD) & FD_CLOEXEC;
    int bad = pipe2(p + 0, 0x40000000) < 0 && errno == EINVAL;
    close(p[0]);
    close(p[1]);
    verdict("PIPE0010", s == 0 && S_ISFIFO(st.st_mode) && i == 0 && n == 5 && cloexec && bad,
            "fstat not S_IFIFO, FIONREAD wrong, O_CLOEXEC not set, or bad flags taken");
}

static void test_bad_input(void)
{
    int ok = 1;
    char tok[PIPE_TOKEN_LEN + 1];
    /* A forged token. */
    ok &= open("pipe:0123456789abcdef0123456789abcdef", O_WRONLY) < 0 && errno == ENOENT;
    ok &= open("pipe:", O_WRONLY) < 0;
    ok &= open("pipe:new", O_WRONLY) < 0 && errno == EINVAL;
    /* A token is good for one write end. */
    int r = open("pipe:new", O_RDONLY);
    long t = cobalt_fcall(r, PIPE_FCALL_TOKEN, 0, 0, (long)tok, sizeof tok);
    long short_tok = cobalt_fcall(r, PIPE_FCALL_TOKEN, 0, 0, (long)tok, 4);
    char path[64];
    snprintf(path, sizeof path, "pipe:%s", tok);
    ok &= r >= 0 && t == 0 && short_tok == -EINVAL;
    int w = open(path, O_RDONLY); /* wrong mode */
    ok &= w < 0 && errno == EINVAL;
    w = open(path, O_WRONLY);
    ok &= w >= 0;
    ok &= open(path, O_WRONLY) < 0 && errno == ENOENT;
    ok &= cobalt_fcall(r, PIPE_FCALL_TOKEN, 0, 0, (long)tok, sizeof tok) == -EPERM;
    /* Wrong ends, unknown calls, short buffers. */
    char c = 0;
    ok &= write(r, "x", 1) < 0 && errno == EBADF;
    ok &= read(w, &c, 1) < 0 && errno == EBADF;
    ok &= cobalt_fcall(r, FCALL_FIRST_PRIVATE + 77, 0, 0, 0, 0) == -ENOSYS;
    ok &= cobalt_fcall(r, FCALL_IOCTL, FIONREAD, 0, (long)&c, 1) == -EINVAL;
    ok &= cobalt_fcall(r, FCALL_FSTAT, 0, 0, (long)&c, 1) == -EINVAL;
    ok &= cobalt_fcall(r, FCALL_FLAGS, 0x7fffffff, 0, 0, 0) == -EINVAL;
    struct termios tio;
    ok &= tcgetattr(r, &tio) < 0 && errno == ENOTTY && !isatty(w);
    ok &= lseek(r, 0, SEEK_SET) < 0 && errno == ESPIPE;
    /* The server still answers. */
    ok &= write(w, "ok", 2) == 2 && read(r, tok, 2) == 2 && memcmp(tok, "ok", 2) == 0;
    close(r);
    close(w);
    /* Limits: at most 64 pipes made by one process, then EMFILE; freed on close. */
    static int fds[80][2];
    int made = 0, e = 0;
    for (; made < 80; made++) {
        if (pipe(fds[made]) < 0) {
            e = errno;
            break;
        }
    }
    for (int i = 0; i < made; i++) {
        close(fds[i][0]);
        close(fds[i][1]);
    }
    int again = pipe(fds[0]) == 0;
    if (again) {
        close(fds[0][0]);
        close(fds[0][1]);
    }
    ok &= made == 64 && e == EMFILE && again;
    verdict("PIPE0011", ok, "a bad request was taken, or the server stopped answering");
}

/* Random requests: opens of random names, random fcalls, reads and writes
 * on both ends (non-blocking); the server must stay the same process and
 * keep answering. */
static void test_fuzz(void)
{
    int before = find_proc("pipe");
    signal(SIGPIPE, SIG_IGN);
    for (int round = 0; round < 40; round++) {
        int p[2];
        if (pipe2(p, O_NONBLOCK) < 0)
            continue;
        for (int i = 0; i < 50; i++)
            fuzz_request(p[fuzz_next() & 1]);
        char name[48] = "pipe:";
        for (int i = 5; i < 5 + (int)(fuzz_next() % 40); i++)
            name[i] = "0123456789abcdefnew/:."[fuzz_next() % 22];
        int fd = open(name, (int)(fuzz_next() % 3) | O_NONBLOCK);
        if (fd >= 0)
            close(fd);
        close(p[(int)(fuzz_next() & 1)]); /* one end first: hang-ups mid-way */
        for (int i = 0; i < 5; i++)
            fuzz_request(p[0]), fuzz_request(p[1]);
        close(p[0]);
        close(p[1]);
    }
    signal(SIGPIPE, SIG_DFL);
    int q[2];
    char c = 0;
    int works = pipe(q) == 0 && write(q[1], "z", 1) == 1 && read(q[0], &c, 1) == 1 && c == 'z';
    if (works) {
        close(q[0]);
        close(q[1]);
    }
    verdict("PIPE0012", before > 0 && find_proc("pipe") == before && works,
            "random requests crashed the pipe server or left it not answering");
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 2)
        return run_under_init("etc/services.pipe", "bin/pipetest", "PIPE0000");
    test_order();
    test_eof_fork();
    test_epipe();
    test_atomic();
    test_nonblock();
    test_poll();
    test_interrupted_read();
    test_mib();
    test_popen();
    test_stat();
    test_bad_input();
    test_fuzz();
    return failures ? 1 : 0;
}
