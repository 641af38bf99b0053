/* ptytest: the pty server's in-guest tests (PTYS0001.., tests/cases/pipes.py).
 *
 * Booted as the first process (init=bin/ptytest) it execs
 * `bin/init -f etc/services.pipe bin/ptytest client`; the client opens pairs
 * with musl's posix_openpt/grantpt/unlockpt/ptsname and checks the line
 * discipline, the terminal ioctls, signals and hang-ups; PTYS0011 runs
 * bin/console against a stand-in serial scheme served here and a stand-in
 * shell (this program with the argument "minishell"). */
#define _XOPEN_SOURCE 700
#include "tcommon.h"

#include <cobalt/scheme_server.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static int fail_at;

/* Records the first check that failed (the verdict names it). */
static int check(int n, int ok)
{
    if (!ok && !fail_at)
        fail_at = n;
    return ok;
}

static void report(const char *id, int ok, const char *what)
{
    char why[160];
    snprintf(why, sizeof why, "%s (check %d)", what, fail_at);
    verdict(id, ok, why);
    fail_at = 0;
}

/* A new pair: the master, and its slave opened unless slave is NULL. */
static int open_pair(int *slave)
{
    uint64_t end = now_ns() + 3000 * MS;
    int m;
    while ((m = posix_openpt(O_RDWR | O_NOCTTY)) < 0 && now_ns() < end)
        cobalt_sleep(5 * MS);
    if (m < 0)
        return -1;
    if (grantpt(m) < 0 || unlockpt(m) < 0) {
        close(m);
        return -1;
    }
    if (slave) {
        *slave = open(ptsname(m), O_RDWR | O_NOCTTY);
        if (*slave < 0) {
            close(m);
            return -1;
        }
    }
    return m;
}

/* Reads what the master has now (non-blocking), NUL-terminated. */
static ssize_t drain(int m, char *buf, size_t size)
{
    struct pollfd pf = {m, POLLIN, 0};
    ssize_t got = 0;
    while ((size_t)got < size - 1 && poll(&pf, 1, 50) == 1 && (pf.revents & POLLIN)) {
        ssize_t r = read(m, buf + got, size - 1 - (size_t)got);
        if (r <= 0)
            break;
        got += r;
    }
    buf[got] = 0;
    return got;
}

static void test_open(void)
{
    int s = -1;
    int m = open_pair(&s);
    if (m < 0) {
        verdict("PTYS0001", 0, "posix_openpt/grantpt/unlockpt/open(ptsname) failed");
        return;
    }
    int ok = 1;
    const char *name = ptsname(m);
    ok &= check(1, name && strncmp(name, "/dev/pts/", 9) == 0);
    ok &= check(2, isatty(m) && isatty(s));
    struct termios t;
    ok &= check(3, tcgetattr(s, &t) == 0 && (t.c_lflag & ICANON) && (t.c_lflag & ECHO) &&
                       (t.c_iflag & ICRNL) && (t.c_oflag & ONLCR) && t.c_cc[VINTR] == 3);
    int n = -1;
    ok &= check(4, ioctl(m, TIOCGPTN, &n) == 0 && n >= 0 && atoi(name + 9) == n);
    close(s);
    close(m);
    report("PTYS0001", ok, "opening a pair or reading its defaults failed");
}

static void test_canon(void)
{
    int s = -1;
    int m = open_pair(&s);
    int ok = check(1, m >= 0);
    char buf[64] = {0};
    ok &= check(2, write(m, "hello\r", 6) == 6);
    ok &= check(3, read(s, buf, sizeof buf) == 6 && memcmp(buf, "hello\n", 6) == 0);
    /* One line per read. */
    ok &= check(4, write(m, "a\nbc\n", 5) == 5);
    ok &= check(5, read(s, buf, sizeof buf) == 2 && memcmp(buf, "a\n", 2) == 0);
    ok &= check(6, read(s, buf, sizeof buf) == 3 && memcmp(buf, "bc\n", 3) == 0);
    /* Not readable before the line ends. */
    struct pollfd pf = {s, POLLIN, 0};
    ok &= check(7, write(m, "part", 4) == 4 && poll(&pf, 1, 50) == 0);
    ok &= check(8, write(m, "\n", 1) == 1 && poll(&pf, 1, 1000) == 1);
    ok &= check(9, read(s, buf, sizeof buf) == 5 && memcmp(buf, "part\n", 5) == 0);
    /* ^D alone: end of file; ^D after text: the text without a newline. */
    ok &= check(10, write(m, "\x04", 1) == 1 && read(s, buf, sizeof buf) == 0);
    ok &= check(11, write(m, "xy\x04", 3) == 3 && read(s, buf, sizeof buf) == 2);
    close(s);
    close(m);
    report("PTYS0002", ok, "canonical mode: lines, ICRNL or ^D wrong");
}

