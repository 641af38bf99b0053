/* Thread creation and teardown. A user thread's kernel stack holds, from the
 * top: its trap frame (the user registers), then a context_switch frame whose
 * return address is thread_trampoline, so the first switch to it leaves
 * through trap_return into user mode.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "thread.h"

#include "fpu.h"
#include "gdt.h"
#include "kheap.h"
#include "kstack.h"
#include "kstring.h"
#include "pmm.h"
#include "process.h"
#include "sched.h"

extern void thread_trampoline(void);

#define USER_RFLAGS 0x202 /* IF set, reserved bit 1 */

static int next_tid = 1;

/* The callee-saved registers context_switch pops, then its return address. */
struct switch_frame {
    uint64_t r15, r14, r13, r12, rbx, rbp;
    uint64_t rip;
};

struct thread *thread_create_user(struct process *p, uint64_t rip, uint64_t rsp, uint64_t rdi)
{
    struct thread *t = kzalloc(sizeof *t);
    if (!t)
        return 0;
    t->kstack = kstack_alloc();
    if (!t->kstack) {
        kfree(t);
        return 0;
    }
    t->tid = next_tid++;
    t->priority = THREAD_PRIORITY_DEFAULT;
    t->proc = p;
    t->state = THREAD_BLOCKED; /* not runnable until the caller says so */
    fpu_init_state(t->fpu);

    struct trap_frame *f = thread_frame(t);
    memset(f, 0, sizeof *f);
    f->rip = rip;
    f->rsp = rsp;
    f->rdi = rdi;
    f->cs = SEL_USER_CODE | 3;
    f->ss = SEL_USER_DATA | 3;
    f->rflags = USER_RFLAGS;

    struct switch_frame *sf = (struct switch_frame *)f - 1;
    memset(sf, 0, sizeof *sf);
    sf->rip = (uint64_t)thread_trampoline;
    t->saved_rsp = (uint64_t)sf;

    t->proc_next = p->threads;
    p->threads = t;
    p->thread_count++;
    return t;
}

/* Runs once on a new thread's first switch-in, before trap_return. */
void thread_first_run(void);
void thread_first_run(void)
{
    sched_user_return();
}

void thread_free(struct thread *t)
{
    kstack_free(t->kstack);
    kfree(t);
}
