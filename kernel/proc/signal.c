/* Signal delivery. A signal is pending per process; the first thread that
 * does not block it takes it on its way back to user mode: the default
 * action (end the process, or ignore), or a handler frame pushed below the
 * user stack's red zone: the return address (the restorer), the saved
 * registers and the mask to restore. sigreturn takes that frame back after
 * sanitising it (user segments, interrupts on), so a handler cannot use it
 * to gain privilege.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "signal.h"

#include "cobalt/errno.h"
#include "fpu.h"
#include "gdt.h"
#include "kstring.h"
#include "process.h"
#include "thread.h"
#include "trap.h"
#include "usercopy.h"

#define RED_ZONE    128
#define RFLAGS_USER 0x0CD5 /* CF PF AF ZF SF TF DF OF: what user code may set */
#define RFLAGS_IF   0x200
#define RFLAGS_TF   0x100
#define RFLAGS_DF   0x400

/* Pushed at an address that is 8 modulo 16 (so the handler starts as if
 * called); fpu then lands 16-aligned in user memory. */
struct signal_frame {
    uint64_t return_address; /* the restorer: the handler's `ret` lands there */
    uint64_t saved_mask;
    struct trap_frame saved;
    uint64_t pad;
    uint8_t fpu[FPU_STATE_SIZE];
};

_Static_assert(__builtin_offsetof(struct signal_frame, fpu) % 16 == 8,
               "fpu must be 16-aligned when the frame starts at 8 mod 16");

static uint8_t fpu_bounce[FPU_STATE_SIZE] __attribute__((aligned(16)));

#define MXCSR_OFFSET 24

static int default_ignores(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT || sig == SIGSTOP ||
           sig == SIGTSTP;
}

static int unblocked_by(const struct thread *t, int sig)
{
    return sig == SIGKILL || !(t->signal_mask & SIGBIT(sig));
}

void signal_send(struct process *p, int sig)
{
    const struct cobalt_sigaction *a = &p->signals.action[sig];
    if (sig != SIGKILL &&
        (a->handler == COBALT_SIG_IGN || (a->handler == COBALT_SIG_DFL && default_ignores(sig))))
        return;
    p->signals.pending |= SIGBIT(sig);
    for (struct thread *t = p->threads; t; t = t->proc_next) {
        if (unblocked_by(t, sig)) {
            thread_interrupt(t);
            return;
        }
    }
}

void signal_send_thread(struct thread *t, int sig)
{
    const struct cobalt_sigaction *a = &t->proc->signals.action[sig];
    if (sig != SIGKILL &&
        (a->handler == COBALT_SIG_IGN || (a->handler == COBALT_SIG_DFL && default_ignores(sig))))
        return;
    t->signals_pending |= SIGBIT(sig);
    if (unblocked_by(t, sig))
        thread_interrupt(t);
}

int signal_catchable(struct process *p, struct thread *t, int sig)
{
    return p->signals.action[sig].handler > COBALT_SIG_IGN && unblocked_by(t, sig);
}

/* The lowest pending signal t does not block, or 0. On every return to user
 * mode and every block: one mask and a bit scan, not a loop over 64. */
static int next_signal(const struct thread *t, uint64_t pending)
{
    uint64_t takeable = pending & (~t->signal_mask | SIGBIT(SIGKILL));
    return takeable ? __builtin_ctzll(takeable) + 1 : 0;
}

int signal_pending_for(struct thread *t)
{
    return next_signal(t, t->proc->signals.pending | t->signals_pending) != 0;
}

void signal_deliver(struct thread *t, struct trap_frame *f)
{
    struct process *p = t->proc;
    int sig;
    while ((sig = next_signal(t, p->signals.pending | t->signals_pending)) != 0) {
        /* A thread's own signal goes first; then the process-wide one. */
        if (t->signals_pending & SIGBIT(sig))
            t->signals_pending &= ~SIGBIT(sig);
        else
            p->signals.pending &= ~SIGBIT(sig);
        const struct cobalt_sigaction *a = &p->signals.action[sig];
        if (sig == SIGKILL || a->handler == COBALT_SIG_DFL) {
            if (default_ignores(sig))
                continue;
            process_exit_current(sig);
        }
        if (a->handler == COBALT_SIG_IGN)
            continue;
        static struct signal_frame frame; /* one CPU, no preemption: one frame at a time */
        frame.return_address = a->restorer;
        frame.saved_mask = t->signal_mask;
        frame.saved = *f;
        fpu_save(fpu_bounce); /* the interrupted code's live registers */
        memcpy(frame.fpu, fpu_bounce, FPU_STATE_SIZE);
        uint64_t sp = ((f->rsp - RED_ZONE - sizeof frame) & ~15ULL) - 8;
        if (!(a->flags & SA_RESTORER) || copy_to_user(sp, &frame, sizeof frame) != 0)
            process_exit_current(SIGSEGV); /* nowhere to run the handler */
        t->signal_mask |= a->mask | ((a->flags & SA_NODEFER) ? 0 : SIGBIT(sig));
        t->signal_mask &= ~SIGBIT(SIGKILL);
        f->rsp = sp;
        f->rip = a->handler;
        f->rflags &= ~(RFLAGS_DF | RFLAGS_TF); /* the SysV ABI: DF clear at entry */
        f->rdi = (uint64_t)sig;
        f->rsi = 0;
        f->rdx = 0;
        f->rax = 0;
        return; /* one handler at a time; the rest wait for sigreturn */
    }
}

long signal_return(struct thread *t, struct trap_frame *f)
{
    /* The restorer runs after the handler's ret popped return_address. */
    static struct signal_frame frame;
    uint64_t at = f->rsp - 8;
    if (copy_from_user(&frame, at, sizeof frame) != 0)
        process_exit_current(SIGSEGV);
    struct trap_frame r = frame.saved;
    /* Rule: only user-controllable state comes back; never kernel segments. */
    r.cs = SEL_USER_CODE | 3;
    r.ss = SEL_USER_DATA | 3;
    r.rflags = (r.rflags & RFLAGS_USER) | RFLAGS_IF | 0x2;
    r.vector = f->vector;
    r.error_code = 0;
    if (!user_range_ok(r.rip, 1))
        process_exit_current(SIGSEGV);
    *f = r;
    t->frame_restored = true;
    t->signal_mask = frame.saved_mask & ~SIGBIT(SIGKILL);
    memcpy(fpu_bounce, frame.fpu, FPU_STATE_SIZE);
    uint32_t *mxcsr = (uint32_t *)(fpu_bounce + MXCSR_OFFSET);
    *mxcsr &= fpu_mxcsr_mask();
    fpu_restore(fpu_bounce);
    return (long)r.rax; /* the dispatcher stores this into rax: keep the saved value */
}
