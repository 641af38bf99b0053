/* svctest: the system servers' test (SRVS*, tests/cases/servers.py).
 *
 * Booted as the first process (init=bin/svctest) it execs
 * `bin/init -f etc/services.test bin/svctest client`, so init (still pid 1)
 * starts the test service list (nullzero and crasher) and then runs this
 * program again as its child, which checks the servers and init's
 * supervision. init exits with the client's status: the harness's EXIT. */
#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <cobalt/underinit.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define MS 1000000ull

static int failures;

static void verdict(const char *id, int ok, const char *why)
{
    cobalt_harness_printf("TEST %s %s%s%s", id, ok ? "PASS" : "FAIL", ok ? "" : " ", ok ? "" : why);
    if (!ok)
        failures++;
}

static uint64_t now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

/* Opens path, retrying while the scheme is missing (the server is (re)starting)
 * for up to ms milliseconds. */
static int open_retry(const char *path, int flags, unsigned ms)
{
    uint64_t end = now_ns() + ms * MS;
    for (;;) {
        int fd = open(path, flags);
        if (fd >= 0 || (errno != ENOENT && errno != EPIPE) || now_ns() > end)
            return fd;
        cobalt_sleep(5 * MS);
    }
}

static struct cobalt_proc_info procs[256];

/* Pids of live processes named name (at most max); returns the count. */
static int find_procs(const char *name, int *pids, int max)
{
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    int found = 0;
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++) {
        if (procs[i].state == 0 && strncmp(procs[i].name, name, sizeof procs[i].name) == 0 &&
            found < max)
            pids[found++] = procs[i].pid;
    }
    return found;
}

static int find_proc(const char *name)
{
    int pid;
    return find_procs(name, &pid, 1) ? pid : -1;
}

static void test_null(void)
{
    int fd = open_retry("/dev/null", O_RDWR, 2000);
    if (fd < 0) {
        verdict("SRVS0001", 0, "open /dev/null failed");
        return;
    }
    char buf[64] = "some bytes nobody wants";
    ssize_t w = write(fd, buf, sizeof buf);
    ssize_t r = read(fd, buf, sizeof buf);
    close(fd);
    int fd2 = open("null:", O_WRONLY);
    ssize_t w2 = fd2 >= 0 ? write(fd2, buf, 10) : -1;
    if (fd2 >= 0)
        close(fd2);
    int bad = open("null:nothing", O_RDONLY);
    if (bad >= 0)
        close(bad);
    verdict("SRVS0001", w == (ssize_t)sizeof buf && r == 0 && w2 == 10 && bad < 0,
            "null: write did not take everything, read was not EOF or null:x opened");
}

static void test_zero(void)
{
    int fd = open_retry("/dev/zero", O_RDONLY, 2000);
    static unsigned char buf[10000];
    memset(buf, 0xAA, sizeof buf);
    ssize_t r = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    if (fd >= 0)
        close(fd);
    int zeros = r == (ssize_t)sizeof buf;
    for (size_t i = 0; zeros && i < sizeof buf; i++)
        zeros = buf[i] == 0;
    verdict("SRVS0002", zeros, "zero: did not give 10000 zero bytes");
}

static void test_rand(void)
{
    int fd = open_retry("rand:", O_RDONLY, 2000);
    unsigned char a[64], b[64];
    ssize_t ra = fd >= 0 ? read(fd, a, sizeof a) : -1;
    ssize_t rb = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0)
        close(fd);
    int zeros = 0;
    for (size_t i = 0; i < sizeof a; i++)
        zeros += a[i] == 0;
    verdict("SRVS0003",
            ra == (ssize_t)sizeof a && rb == (ssize_t)sizeof b && memcmp(a, b, sizeof a) != 0 &&
                zeros < 16,
            "rand: reads failed, were equal or mostly zero");
}

static void test_restart(void)
{
    int old = find_proc("nullzero");
    if (old < 0) {
        verdict("SRVS0004", 0, "no nullzero process in sysinfo(SYSINFO_PROCESSES)");
        return;
    }
    long k = cobalt_kill(old, 9);
    if (k < 0) {
        verdict("SRVS0004", 0, "kill(nullzero) failed");
        return;
    }
    /* Within 2 s the schemes answer again, from a new process. */
    uint64_t end = now_ns() + 2000 * MS;
    int fd = -1, pid = -1;
    while (now_ns() < end) {
        pid = find_proc("nullzero");
        if (pid > 0 && pid != old) {
            fd = open_retry("zero:", O_RDONLY, (unsigned)((end - now_ns()) / MS));
            break;
        }
        cobalt_sleep(5 * MS);
    }
    char c = 1;
    ssize_t r = fd >= 0 ? read(fd, &c, 1) : -1;
    if (fd >= 0)
        close(fd);
    verdict("SRVS0004", pid > 0 && pid != old && r == 1 && c == 0,
            "nullzero was not restarted with a new pid answering zero: within 2 s");
    cobalt_log_printf("svctest: nullzero pid %d killed, now pid %d", old, pid);
}

/* crasher crashes 20 ms after each start; init restarts it at once, then
 * after 50, 100, 200 ms, and gives up at the 5th failure (about 0.5 s). */
static void test_give_up(void)
{
    int seen[64], nseen = 0;
    uint64_t end = now_ns() + 3000 * MS;
    while (now_ns() < end) {
        int pids[8];
        int n = find_procs("crasher", pids, 8);
        for (int i = 0; i < n; i++) {
            int known = 0;
            for (int j = 0; j < nseen; j++)
                known |= seen[j] == pids[i];
            if (!known && nseen < 64)
                seen[nseen++] = pids[i];
        }
        cobalt_sleep(2 * MS);
    }
    int pids[8];
    int alive = find_procs("crasher", pids, 8);
    int init_alive = find_proc("init") == (int)cobalt_getppid();
    cobalt_log_printf("svctest: saw %d crasher pids; %d alive at the end", nseen, alive);
    verdict("SRVS0005", alive == 0 && nseen >= 1 && nseen <= 5 && init_alive,
            "crasher never seen, still restarted after 3 s, more than 5 starts, or init gone");
}

int main(int argc, char **argv)
{
    /* The first process: become init with the test list, this program as its client. */
    if (argc < 2)
        return run_under_init("etc/services.test", "bin/svctest", "SRVS0000");
    (void)argv;
    test_null();
    test_zero();
    test_rand();
    test_restart();
    test_give_up();
    return failures ? 1 : 0;
}