static void test_erase(void)
{
    int s = -1;
    int m = open_pair(&s);
    int ok = check(1, m >= 0);
    char buf[64] = {0};
    ok &= check(2, write(m,
                         "abx\x7f"
                         "c\n",
                         6) == 6);
    ok &= check(3, read(s, buf, sizeof buf) == 4 && memcmp(buf, "abc\n", 4) == 0);
    ok &= check(4, write(m, "junk\x15ok\n", 8) == 8);
    ok &= check(5, read(s, buf, sizeof buf) == 3 && memcmp(buf, "ok\n", 3) == 0);
    ok &= check(6, write(m, "q\bw\n", 4) == 4);
    ok &= check(7, read(s, buf, sizeof buf) == 2 && memcmp(buf, "w\n", 2) == 0);
    ok &= check(8, write(m, "one two\x17three\n", 14) == 14);
    ok &= check(9, read(s, buf, sizeof buf) == 10 && memcmp(buf, "one three\n", 10) == 0);
    close(s);
    close(m);
    report("PTYS0003", ok, "erase (DEL, ^H), kill (^U) or word erase (^W) wrong");
}

static void test_echo(void)
{
    int s = -1;
    int m = open_pair(&s);
    int ok = check(1, m >= 0);
    char buf[128] = {0};
    ok &= check(2, write(m, "hi\r", 3) == 3);
    ok &= check(3, drain(m, buf, sizeof buf) == 4 && strcmp(buf, "hi\r\n") == 0);
    read(s, buf, sizeof buf);
    ok &= check(4, write(m, "ab\x7f", 3) == 3);
    ok &= check(5, drain(m, buf, sizeof buf) == 5 && strcmp(buf, "ab\b \b") == 0);
    ok &= check(6, write(s, "out\n", 4) == 4);
    ok &= check(7, drain(m, buf, sizeof buf) == 5 && strcmp(buf, "out\r\n") == 0);
    /* ECHO off (a password prompt): nothing comes back. */
    struct termios t;
    tcgetattr(s, &t);
    t.c_lflag &= ~(tcflag_t)ECHO;
    ok &= check(8, tcsetattr(s, TCSANOW, &t) == 0);
    ok &= check(9, write(m, "secret\r", 7) == 7 && drain(m, buf, sizeof buf) == 0);
    close(s);
    close(m);
    report("PTYS0004", ok, "echo, ECHOE erase echo, ONLCR or ECHO off wrong");
}

