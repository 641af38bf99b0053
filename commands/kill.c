/* kill: sends a signal (TERM by default) to processes: kill [-s NAME | -NAME |
 * -NUM] pid...; kill -l lists the signal names. */
#include "lib/cmd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    int num;
} sigs[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT},   {"ILL", SIGILL},   {"TRAP", SIGTRAP},
    {"ABRT", SIGABRT}, {"BUS", SIGBUS},   {"FPE", SIGFPE},     {"KILL", SIGKILL}, {"USR1", SIGUSR1},
    {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE},   {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP},   {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"URG", SIGURG},   {"WINCH", SIGWINCH},
};
#define NSIGS (sizeof sigs / sizeof sigs[0])

/* A signal given by name (with or without "SIG") or number; -1 if unknown. */
static int signal_number(const char *s)
{
    long num;
    if (parse_count(s, &num) == 0)
        return num < 65 ? (int)num : -1;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < NSIGS; i++)
        if (strcasecmp(s, sigs[i].name) == 0)
            return sigs[i].num;
    return -1;
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    int sig = SIGTERM, i = 1;
    if (i < argc && strcmp(argv[i], "-l") == 0) {
        for (size_t k = 0; k < NSIGS; k++)
            printf("%s%s", sigs[k].name, k + 1 < NSIGS ? " " : "\n");
        return 0;
    }
    if (i < argc && strcmp(argv[i], "-s") == 0) {
        if (i + 1 >= argc)
            cmd_usage("[-s signal | -signal] pid...");
        sig = signal_number(argv[i + 1]);
        if (sig < 0) {
            cmd_warn("%s: unknown signal", argv[i + 1]);
            return 1;
        }
        i += 2;
    } else if (i < argc && strcmp(argv[i], "--") == 0) {
        i++;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1]) {
        sig = signal_number(argv[i] + 1);
        if (sig < 0) {
            cmd_warn("%s: unknown signal", argv[i] + 1);
            return 1;
        }
        i++;
    }
    if (i >= argc)
        cmd_usage("[-s signal | -signal] pid...");
    int status = 0;
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (!*argv[i] || *end) {
            cmd_warn("%s: not a process id", argv[i]);
            status = 1;
        } else if (kill((pid_t)pid, sig) != 0) {
            cmd_error(argv[i]);
            status = 1;
        }
    }
    return status;
}
