/* Orbital's test client (bin/orbclient, the ORBT* screenshot tests in
 * tests/cases/orbital.py): what its files share. client.c opens, paints and
 * serves windows; main.c picks the scenario; misbehave.c and hang.c hold the
 * scenarios that break the protocol or stop answering on purpose; restart.c
 * kills Orbital under a window and opens it again. */
#ifndef ORBCLIENT_H
#define ORBCLIENT_H

#include <cobalt/window.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define MAX_WIN 8

struct win {
    struct cobalt_window w;
    const char *name;
    uint32_t colour;
    bool open;
};

extern struct win wins[MAX_WIN];
extern int nwins;

/* Opens window `name` at (x, y), wd x ht, and paints it in colour c: 0 or
 * -errno (reported on the channel). */
int open_win(const char *name, const char *flags, int x, int y, int wd, int ht, uint32_t c);
void paint(struct win *v);
/* Serves every window's events until all are closed: the exit status. While
 * `child` is above 0, also reports when that child process ends. */
int run(pid_t child);
/* Faults on purpose (a write to an unmapped address). */
void crash_now(void);

/* A scenario opens its windows: 0 to serve them (after "ORBTEST ready"),
 * else the exit status. *child: a process run() should watch, or 0. */
int scenario_crashmix(pid_t *child);
int scenario_crash(pid_t *child);
int scenario_garbage(pid_t *child);
int scenario_noread(pid_t *child);
int scenario_many(pid_t *child);
int scenario_hang(pid_t *child);
int scenario_restart(pid_t *child);

#endif