static void test_raw(void)
{
    int s = -1;
    int m = open_pair(&s);
    int ok = check(1, m >= 0);
    char buf[64] = {0};
    ok &= check(2, write(m, "pend", 4) == 4); /* an unfinished line */
    struct termios t;
    tcgetattr(s, &t);
    cfmakeraw(&t);
    ok &= check(3, tcsetattr(s, TCSANOW, &t) == 0);
    /* What was typed becomes readable; bytes come as they are, without echo. */
    ok &= check(4, read(s, buf, sizeof buf) == 4 && memcmp(buf, "pend", 4) == 0);
    drain(m, buf, sizeof buf);
    ok &= check(5, write(m, "a\rb\x03", 4) == 4);
    ok &= check(6, read(s, buf, sizeof buf) == 4 && memcmp(buf, "a\rb\x03", 4) == 0);
    ok &= check(7, drain(m, buf, sizeof buf) == 0);
    /* VMIN 0, VTIME 0: a read answers at once. */
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    ok &= check(8, tcsetattr(s, TCSANOW, &t) == 0 && read(s, buf, sizeof buf) == 0);
    /* VMIN 3: the read waits for three bytes. */
    t.c_cc[VMIN] = 3;
    tcsetattr(s, TCSANOW, &t);
    struct pollfd pf = {s, POLLIN, 0};
    ok &= check(9, write(m, "12", 2) == 2 && poll(&pf, 1, 50) == 0);
    ok &= check(10, write(m, "3", 1) == 1 && read(s, buf, sizeof buf) == 3);
    /* VMIN 0, VTIME 2: an empty read answers 0 after 0.2 s. */
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 2;
    tcsetattr(s, TCSANOW, &t);
    uint64_t t0 = now_ns();
    ssize_t r = read(s, buf, sizeof buf);
    uint64_t waited = (now_ns() - t0) / MS;
    ok &= check(12, r == 0 && waited >= 150 && waited < 2000);
    /* VMIN 5, VTIME 1: two bytes then a pause of 0.1 s end the read. */
    t.c_cc[VMIN] = 5;
    t.c_cc[VTIME] = 1;
    tcsetattr(s, TCSANOW, &t);
    ok &= check(13, write(m, "ab", 2) == 2 && read(s, buf, sizeof buf) == 2);
    /* ONLCR off in raw output. */
    ok &= check(11, write(s, "x\n", 2) == 2 && drain(m, buf, sizeof buf) == 2);
    close(s);
    close(m);
    report("PTYS0005", ok, "raw mode (cfmakeraw, VMIN, VTIME) wrong");
}

static volatile int got_sig;

static void on_sig(int sig)
{
    got_sig = sig;
}

/* A child that opens the slave (so it is the terminal's foreground), says
 * "r", and waits in read until a signal comes; its exit status is the signal. */
static pid_t signal_child(int m)
{
    const char *name = ptsname(m);
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = on_sig;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGQUIT, &sa, NULL);
        sigaction(SIGWINCH, &sa, NULL);
        int s = open(name, O_RDWR);
        if (s < 0)
            _exit(100);
        write(s, "r", 1);
        char c;
        for (int i = 0; i < 300 && !got_sig; i++) {
            struct pollfd pf = {s, POLLIN, 0};
            poll(&pf, 1, 10);
        }
        ssize_t r = read(s, &c, 1); /* after ^C the line was flushed: nothing to read */
        (void)r;
        _exit(got_sig);
    }
    return pid;
}

static int wait_ready(int m)
{
    char c = 0;
    struct pollfd pf = {m, POLLIN, 0};
    return poll(&pf, 1, 3000) == 1 && read(m, &c, 1) == 1 && c == 'r';
}

static void test_sigint(void)
{
    int m = open_pair(NULL);
    int ok = check(1, m >= 0);
    pid_t pid = signal_child(m);
    ok &= check(2, wait_ready(m));
    ok &= check(3, write(m, "typed\x03", 6) == 6);
    /* The child's read after the signal must not see "typed" (flushed): write
     * a line so it ends. */
    cobalt_sleep(50 * MS);
    write(m, "\n", 1);
    int st = 0;
    waitpid(pid, &st, 0);
    ok &= check(4, WIFEXITED(st) && WEXITSTATUS(st) == SIGINT);
    char buf[64];
    drain(m, buf, sizeof buf);
    ok &= check(5, strncmp(buf, "typed^C", 7) == 0);
    close(m);
    /* ^\ is SIGQUIT. */
    m = open_pair(NULL);
    pid = signal_child(m);
    ok &= check(6, wait_ready(m) && write(m, "\x1c", 1) == 1);
    cobalt_sleep(50 * MS);
    write(m, "\n", 1);
    waitpid(pid, &st, 0);
    ok &= check(7, WIFEXITED(st) && WEXITSTATUS(st) == SIGQUIT);
    close(m);
    report("PTYS0006", ok, "^C did not deliver SIGINT (or ^\\ SIGQUIT) to the slave's process");
}

