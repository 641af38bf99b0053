/* console: the user console on COM1 (docs/pty.md "The console"). It opens
 * the serial driver's scheme (serial:), starts a shell (/bin/sh -i) on a pty
 * pair, and relays bytes both ways with one wait_many over the serial file,
 * the pty master and its children. When the shell exits it starts a new one;
 * when the serial driver goes away (EPIPE: it crashed and init restarts it)
 * it opens serial: again.
 *
 * Usage: console [serial-path [shell [args...]]] (defaults: serial:,
 * /bin/sh -i); the tests run it against a stand-in serial scheme and shell. */
#include "shell.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MS          1000000ull
#define BANNER      "\r\nCobalt \xe2\x80\x94 dash on COM1\r\n"
#define RESTART_MIN (100 * MS)
#define RESTART_MAX (2000 * MS)

static const char *serial_path = "serial:";
static char *default_shell[] = {"/bin/sh", "-i", NULL};
static char **shell_argv = default_shell;
static int serial = -1;

static void sleep_ns(uint64_t ns)
{
    cobalt_sleep((long)ns);
}

/* Opens the serial scheme, retrying while its driver is (re)starting. */
static void serial_open(void)
{
    int said = 0;
    while ((serial = open(serial_path, O_RDWR)) < 0) {
        if (!said++)
            cobalt_log_printf("console: waiting for %s (%s)", serial_path, strerror(errno));
        sleep_ns(100 * MS);
    }
    cobalt_log_printf("console: %s open", serial_path);
}

/* Writes everything to the serial line; on EPIPE (the driver died) reopens it
 * and drops the rest. */
static void serial_write(const char *buf, size_t len)
{
    while (len) {
        ssize_t w = write(serial, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(serial);
            serial_open();
            return;
        }
        buf += w;
        len -= (size_t)w;
    }
}

static void master_write(int m, const char *buf, size_t len)
{
    while (len) {
        ssize_t w = write(m, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return; /* full (dropped) or going away (the shell will be restarted) */
        buf += w;
        len -= (size_t)w;
    }
}

/* Starts a shell, waiting longer after each quick failure. */
static void start_shell(struct session *s, uint64_t *backoff)
{
    for (;;) {
        int r = session_start(s, shell_argv);
        if (r == 0) {
            cobalt_log_printf("console: started %s (pid %d)", shell_argv[0], (int)s->pid);
            return;
        }
        cobalt_log_printf("console: cannot start a shell: %s", strerror(-r));
        sleep_ns(*backoff);
        *backoff = *backoff * 2 > RESTART_MAX ? RESTART_MAX : *backoff * 2;
    }
}

/* Reaps children; 1 when the shell was among them. */
static int reap(struct session *s)
{
    int st, shell_gone = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        if (pid != s->pid)
            continue;
        shell_gone = 1;
        if (WIFEXITED(st))
            cobalt_log_printf("console: the shell exited with %d", WEXITSTATUS(st));
        else
            cobalt_log_printf("console: the shell was killed by signal %d", WTERMSIG(st));
    }
    return shell_gone;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        serial_path = argv[1];
    if (argc > 2)
        shell_argv = argv + 2;
    serial_open();
    uint64_t backoff = RESTART_MIN;
    static char buf[4096];
    for (;;) {
        struct session s;
        serial_write(BANNER, sizeof BANNER - 1);
        start_shell(&s, &backoff);
        uint64_t started = 0;
        cobalt_clock_get(0, (long)&started);
        int shell_gone = 0, master_dead = 0;
        while (!shell_gone) {
            struct wait_item items[3] = {
                {serial, WAIT_READABLE, 0, 0},
                {master_dead ? serial : s.master, WAIT_READABLE, 0, 0},
                {WAIT_CHILDREN, WAIT_READABLE, 0, 0},
            };
            long n = cobalt_wait_many((long)items, 3, -1L);
            if (n < 0 && n != -EINTR) {
                cobalt_log_printf("console: wait_many failed: %ld", n);
                sleep_ns(100 * MS);
                continue;
            }
            if (items[0].revents & (WAIT_READABLE | WAIT_HANGUP)) {
                ssize_t r = read(serial, buf, sizeof buf);
                if (r > 0) {
                    master_write(s.master, buf, (size_t)r);
                } else if (r == 0 || errno != EINTR) {
                    cobalt_log_printf("console: %s went away; reopening", serial_path);
                    close(serial);
                    serial_open();
                }
            }
            if (!master_dead && (items[1].revents & (WAIT_READABLE | WAIT_HANGUP))) {
                ssize_t r = read(s.master, buf, sizeof buf);
                if (r > 0)
                    serial_write(buf, (size_t)r);
                else if (r == 0 || (errno != EAGAIN && errno != EINTR))
                    master_dead = 1; /* the slave closed: wait for the shell's exit */
            }
            if (items[2].revents)
                shell_gone = reap(&s);
        }
        session_end(&s);
        uint64_t now = 0;
        cobalt_clock_get(0, (long)&now);
        /* A shell that lived a while is restarted at once; one that keeps
         * dying is restarted more and more slowly. */
        if (now - started > 10000 * MS)
            backoff = RESTART_MIN;
        else
            sleep_ns(backoff), backoff = backoff * 2 > RESTART_MAX ? RESTART_MAX : backoff * 2;
    }
}
