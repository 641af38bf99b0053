/* Threads: a kernel stack, saved context, scheduling state and the user
 * state (trap frame, FS base) of one flow of control in a process. */
#ifndef COBALT_THREAD_H
#define COBALT_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "trap.h"

struct process;
struct waitq;
struct vm_space;

enum thread_state {
    THREAD_RUNNABLE,
    THREAD_RUNNING,
    THREAD_BLOCKED,
    THREAD_DEAD,
};

#define THREAD_PRIORITIES       4
#define THREAD_PRIORITY_DEFAULT 1
#define KSTACK_PAGES            4
#define KSTACK_SIZE             (KSTACK_PAGES * 4096)

struct thread {
    uint64_t saved_rsp; /* context_switch's save slot */
    uint64_t kstack;    /* lowest address of the kernel stack (mm/kstack.c, guard page below) */
    int tid;
    enum thread_state state;
    int priority;
    struct process *proc;
    uint64_t fs_base;
    uint64_t clear_tid; /* user address zeroed and futex-woken at exit, or 0 */

    /* Scheduling links: guarded by the kernel lock. */
    struct thread *run_next;
    struct thread *proc_next;

    /* Blocking: the queue this thread waits on, its link there, the deadline
     * (0 = none), the timed-list link, and the result handed over by wake. */
    struct waitq *waiting_on;
    struct thread *wait_next;
    uint64_t deadline;
    struct thread *timed_next;
    long wake_result;
    struct vm_space *futex_vm; /* the word a futex waiter waits on */
    uint64_t futex_addr;

    bool killed;              /* set when the process is dying: leave at the next kernel exit */
    void *ipc_wait;           /* the scheme request this thread is blocked on (ipc/scheme.c) */
    uint64_t signal_mask;     /* blocked signals, bit (sig - 1) */
    uint64_t signals_pending; /* sent to this thread only (thread_kill) */
    bool frame_restored;      /* sigreturn replaced the frame: leave through iretq */

    /* x87/SSE registers while the thread is not running (fxsave layout). */
    uint8_t fpu[512] __attribute__((aligned(16)));
};

/* The user register frame saved at the top of the thread's kernel stack. */
static inline struct trap_frame *thread_frame(struct thread *t)
{
    return (struct trap_frame *)(t->kstack + KSTACK_SIZE) - 1;
}

/* A new user thread (not yet runnable) with its frame set to enter user mode
 * at rip with rsp and rdi; NULL when out of memory. */
struct thread *thread_create_user(struct process *p, uint64_t rip, uint64_t rsp, uint64_t rdi);
/* Frees a dead thread's stack and structure (never the current thread). */
void thread_free(struct thread *t);

#endif
