/* libc tests: fork, exec, wait, posix_spawn (bin/lt_child is the program
 * that is run; it answers with its exit status). */
#include "lt.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int global_value = 1;

/* Waits for pid and returns its raw status (-1 if waitpid failed). */
static int reap(pid_t pid)
{
    int status = 0;
    pid_t r = waitpid(pid, &status, 0);
    return r == pid ? status : -1;
}

LT_CASE(LIBC0060, "fork: the child's exit status, getppid, copy-on-write memory")
{
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        global_value = 99; /* the parent must not see this */
        _exit(getppid() == me && getpid() != me ? 7 : 1);
    }
    LT_CHECK(pid > 0, "fork gave %d errno %d", pid, errno);
    int st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "child status %#x", st);
    LT_EQ(global_value, 1);
    /* Several children at once, collected in any order. */
    int seen = 0;
    for (int i = 0; i < 5; i++) {
        pid_t c = fork();
        if (c == 0)
            _exit(10 + i);
        LT_CHECK(c > 0, "fork #%d failed", i);
    }
    for (int i = 0; i < 5; i++) {
        int s2;
        pid_t c = wait(&s2);
        LT_CHECK(c > 0 && WIFEXITED(s2), "wait gave %d status %#x", c, s2);
        seen |= 1 << (WEXITSTATUS(s2) - 10);
    }
    LT_EQ(seen, 31);
    errno = 0;
    LT_CHECK(wait(0) == -1 && errno == ECHILD, "wait with no children: errno %d", errno);
}

LT_CASE(LIBC0061, "execve runs a boot-image program with its arguments and environment")
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"lt_child", "exit", "5", 0};
        execve("/bin/lt_child", argv, (char *[]){0});
        _exit(99);
    }
    int st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "exec'd child status %#x", st);
    pid = fork();
    if (pid == 0) {
        char *argv[] = {"lt_child", "env", "two words", 0};
        char *envp[] = {"A=1", "LT_CHILD=yes", 0};
        execve("bin/lt_child", argv, envp); /* relative to the working directory "/" */
        _exit(99);
    }
    st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "env child status %#x", st);
    /* A failed exec returns, with errno set. */
    pid = fork();
    if (pid == 0) {
        char *argv[] = {"nothing", 0};
        execve("/bin/no-such-program", argv, environ);
        _exit(errno == ENOENT ? 42 : 43);
    }
    st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "failed exec status %#x", st);
    /* execvp searches PATH. */
    pid = fork();
    if (pid == 0) {
        setenv("PATH", "/usr/bin:/bin", 1);
        execvp("lt_child", (char *[]){"lt_child", "exit", "6", 0});
        _exit(99);
    }
    st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6, "execvp child status %#x", st);
}

/* A server whose files take writes; it keeps the bytes. */
static char taken[256];
static size_t taken_len;

static void serve_sink(struct lt_server *s, const struct scheme_request *req, const void *p)
{
    if (req->op == SCHEME_OPEN) {
        lt_reply(s, req, 1, 0, 0);
    } else if (req->op == SCHEME_WRITE) {
        size_t n = req->payload_len;
        if (taken_len + n > sizeof taken)
            n = sizeof taken - taken_len;
        memcpy(taken + taken_len, p, n);
        taken_len += n;
        lt_reply(s, req, (long)n, 0, 0);
    } else if (req->op != SCHEME_CLOSE) {
        lt_reply(s, req, -ENOSYS, 0, 0);
    }
}

LT_CASE(LIBC0062, "close-on-exec fds are closed by exec, the others stay open")
{
    struct lt_server *s = lt_server_start("lt-proc-sink", serve_sink, 0);
    int keep = open("lt-proc-sink:keep", O_WRONLY);
    int gone = open("lt-proc-sink:gone", O_WRONLY | O_CLOEXEC);
    LT_CHECK(s && keep >= 0 && gone >= 0, "opens gave %d %d", keep, gone);
    pid_t pid = fork();
    if (pid == 0) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", gone);
        snprintf(b, sizeof b, "%d", keep);
        execve("/bin/lt_child", (char *[]){"lt_child", "fds", a, b, 0}, environ);
        _exit(99);
    }
    int st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "lt_child fds status %#x", st);
    close(keep);
    close(gone);
    lt_server_stop(s);
}

