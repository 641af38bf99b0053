/* The scheduler: priority round-robin over runnable threads, the idle
 * thread, time slices from the timer, and the return-to-user checks. */
#ifndef COBALT_SCHED_H
#define COBALT_SCHED_H

#include <stdint.h>

#include "thread.h"

/* Turns the boot flow into the idle thread and starts the timer tick. */
void sched_init(void);
void sched_make_runnable(struct thread *t);
/* Gives up the CPU; returns when this thread runs again (never for a thread
 * that is DEAD). The current thread must already be queued or blocked if it
 * is not RUNNABLE/RUNNING. */
void schedule(void);
void sched_yield(void);
/* Timer interrupt: wakes sleepers, charges the time slice. */
void sched_tick(void);
/* Called before every return to user mode: leaves if killed, switches if a
 * reschedule is due, delivers pending work. */
void sched_user_return(void);
/* The idle thread's loop: `poll` runs with interrupts off before each halt. */
__attribute__((noreturn)) void sched_idle_loop(void (*poll)(void));

struct process;
/* The TSS's I/O bitmap follows p's grants (after ioport_grant). */
void sched_iomap_changed(struct process *p);
/* p is going away: never match its address again. */
void sched_iomap_forget(struct process *p);

/* Adds t to the list of threads with a deadline (sorted). */
void sched_timed_add(struct thread *t);
void sched_timed_remove(struct thread *t);

#endif
