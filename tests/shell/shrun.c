/* shrun: runs the shell-script tests of tests/shell inside Cobalt (SHEL*,
 * tests/cases/shell.py, docs/shell.md).
 *
 * Booted as the first process (init=bin/shrun) it execs
 * `bin/init -f etc/services bin/shrun client`, so init (still pid 1) starts
 * the system's services and runs this program again as its client. The
 * client runs every script of the table below with /bin/sh (dash), stdin on
 * /dev/null, stdout and stderr captured together, and compares what came out,
 * followed by a line `[exit N]` (the script's exit status), with the script's
 * expected-output file. Each script is one verdict on the harness channel; a
 * difference logs the whole output on the kernel log. init exits with this
 * program's status: the harness's EXIT. */
#include <cobalt/sys.h>

#include "capture.h"
#include "embedded.h"
#include "interactive.h"

#include <cobalt/debug.h>
#include <cobalt/underinit.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SCRIPT_DIR  "tests/shell/" /* in the boot image */
#define SCRIPT_SECS 60             /* a script running longer is killed */
#define OUTPUT_MAX  (64 * 1024)
#define SCRIPT_MAX  (15 * 1024) /* what the kernel's exec takes as arguments */

/* What a script needs beyond dash and nullzero. */
enum { PIPES = 1, IMAGE = 2, TMP = 4, PTY = 8 };
#define NEEDS 4
/* pipes: pipe() (the pipe server); image: the boot image served at / (dash
 * finds commands on PATH with stat); tmp: a writable /tmp (tmpfs); pty: a
 * pty pair (the pty server). */
static const char *const need_names[NEEDS] = {"pipes", "image", "tmp", "pty"};

static const struct script {
    const char *id, *name;
    int needs;
} scripts[] = {
    {"SHEL0001", "basics", 0},          /* variables, expansions, arithmetic, case, functions */
    {"SHEL0002", "loops", 0},           /* for, while, until, break, continue */
    {"SHEL0003", "status", 0},          /* exit codes, $?, &&, ||, !, set -e, subshells */
    {"SHEL0004", "jobs", 0},            /* background jobs, $!, wait */
    {"SHEL0005", "trap", 0},            /* trap and kill, to itself and to a job */
    {"SHEL0006", "exec", 0},            /* the commands run by path, no files needed */
    {"SHEL0007", "pipes", PIPES},       /* pipelines, command substitution */
    {"SHEL0008", "files", IMAGE | TMP}, /* redirection to /tmp files */
    {"SHEL0009", "commands", PIPES | IMAGE | TMP}, /* the file commands */
    {"SHEL0010", "procs", PIPES | IMAGE | TMP},    /* ps and kill, by name */
    {"SHEL0011", "errors", IMAGE | TMP},           /* error messages and exit codes */
    {"SHEL0013", "builtins", PIPES | IMAGE | TMP}, /* read, getopts, eval, command -v... */
    /* Not a script: dash -i on a pty (interactive.c). */
    {"SHEL0012", "interactive", PIPES | IMAGE | TMP | PTY},
};

/* What the system has (probe_needs). */
static int have;

static void probe_needs(void)
{
    int fds[2];
    if (pipe(fds) == 0) {
        close(fds[0]);
        close(fds[1]);
        have |= PIPES;
    }
    struct stat st;
    if (stat("/bin/sh", &st) == 0)
        have |= IMAGE;
    int fd = open("/tmp/.shrun-probe", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        close(fd);
        unlink("/tmp/.shrun-probe");
        have |= TMP;
    }
    if (interactive_possible())
        have |= PTY;
    cobalt_log_printf("shrun: pipes %s, image %s, tmp %s, pty %s", have & PIPES ? "yes" : "no",
                      have & IMAGE ? "yes" : "no", have & TMP ? "yes" : "no",
                      have & PTY ? "yes" : "no");
}

static int failures;

static void verdict(const char *id, int ok, const char *why)
{
    cobalt_harness_printf("TEST %s %s%s%.300s", id, ok ? "PASS" : "FAIL", ok ? "" : " ",
                          ok ? "" : why);
    if (!ok)
        failures++;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Logs text on the kernel log, one line per call. */
static void log_text(const char *name, const char *what, const char *text)
{
    cobalt_log_printf("shrun: %s: %s:", name, what);
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        cobalt_log_printf("  | %.*s", len, p);
        p += len + (nl != NULL);
    }
}

/* Waits for pid at most until deadline (then kills it); its status or -1. */
static int wait_until(pid_t pid, double deadline)
{
    int status;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0)
            return -1;
        if (now_s() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        usleep(10000);
    }
}

/* Starts /bin/sh on the script with stdout and stderr on out; the pid or -1. */
static pid_t start_shell(const char *name, const char *text, int out)
{
    char path[64];
    snprintf(path, sizeof path, "/" SCRIPT_DIR "%s.sh", name);
    /* With a file server the script is run by its path; until then (or if the
     * boot image is not served) its text is given with -c. */
    int probe = open(path, O_RDONLY);
    if (probe >= 0)
        close(probe);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    int in = open("/dev/null", O_RDONLY);
    if (in >= 0 && in != 0) {
        dup2(in, 0);
        close(in);
    }
    dup2(out, 1);
    dup2(out, 2);
    if (out > 2)
        close(out);
    char *envp[] = {"PATH=/bin", "HOME=/", "TMPDIR=/tmp", NULL};
    char *file_argv[] = {"sh", path, NULL};
    char *text_argv[] = {"sh", "-c", (char *)text, (char *)name, NULL};
    execve("/bin/sh", probe >= 0 ? file_argv : text_argv, envp);
    _exit(126);
}

