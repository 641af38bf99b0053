/* Processes: creation, lookup by pid, exit (the last thread out tears the
 * address space down and leaves a zombie for the parent), kill, and reaping.
 * Other threads of a dying process are marked killed and woken; each leaves
 * by itself at its next return towards user mode, so no stack is ever freed
 * while in use.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "process.h"

#include "channel.h"
#include "device_claims.h"
#include "cobalt/errno.h"
#include "futex.h"
#include "handle.h"
#include "kheap.h"
#include "kstring.h"
#include "log.h"
#include "paging.h"
#include "readiness.h"
#include "scheme.h"
#include "pmm.h"
#include "percpu.h"
#include "sched.h"
#include "thread.h"
#include "usercopy.h"
#include "vm.h"

static struct process *table[PROCESS_MAX]; /* guarded by the kernel lock */
static int next_pid = 1;
static struct process *first_process;

struct process *process_create(const char *name, struct process *parent)
{
    int slot = -1;
    for (int i = 0; i < PROCESS_MAX && slot < 0; i++) {
        if (!table[i])
            slot = i;
    }
    if (slot < 0)
        return 0;
    struct process *p = kzalloc(sizeof *p);
    if (!p)
        return 0;
    p->vm = vm_create();
    p->handles = kzalloc(sizeof *p->handles);
    if (!p->vm || !p->handles) {
        vm_destroy(p->vm);
        kfree(p->handles);
        kfree(p);
        return 0;
    }
    p->pid = next_pid++;
    p->parent = parent;
    size_t n = strlen(name);
    if (n >= PROCESS_NAME_MAX)
        n = PROCESS_NAME_MAX - 1;
    memcpy(p->name, name, n);
    table[slot] = p;
    return p;
}

struct process *process_find(int pid)
{
    for (int i = 0; i < PROCESS_MAX; i++) {
        if (table[i] && table[i]->pid == pid)
            return table[i];
    }
    return 0;
}

struct process *process_slot(int i)
{
    return i >= 0 && i < PROCESS_MAX ? table[i] : 0;
}

int process_count(void)
{
    int n = 0;
    for (int i = 0; i < PROCESS_MAX; i++)
        n += table[i] != 0;
    return n;
}

void process_set_first(struct process *p)
{
    first_process = p;
}

static void free_process(struct process *p)
{
    for (int i = 0; i < PROCESS_MAX; i++) {
        if (table[i] == p)
            table[i] = 0;
    }
    kfree(p->handles);
    kfree(p);
}

void process_discard(struct process *p)
{
    handle_close_all(p->handles);
    vm_destroy(p->vm);
    free_process(p);
}

/* The exit code a shell would show: the status, or 128 + signal. */
static int shell_code(int wait_status)
{
    return (wait_status & 0x7F) ? 128 + (wait_status & 0x7F) : (wait_status >> 8) & 0xFF;
}

/* Called by the last thread of p: the address space goes, the zombie stays
 * for the parent (or is freed when there is none). */
static void finish(struct process *p)
{
    /* Handles first: closing a file may queue a request that names this process. */
    handle_close_all(p->handles);
    paging_switch(paging_kernel_root());
    vm_destroy(p->vm);
    p->vm = 0;
    release_claims(p);
    if (p->iomap) {
        sched_iomap_forget(p);
        pmm_unref(virt_to_phys(p->iomap));
        pmm_unref(virt_to_phys(p->iomap) + PAGE_SIZE);
        p->iomap = 0;
    }
    p->state = PROCESS_ZOMBIE;
    /* Orphans go to the first process (POSIX: init adopts them), or are
     * freed as they exit when there is none. */
    struct process *adopter =
        first_process && first_process != p && first_process->state == PROCESS_ALIVE ? first_process
                                                                                     : 0;
    for (int i = 0; i < PROCESS_MAX; i++) {
        struct process *c = table[i];
        if (!c || c->parent != p)
            continue;
        c->parent = adopter;
        if (!adopter && c->state == PROCESS_ZOMBIE)
            free_process(c);
    }
    if (adopter)
        waitq_wake(&adopter->child_exit, -1, 0);
    if (p == first_process) {
        klog("process: first process %d (%s) exited, status %#x", p->pid, p->name, p->wait_status);
        channel_send("EXIT %d", shell_code(p->wait_status));
        first_process = 0;
    }
    if (p->parent) {
        waitq_wake(&p->parent->child_exit, -1, 0);
        readiness_changed();
        signal_send(p->parent, SIGCHLD);
    } else
        free_process(p);
}

void thread_interrupt(struct thread *t)
{
    if (t->state == THREAD_BLOCKED && (t->waiting_on || t->deadline)) {
        scheme_cancel_wait(t);
        waitq_remove(t);
        t->wake_result = -EINTR;
        sched_make_runnable(t);
    }
}

void thread_kill(struct thread *t)
{
    t->killed = true;
    thread_interrupt(t);
}

static void begin_exit(struct process *p, int wait_status)
{
    if (p->exiting)
        return;
    p->exiting = true;
    p->wait_status = wait_status;
    for (struct thread *t = p->threads; t; t = t->proc_next)
        thread_kill(t);
}

__attribute__((noreturn)) void thread_exit_current(void)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    if (t->clear_tid && !p->exiting) {
        uint32_t zero = 0;
        if (copy_to_user(t->clear_tid, &zero, sizeof zero) == 0)
            futex_wake(p->vm, t->clear_tid, 1);
    }
    for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next) {
        if (*pp == t) {
            *pp = t->proc_next;
            break;
        }
    }
    if (--p->thread_count == 0) {
        if (!p->exiting) {
            p->exiting = true;
            p->wait_status = 0;
        }
        finish(p);
    }
    t->state = THREAD_DEAD;
    schedule();
    for (;;)
        ; /* unreachable: a dead thread is never switched to again */
}

__attribute__((noreturn)) void process_exit_current(int wait_status)
{
    begin_exit(current_thread()->proc, wait_status);
    thread_exit_current();
}

void process_kill(struct process *p, int wait_status)
{
    begin_exit(p, wait_status);
}

int process_reap(struct process *parent, int pid, int *pid_out, int *status_out, bool peek)
{
    bool any_child = false;
    for (int i = 0; i < PROCESS_MAX; i++) {
        struct process *c = table[i];
        if (!c || c->parent != parent || (pid != -1 && c->pid != pid))
            continue;
        any_child = true;
        if (c->state != PROCESS_ZOMBIE)
            continue;
        *pid_out = c->pid;
        *status_out = c->wait_status;
        if (!peek)
            free_process(c);
        return 0;
    }
    return any_child ? -EAGAIN : -ECHILD;
}
