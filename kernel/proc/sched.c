/* Scheduler: THREAD_PRIORITIES FIFO run queues (0 is most urgent), round
 * robin with a time slice of SLICE_TICKS timer ticks, an idle thread that
 * halts, and a list of threads blocked with a deadline, sorted by it.
 *
 * The kernel is not preemptible: a switch happens only when a thread blocks,
 * yields, exits, or is about to return to user mode with a reschedule due.
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "sched.h"

#include "clock.h"
#include "cobalt/errno.h"
#include "cpu.h"
#include "fpu.h"
#include "gdt.h"
#include "kheap.h"
#include "msr.h"
#include "paging.h"
#include "panic.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "signal.h"
#include "timer_object.h"
#include "vm.h"

#define SLICE_TICKS 10

extern void context_switch(uint64_t *save_rsp, uint64_t new_rsp);

static struct thread *run_head[THREAD_PRIORITIES]; /* guarded by the kernel lock */
static struct thread *run_tail[THREAD_PRIORITIES];
static struct thread *timed_head; /* sorted by deadline */
static struct thread *dead_list;  /* stacks to free after switching */
static struct thread idle_thread;
static unsigned slice_left = SLICE_TICKS;

void sched_make_runnable(struct thread *t)
{
    t->state = THREAD_RUNNABLE;
    t->run_next = 0;
    int p = t->priority;
    if (run_tail[p])
        run_tail[p]->run_next = t;
    else
        run_head[p] = t;
    run_tail[p] = t;
}

static struct thread *take_next(void)
{
    for (int p = 0; p < THREAD_PRIORITIES; p++) {
        struct thread *t = run_head[p];
        if (t) {
            run_head[p] = t->run_next;
            if (!run_head[p])
                run_tail[p] = 0;
            t->run_next = 0;
            return t;
        }
    }
    return 0;
}

static void reap_dead(void)
{
    while (dead_list) {
        struct thread *t = dead_list;
        dead_list = t->run_next;
        thread_free(t);
    }
}

/* The TSS holds one process's port grants at a time; reload on a change. */
static struct process *iomap_loaded; /* whose bitmap the TSS holds (may be stale: see forget) */
static bool iomap_loaded_any;

void sched_iomap_changed(struct process *p)
{
    if (iomap_loaded == p) {
        gdt_load_iomap(p->iomap);
        iomap_loaded_any = p->iomap != 0;
    }
}

void sched_iomap_forget(struct process *p)
{
    if (iomap_loaded == p) {
        gdt_load_iomap(0);
        iomap_loaded = 0;
        iomap_loaded_any = false;
    }
}

static void load_iomap(struct process *p)
{
    struct process *loaded = iomap_loaded;
    bool loaded_any = iomap_loaded_any;
    if (p == loaded)
        return;
    if (p->iomap || loaded_any)
        gdt_load_iomap(p->iomap);
    iomap_loaded = p;
    iomap_loaded_any = p->iomap != 0;
}

void schedule(void)
{
    struct thread *prev = current_thread();
    if (prev->state == THREAD_RUNNING && prev != &idle_thread)
        sched_make_runnable(prev);
    struct thread *next = take_next();
    if (!next)
        next = &idle_thread;
    if (prev->state == THREAD_DEAD) {
        prev->run_next = dead_list;
        dead_list = prev;
    }
    cpu0.need_resched = 0;
    slice_left = SLICE_TICKS;
    if (next == prev) {
        next->state = THREAD_RUNNING;
        return;
    }
    next->state = THREAD_RUNNING;
    cpu0.current = next;
    /* User register state follows the thread (the idle thread has none). */
    if (prev != &idle_thread)
        fpu_save(prev->fpu);
    if (next != &idle_thread)
        fpu_restore(next->fpu);
    if (next != &idle_thread) {
        load_iomap(next->proc);
        percpu_set_kernel_stack(next->kstack + KSTACK_SIZE);
        wrmsr(MSR_FS_BASE, next->fs_base);
        uint64_t root = next->proc->vm->root;
        if (paging_current() != root)
            paging_switch(root);
    }
    context_switch(&prev->saved_rsp, next->saved_rsp);
    /* Back on prev's stack: whoever ran before may have died. */
    reap_dead();
}

void sched_yield(void)
{
    schedule();
}

void sched_timed_add(struct thread *t)
{
    struct thread **pp = &timed_head;
    while (*pp && (*pp)->deadline <= t->deadline)
        pp = &(*pp)->timed_next;
    t->timed_next = *pp;
    *pp = t;
}

void sched_timed_remove(struct thread *t)
{
    for (struct thread **pp = &timed_head; *pp; pp = &(*pp)->timed_next) {
        if (*pp == t) {
            *pp = t->timed_next;
            break;
        }
    }
    t->timed_next = 0;
    t->deadline = 0;
}

void sched_tick(void)
{
    uint64_t now = clock_monotonic_ns();
    while (timed_head && timed_head->deadline <= now) {
        struct thread *t = timed_head;
        waitq_remove(t); /* also takes it off the timed list */
        t->wake_result = -ETIMEDOUT;
        sched_make_runnable(t);
        cpu0.need_resched = 1;
    }
    timer_objects_tick(now);
    if (slice_left && --slice_left == 0)
        cpu0.need_resched = 1;
}

void sched_user_return(void)
{
    struct thread *t = current_thread();
    if (t->killed)
        thread_exit_current();
    if (cpu0.need_resched)
        schedule();
    if (t->killed)
        thread_exit_current();
    if (t->proc->signals.pending | t->signals_pending)
        signal_deliver(t, thread_frame(t));
}

void sched_init(void)
{
    idle_thread.tid = 0;
    idle_thread.state = THREAD_RUNNING;
    idle_thread.priority = THREAD_PRIORITIES - 1;
    cpu0.current = &idle_thread;
    cpu0.idle = &idle_thread;
}

__attribute__((noreturn)) void sched_idle_loop(void (*poll)(void))
{
    for (;;) {
        cpu_cli();
        bool runnable = false;
        for (int p = 0; p < THREAD_PRIORITIES; p++)
            runnable = runnable || run_head[p];
        if (runnable) {
            schedule();
            continue;
        }
        /* Polled only when every thread is blocked, and after taking interrupts
         * that are already pending (sti; nop; cli opens exactly that window): a
         * fence is answered once the user-space drivers and their clients have
         * taken the input that came before it. */
        __asm__ volatile("sti; nop; cli" ::: "memory");
        for (int p = 0; p < THREAD_PRIORITIES; p++)
            runnable = runnable || run_head[p];
        if (runnable)
            continue;
        if (poll)
            poll();
        cpu_sti_hlt();
    }
}
