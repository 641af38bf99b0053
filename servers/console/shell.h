/* shell: the console's terminal session: a pty pair and the shell on its
 * slave (servers/console, docs/pty.md "The console"). */
#ifndef CONSOLE_SHELL_H
#define CONSOLE_SHELL_H

#include <sys/types.h>

struct session {
    int master; /* -1: none */
    pid_t pid;  /* the shell, 0: none */
};

/* Opens a pair and starts argv[0] (a boot-image path) on its slave as fds
 * 0, 1, 2 with the console's environment: 0, or -errno (nothing left open). */
int session_start(struct session *s, char *const argv[]);
/* Closes the master (the shell and its children get SIGHUP). */
void session_end(struct session *s);

#endif
