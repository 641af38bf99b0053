/* Signals: per-process actions and pending set, per-thread masks, delivery
 * to a user handler on the way back to user mode, and sigreturn. */
#ifndef COBALT_SIGNAL_H
#define COBALT_SIGNAL_H

#include <stdint.h>

#include "cobalt/abi.h"

struct process;
struct thread;
struct trap_frame;

struct signal_state {
    struct cobalt_sigaction action[COBALT_NSIG];
    uint64_t pending; /* bit (sig - 1); guarded by the kernel lock */
};

#define SIGBIT(sig) (1ULL << ((sig)-1))

/* Marks sig pending for p and interrupts a thread that can take it. Default
 * actions that end the process are carried out at that thread's return. */
void signal_send(struct process *p, int sig);
/* Marks sig pending for thread t only (thread_kill) and interrupts it. */
void signal_send_thread(struct thread *t, int sig);
/* True when t has a signal it can take now (process-wide or its own). */
int signal_pending_for(struct thread *t);
/* True when p has a handler for sig that the current thread does not block
 * (faults are delivered instead of killing). */
int signal_catchable(struct process *p, struct thread *t, int sig);
/* Called before returning to user mode: performs default actions or builds a
 * handler frame on the user stack. */
void signal_deliver(struct thread *t, struct trap_frame *f);
/* The sigreturn system call: restores the frame saved by signal_deliver. */
long signal_return(struct thread *t, struct trap_frame *f);

#endif