static void test_winsize(void)
{
    int m = open_pair(NULL);
    int ok = check(1, m >= 0);
    pid_t pid = signal_child(m);
    ok &= check(2, wait_ready(m));
    struct winsize ws = {30, 100, 0, 0}, got = {0};
    ok &= check(3, ioctl(m, TIOCSWINSZ, &ws) == 0);
    ok &= check(4, ioctl(m, TIOCGWINSZ, &got) == 0 && got.ws_row == 30 && got.ws_col == 100);
    cobalt_sleep(50 * MS);
    write(m, "\n", 1);
    int st = 0;
    waitpid(pid, &st, 0);
    ok &= check(5, WIFEXITED(st) && WEXITSTATUS(st) == SIGWINCH);
    close(m);
    report("PTYS0007", ok, "TIOCSWINSZ/TIOCGWINSZ or SIGWINCH wrong");
}

static void test_hangup(void)
{
    int s = -1;
    int m = open_pair(&s);
    int ok = check(1, m >= 0);
    signal(SIGHUP, SIG_IGN); /* this process opened the slave: it gets the SIGHUP */
    close(m);
    char c;
    struct pollfd pf = {s, POLLIN, 0};
    int n = 0;
    for (int i = 0; i < 100 && !(pf.revents & POLLHUP); i++) {
        n = poll(&pf, 1, 0);
        cobalt_sleep(10 * MS);
    }
    ok &= check(2, n == 1 && (pf.revents & POLLHUP));
    ok &= check(3, read(s, &c, 1) == 0);
    ok &= check(4, write(s, "x", 1) < 0 && errno == EIO);
    close(s);
    /* The slave's last close: the master reads what is left, then EIO. */
    m = open_pair(&s);
    ok &= check(5, m >= 0 && write(s, "bye", 3) == 3);
    close(s);
    pf = (struct pollfd){m, POLLIN, 0};
    for (int i = 0; i < 100 && !(pf.revents & POLLHUP); i++) {
        poll(&pf, 1, 0);
        cobalt_sleep(10 * MS);
    }
    char buf[16];
    ok &= check(6, (pf.revents & POLLHUP) != 0);
    ok &= check(7, read(m, buf, sizeof buf) == 3);
    ok &= check(8, read(m, buf, sizeof buf) < 0 && errno == EIO);
    close(m);
    signal(SIGHUP, SIG_DFL);
    report("PTYS0008", ok, "hang-ups: master close or slave close not seen by the other end");
}

static void test_bad_input(void)
{
    int s = -1;
    int m = open_pair(&s);
    int ok = check(1, m >= 0);
    char buf[64];
    ok &= check(2, cobalt_fcall(s, FCALL_IOCTL, TCGETS, 0, (long)buf, 10) == -EINVAL);
    ok &= check(3, cobalt_fcall(s, FCALL_IOCTL, TCSETS, 0, (long)buf, 35) == -EINVAL);
    ok &= check(4, cobalt_fcall(m, FCALL_IOCTL, TIOCSWINSZ, 0, (long)buf, 7) == -EINVAL);
    ok &= check(5, cobalt_fcall(m, FCALL_IOCTL, TIOCSPTLCK, 0, (long)buf, 3) == -EINVAL);
    ok &= check(6, cobalt_fcall(m, FCALL_IOCTL, 0x5499, 0, 0, 0) == -ENOTTY);
    ok &= check(7, ioctl(s, TIOCGPTN, buf) < 0 && errno == ENOTTY);
    ok &= check(8, cobalt_fcall(m, FCALL_FIRST_PRIVATE + 3, 0, 0, 0, 0) == -ENOSYS);
    ok &= check(9, open("pty:99", O_RDWR) < 0 && errno == ENOENT);
    ok &= check(10, open("pty:abc", O_RDWR) < 0 && errno == ENOENT);
    ok &= check(11, open("pty:00", O_RDWR) < 0 && errno == ENOENT);
    ok &= check(12, open("pty:", O_RDWR) < 0 && errno == ENOENT);
    int lm = posix_openpt(O_RDWR);
    ok &= check(13, lm >= 0 && open(ptsname(lm), O_RDWR) < 0 && errno == EIO);
    close(lm);
    ok &= check(14, lseek(m, 0, SEEK_SET) < 0 && errno == ESPIPE);
    ok &= check(15, cobalt_fcall(m, FCALL_FLAGS, 0x7fffffff, 0, 0, 0) == -EINVAL);
    /* The server still answers. */
    /* The foreground must be in the terminal's session: init (pid 1) is not. */
    int one = 1, self = getpid();
    ok &= check(17, ioctl(m, TIOCSPGRP, &one) < 0 && errno == EPERM);
    ok &= check(18, ioctl(s, TIOCSPGRP, &self) == 0 && tcgetpgrp(s) == self);
    ok &= check(16, write(m, "ok\n", 3) == 3 && read(s, buf, sizeof buf) == 3);
    close(s);
    close(m);
    report("PTYS0009", ok, "a bad request was taken, or the server stopped answering");
}

