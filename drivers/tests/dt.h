/* The drivers' test program's shared helpers (drvtest.c and its parts):
 * verdicts, the clock, opening with retry, finding a driver's pid. */
#ifndef DRIVERS_TESTS_DT_H
#define DRIVERS_TESTS_DT_H

#include <stdint.h>

#define MS 1000000ull

void dt_verdict(const char *id, int ok, const char *why);
uint64_t dt_now(void);
/* open(), retrying while the scheme is missing or its server just died
 * (ENOENT, EPIPE) for up to ms milliseconds. */
int dt_open_retry(const char *path, int flags, unsigned ms);
/* The pid of the live process named name, or -1. */
int dt_find_proc(const char *name);
/* Kills the driver named name and waits (up to 3 s) for a new pid; returns
 * the new pid or -1; *old_pid gets the killed one. */
int dt_kill_and_wait(const char *name, int *old_pid);
extern int dt_failures;

/* The parts: each reports its own DRVR ids. */
void dt_serial(void);
void dt_input_bad(void);
void dt_display(void);
void dt_restart(void);
int dt_echo(void);

#endif
