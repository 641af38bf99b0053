/* orbclient's "hang" scenario: a second client whose window H stops
 * answering (it never reads its events, so it answers neither pings nor a
 * close request) beside this client's responsive window B. Orbital titles H
 * "not responding" (ORBT0017) and kills its client once a close request has
 * gone unanswered too (ORBT0018); run() reports the child's end. */
#include "orbclient.h"

#include <cobalt/debug.h>
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t child_opened;

static void on_opened(int sig)
{
    (void)sig;
    child_opened = 1;
}

int scenario_hang(pid_t *watch)
{
    /* The child says "H is open" with SIGUSR1 (the test boot has no pipe
     * server); blocked until sigsuspend so it cannot come too early. */
    struct sigaction sa = {.sa_handler = on_opened};
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (sigaction(SIGUSR1, &sa, NULL) < 0 || sigprocmask(SIG_BLOCK, &usr1, &old) < 0)
        return 1;
    pid_t child = fork();
    if (child < 0)
        return 1;
    if (child == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        int r = open_win("H", "r", 120, 140, 360, 240, 0xFF8E44ADu);
        if (r == 0)
            cobalt_harness_printf("ORBTEST hung client %d", (int)getpid());
        kill(getppid(), SIGUSR1);
        if (r < 0)
            _exit(1);
        for (;;)
            pause(); /* never reads a ping or the close request */
    }
    /* H first, then B: the stacking order is the same on every run. */
    while (!child_opened)
        sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    *watch = child;
    return open_win("B", "r", 420, 300, 360, 240, 0xFF27AE60u) < 0;
}