static void test_poll(void)
{
    int s = -1;
    int m = open_pair(&s);
    int ok = check(1, m >= 0);
    struct pollfd pf = {m, POLLIN | POLLOUT, 0};
    ok &= check(2, poll(&pf, 1, 0) == 1 && pf.revents == POLLOUT);
    pid_t pid = fork();
    if (pid == 0) {
        cobalt_sleep(30 * MS);
        write(s, "z", 1);
        _exit(0);
    }
    pf = (struct pollfd){m, POLLIN, 0};
    ok &= check(3, poll(&pf, 1, 2000) == 1 && (pf.revents & POLLIN));
    waitpid(pid, NULL, 0);
    char buf[8];
    ok &= check(4, read(m, buf, sizeof buf) == 1);
    int n = -1;
    write(m, "ab\n", 3);
    drain(m, buf, sizeof buf);
    ok &= check(5, ioctl(s, FIONREAD, &n) == 0 && n == 3);
    close(s);
    close(m);
    report("PTYS0010", ok, "poll readiness or FIONREAD of a pair wrong");
}

static void test_interrupted_read(void)
{
    int m = open_pair(NULL);
    int ok = check(1, m >= 0);
    const char *name = ptsname(m);
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = on_sig;
        sigaction(SIGUSR1, &sa, NULL);
        int s = open(name, O_RDWR);
        char buf[16] = {0};
        write(s, "r", 1);
        ssize_t r1 = read(s, buf, sizeof buf); /* interrupted */
        int e = errno;
        ssize_t r2 = read(s, buf, sizeof buf); /* the line typed after the signal */
        _exit(r1 == -1 && e == EINTR && r2 == 5 && memcmp(buf, "data\n", 5) == 0 ? 0 : 1);
    }
    ok &= check(2, wait_ready(m));
    cobalt_sleep(50 * MS);
    kill(pid, SIGUSR1);
    cobalt_sleep(50 * MS);
    ok &= check(3, write(m, "data\r", 5) == 5);
    int st = 0;
    waitpid(pid, &st, 0);
    ok &= check(4, WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(m);
    report("PTYS0012", ok, "a slave read interrupted by a signal lost the line typed after it");
}

/* Random requests on both ends of pairs (non-blocking), random names; the
 * terminal signals are ignored here, as random input holds ^C. The server
 * must stay the same process and keep answering. */
static void test_fuzz(void)
{
    int before = find_proc("pty");
    static const int sigs[] = {SIGINT, SIGQUIT, SIGHUP, SIGWINCH, SIGTSTP};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_IGN);
    for (int round = 0; round < 30; round++) {
        int s = -1;
        int m = open_pair(&s);
        if (m < 0)
            continue;
        fcntl(m, F_SETFL, O_NONBLOCK);
        fcntl(s, F_SETFL, O_NONBLOCK);
        for (int i = 0; i < 60; i++)
            fuzz_request(fuzz_next() & 1 ? s : m);
        char name[40] = "pty:";
        for (int i = 4; i < 4 + (int)(fuzz_next() % 6); i++)
            name[i] = "0123456789ptmx/"[fuzz_next() % 15];
        int fd = open(name, O_RDWR | O_NONBLOCK);
        if (fd >= 0)
            close(fd);
        close(fuzz_next() & 1 ? s : m); /* one end first: hang-ups mid-way */
        for (int i = 0; i < 5; i++)
            fuzz_request(m), fuzz_request(s);
        close(m);
        close(s);
    }
    int s = -1;
    int m = open_pair(&s);
    char buf[8] = {0};
    int works = m >= 0 && write(m, "ok\n", 3) == 3 && read(s, buf, sizeof buf) == 3;
    close(s);
    close(m);
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);
    verdict("PTYS0013", before > 0 && find_proc("pty") == before && works,
            "random requests crashed the pty server or left it not answering");
}