/* Runs one script: its output (and the [exit N] line) into out; 0 or -1. */
static int run_script(const char *name, const char *text, char *out, size_t max)
{
    int fds[2];
    double deadline = now_s() + SCRIPT_SECS;
    int status;
    size_t len = 0;
    if (pipe(fds) == 0) {
        pid_t pid = start_shell(name, text, fds[1]);
        close(fds[1]);
        if (pid < 0) {
            close(fds[0]);
            return -1;
        }
        /* Read until every writer is gone (the script and what it left
         * running), the buffer is full, or the time is up. */
        for (;;) {
            double left = deadline - now_s();
            struct pollfd p = {fds[0], POLLIN, 0};
            if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) < 0)
                break;
            if (!p.revents)
                continue;
            ssize_t n = read(fds[0], out + len, max - 1 - len);
            if (n <= 0 || (len += (size_t)n) == max - 1)
                break;
        }
        close(fds[0]);
        status = wait_until(pid, deadline);
    } else {
        /* No pipes yet: our own capture scheme (capture.c). */
        int fd = capture_open();
        if (fd < 0)
            return -1;
        pid_t pid = start_shell(name, text, fd);
        close(fd);
        if (pid < 0)
            return -1;
        status = wait_until(pid, deadline);
        len = capture_take(out, max - 1);
    }
    out[len] = 0;
    if (status == -1)
        snprintf(out + len, max - len, "[killed after %d s]\n", SCRIPT_SECS);
    else if (WIFSIGNALED(status))
        snprintf(out + len, max - len, "[signal %d]\n", WTERMSIG(status));
    else
        snprintf(out + len, max - len, "[exit %d]\n", WEXITSTATUS(status));
    return 0;
}

/* The first line where got and want differ, described in why. */
static void first_difference(const char *got, const char *want, char *why, size_t max)
{
    int line = 1;
    for (;;) {
        const char *g = strchr(got, '\n'), *w = strchr(want, '\n');
        size_t gl = g ? (size_t)(g - got) : strlen(got), wl = w ? (size_t)(w - want) : strlen(want);
        if (gl != wl || memcmp(got, want, gl) != 0 || !g != !w) {
            snprintf(why, max, "line %d: got '%.*s', want '%.*s'", line, (int)(gl > 100 ? 100 : gl),
                     got, (int)(wl > 100 ? 100 : wl), want);
            return;
        }
        if (!g)
            break;
        got = g + 1;
        want = w + 1;
        line++;
    }
    snprintf(why, max, "outputs differ");
}

static char output[OUTPUT_MAX], text[SCRIPT_MAX + 1], want[OUTPUT_MAX];

/* A script or expected output (compiled in) as a string in buf; 0, or -1 if
 * missing or too big. */
static int image_file(const char *name, const char *ext, char *buf, size_t max)
{
    char file[64];
    snprintf(file, sizeof file, "%s.%s", name, ext);
    const char *data = embedded_file(file);
    if (!data || strlen(data) >= max)
        return -1;
    strcpy(buf, data);
    return 0;
}

static void run_one(const struct script *s)
{
    char why[400];
    for (int b = 0; b < NEEDS; b++) {
        if ((s->needs & (1 << b)) && !(have & (1 << b))) {
            cobalt_harness_printf("SHRUN waiting %s %s", s->id, need_names[b]);
            return;
        }
    }
    if (strcmp(s->name, "interactive") == 0) {
        double start = now_s();
        int r = interactive_run(why, sizeof why);
        cobalt_log_printf("shrun: interactive (%s) ran in %.2f s", s->id, now_s() - start);
        verdict(s->id, r == 0, why);
        return;
    }
    if (image_file(s->name, "sh", text, sizeof text) != 0 ||
        image_file(s->name, "out", want, sizeof want) != 0) {
        verdict(s->id, 0, "its script or expected output is not compiled in (or too big)");
        return;
    }
    double start = now_s();
    if (run_script(s->name, text, output, sizeof output) != 0) {
        verdict(s->id, 0, "could not start /bin/sh");
        return;
    }
    cobalt_log_printf("shrun: %s (%s) ran in %.2f s", s->name, s->id, now_s() - start);
    if (strcmp(output, want) == 0) {
        verdict(s->id, 1, "");
        return;
    }
    log_text(s->name, "output", output);
    log_text(s->name, "expected", want);
    first_difference(output, want, why, sizeof why);
    verdict(s->id, 0, why);
}

int main(int argc, char **argv)
{
    /* The first process: become init with the services, this program as its client. */
    if (argc < 2)
        return run_under_init("etc/services", "bin/shrun", "SHEL0900");
    verdict("SHEL0900", 1, "");
    probe_needs();
    /* argv[2..]: only these scripts (by name), for a developer's run. */
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        int wanted = argc < 3;
        for (int a = 2; a < argc; a++)
            wanted |= strcmp(argv[a], scripts[i].name) == 0;
        if (wanted)
            run_one(&scripts[i]);
    }
    return failures ? 1 : 0;
}