LT_CASE(LIBC0063, "posix_spawn: arguments, environment, dup2 and close file actions, PATH search")
{
    struct lt_server *s = lt_server_start("lt-proc-sink", serve_sink, 0);
    int out = open("lt-proc-sink:out", O_WRONLY);
    LT_CHECK(s && out >= 0, "open sink: %d", out);
    pid_t pid = -1;
    char *argv[] = {"lt_child", "exit", "9", 0};
    LT_EQ(posix_spawn(&pid, "/bin/lt_child", 0, 0, argv, environ), 0);
    int st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "spawned child status %#x", st);
    char *envp[] = {"LT_CHILD=yes", 0};
    LT_EQ(posix_spawn(&pid, "/bin/lt_child", 0, 0, (char *[]){"c", "env", "two words", 0}, envp),
          0);
    st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "env status %#x", st);
    /* The child's fd 1 is the sink; fd 40 is closed in the child only. */
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    int extra = dup2(out, 40);
    posix_spawn_file_actions_addclose(&fa, extra);
    taken_len = 0;
    LT_EQ(posix_spawn(&pid, "/bin/lt_child", &fa, 0, (char *[]){"c", "write", "spawned!", 0},
                      environ),
          0);
    st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "write child status %#x", st);
    LT_CHECK(taken_len == 8 && memcmp(taken, "spawned!", 8) == 0, "the sink got \"%.*s\"",
             (int)taken_len, taken);
    LT_EQ(fcntl(extra, F_GETFD), 0); /* still open here */
    posix_spawn_file_actions_destroy(&fa);
    close(extra);
    setenv("PATH", "/usr/local/bin:/bin", 1);
    LT_EQ(posix_spawnp(&pid, "lt_child", 0, 0, (char *[]){"c", "exit", "11", 0}, environ), 0);
    st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 11, "posix_spawnp child status %#x", st);
    close(out);
    lt_server_stop(s);
}

LT_CASE(LIBC0064, "posix_spawn of a missing program: the child exits 127 (docs/libc.md)")
{
    pid_t pid = -1;
    int r = posix_spawn(&pid, "/bin/no-such-program", 0, 0, (char *[]){"x", 0}, environ);
    if (r == 0) {
        int st = reap(pid);
        LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 127, "status %#x", st);
    } else {
        LT_EQ(r, ENOENT);
    }
}

LT_CASE(LIBC0065, "waitpid: WNOHANG, a killed child's status, ECHILD for a stranger")
{
    pid_t pid = -1;
    LT_EQ(posix_spawn(&pid, "/bin/lt_child", 0, 0, (char *[]){"c", "pause", 0}, environ), 0);
    int st = 0;
    LT_EQ(waitpid(pid, &st, WNOHANG), 0);
    LT_EQ(kill(pid, SIGTERM), 0);
    st = reap(pid);
    LT_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "killed child status %#x", st);
    errno = 0;
    LT_CHECK(waitpid(1, &st, 0) == -1 && errno == ECHILD, "waitpid(1): errno %d", errno);
    /* vfork + _exit. */
    pid = vfork();
    if (pid == 0)
        _exit(3);
    st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "vfork child status %#x", st);
    /* waitid */
    pid = fork();
    if (pid == 0)
        _exit(4);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    LT_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
    LT_CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 4,
             "waitid pid %d code %d status %d", si.si_pid, si.si_code, si.si_status);
}

/* A server where every path opens (a directory for chdir); it keeps the last
 * path opened. */
static char opened[128];

static void serve_any(struct lt_server *s, const struct scheme_request *req, const void *p)
{
    if (req->op == SCHEME_OPEN) {
        size_t n = req->payload_len < sizeof opened - 1 ? req->payload_len : sizeof opened - 1;
        memcpy(opened, p, n);
        opened[n] = 0;
        lt_reply(s, req, 1, 0, 0);
    } else if (req->op != SCHEME_CLOSE) {
        lt_reply(s, req, -ENOSYS, 0, 0);
    }
}

LT_CASE(LIBC0066, "execve passes the working directory on, unseen; kill(pid, 0) of a child")
{
    struct lt_server *s = lt_server_start("lt-proc-dir", serve_any, 0);
    LT_CHECK(s != 0, "no stand-in server");
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir("lt-proc-dir:sub") != 0)
            _exit(98);
        execve("/bin/lt_child", (char *[]){"lt_child", "cwd", 0}, (char *[]){"A=1", 0});
        _exit(99);
    }
    int st = reap(pid);
    LT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "lt_child cwd status %#x", st);
    LT_CHECK(strcmp(opened, "sub/probe") == 0, "the child opened '%s', not 'sub/probe'", opened);
    lt_server_stop(s);
    /* kill(pid, 0): 0 while the child lives, ESRCH once it is collected. */
    pid = -1;
    LT_EQ(posix_spawn(&pid, "/bin/lt_child", 0, 0, (char *[]){"c", "pause", 0}, environ), 0);
    LT_EQ(kill(pid, 0), 0);
    LT_EQ(kill(pid, SIGKILL), 0);
    st = reap(pid);
    errno = 0;
    LT_CHECK(kill(pid, 0) == -1 && errno == ESRCH, "kill(collected, 0): errno %d", errno);
    errno = 0;
    LT_CHECK(kill(999999, 0) == -1 && errno == ESRCH, "kill(999999, 0): errno %d", errno);
}

int main(void)
{
    return lt_main();
}