/* The stand-in serial scheme "fakeserial": what the console writes is
 * captured; what the test types is answered to the console's reads. */
static char captured[8192];
static size_t ncaptured;
static const char *typing;
static uint64_t read_tag;
static int read_waiting;
static size_t read_want;
static struct ss_scheme fake;

static void fake_post(void)
{
    ss_notify(&fake, 1, WAIT_WRITABLE | (typing && *typing ? WAIT_READABLE : 0));
}

static void fake_feed(void)
{
    if (!read_waiting || !typing || !*typing)
        return;
    size_t n = strlen(typing) < read_want ? strlen(typing) : read_want;
    if (ss_reply(&fake, read_tag, (long)n, typing, n) == 0)
        typing += n;
    read_waiting = 0;
    fake_post();
}

static long fake_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx, (void)rq, (void)flags;
    return path[0] ? -ENOENT : 1;
}

static long fake_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx, (void)id, (void)out;
    read_tag = rq->msg.tag;
    read_want = want;
    read_waiting = 1;
    fake_feed();
    return SS_DEFER;
}

static long fake_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx, (void)rq, (void)id;
    size_t n = len < sizeof captured - 1 - ncaptured ? len : sizeof captured - 1 - ncaptured;
    memcpy(captured + ncaptured, data, n);
    ncaptured += n;
    captured[ncaptured] = 0;
    fake_post();
    return (long)len;
}

static const struct ss_ops fake_ops = {.open = fake_open, .read = fake_read, .write = fake_write};

static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Serves the stand-in scheme until `what` shows `times` times in the capture. */
static int await_output(struct ss_loop *loop, const char *what, int times, unsigned ms)
{
    uint64_t end = now_ns() + ms * MS;
    while (now_ns() < end) {
        if (occurrences(captured, what) >= times)
            return 1;
        ss_loop_run_once(loop, (long)(10 * MS));
    }
    return occurrences(captured, what) >= times;
}

static void test_console(void)
{
    static struct ss_loop loop;
    fake = (struct ss_scheme){.name = "fakeserial", .ops = &fake_ops};
    ss_loop_init(&loop);
    int ok = check(1, ss_loop_add_scheme(&loop, &fake) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        char *const args[] = {"bin/console", "fakeserial:", "/bin/ptytest", "minishell", NULL};
        execve("/bin/console", args, environ);
        _exit(127);
    }
    ok &= check(2, await_output(&loop, "dash on COM1", 1, 5000));
    ok &= check(3, await_output(&loop, "mini$ ", 1, 5000));
    typing = "echo hello\r";
    fake_feed();
    fake_post();
    /* The echo of the typed line, then the command's output. */
    ok &= check(4, await_output(&loop, "echo hello\r\nhello\r\n", 1, 5000));
    /* The shell exits: the console starts another one. */
    typing = "exit\r";
    fake_feed();
    fake_post();
    ok &= check(5, await_output(&loop, "dash on COM1", 2, 5000));
    ok &= check(6, await_output(&loop, "mini$ ", 3, 5000));
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    cobalt_log_printf("ptytest: the console wrote %zu bytes", ncaptured);
    report("PTYS0011", ok, "the console did not relay between its serial scheme and the shell");
}

/* The stand-in shell of PTYS0011: a prompt, `echo <text>`, `exit`. */
static int minishell(void)
{
    char line[256];
    for (;;) {
        write(1, "mini$ ", 6);
        ssize_t r = read(0, line, sizeof line - 1);
        if (r <= 0)
            return 0;
        line[r] = 0;
        if (strncmp(line, "echo ", 5) == 0)
            write(1, line + 5, strlen(line + 5));
        else if (strncmp(line, "exit", 4) == 0)
            return 0;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return run_under_init("etc/services.pipe", "bin/ptytest", "PTYS0000");
    if (strcmp(argv[1], "minishell") == 0)
        return minishell();
    test_open();
    test_canon();
    test_erase();
    test_echo();
    test_raw();
    test_sigint();
    test_winsize();
    test_hangup();
    test_bad_input();
    test_poll();
    test_interrupted_read();
    test_fuzz();
    test_console();
    return failures ? 1 : 0;
}
