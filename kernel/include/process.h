/* Processes: an address space, threads, a parent and children, and the exit
 * status a parent collects with wait. */
#ifndef COBALT_PROCESS_H
#define COBALT_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "signal.h"
#include "waitq.h"

struct handle_table;
struct thread;
struct vm_space;

#define PROCESS_MAX             256
#define PROCESS_NAME_MAX        32
#define THREADS_PER_PROCESS_MAX 64

enum process_state {
    PROCESS_ALIVE,
    PROCESS_ZOMBIE, /* exited; waiting for its parent to collect the status */
};

struct process {
    int pid;
    enum process_state state;
    char name[PROCESS_NAME_MAX];
    struct process *parent;
    struct vm_space *vm;
    struct handle_table *handles;
    struct thread *threads; /* linked by proc_next; guarded by the kernel lock */
    int thread_count;
    int wait_status;         /* POSIX encoding: code << 8, or the signal number */
    struct waitq child_exit; /* the parent's wait() blocks here */
    bool exiting;
    struct signal_state signals;
    bool may_do_io; /* may bind IRQs, take I/O ports and map device memory */
    uint8_t *iomap; /* IOMAP_BYTES, a clear bit grants a port; NULL: none */
};

/* Creates a process (no threads yet) with a fresh address space. */
struct process *process_create(const char *name, struct process *parent);
struct process *process_find(int pid);
/* The process in table slot i (0..PROCESS_MAX-1), or NULL: for listing. */
struct process *process_slot(int i);
/* How many processes exist (alive or zombie). */
int process_count(void);
/* Ends the current process with a POSIX wait status; never returns. */
__attribute__((noreturn)) void process_exit_current(int wait_status);
/* Ends process p (any thread state) with wait_status; returns if p is not the
 * caller's process. */
void process_kill(struct process *p, int wait_status);
/* Collects one exited child (pid -1 = any): 0 and *pid_out/status when found,
 * -ECHILD when there is no such child, -EAGAIN when none has exited yet. */
int process_reap(struct process *parent, int pid, int *pid_out, int *status_out, bool peek);
/* Makes t leave at its next return towards user mode (waking it if blocked). */
void thread_kill(struct thread *t);
/* Wakes t with -EINTR if it is blocked (a signal arrived). */
void thread_interrupt(struct thread *t);
/* The thread leaves the process; the last one ends the process. */
__attribute__((noreturn)) void thread_exit_current(void);

/* Frees a process that never started a thread (spawn failed half-way). */
void process_discard(struct process *p);

/* The first user process's exit is reported on the harness channel. */
void process_set_first(struct process *p);

#endif
