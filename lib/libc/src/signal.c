/* Signals. The kernel's actions, masks and delivery have Linux's numbers and
 * layouts, but it enters a handler with only the signal number (rsi = rdx =
 * 0): no siginfo_t, no ucontext_t. musl needs both (pthread_cancel reads and
 * changes the interrupted pc and mask through the ucontext), so every
 * handler is installed in the kernel as __cobalt_sigentry
 * (x86_64/sigentry.s), which calls __cobalt_signal_dispatch with the
 * kernel's signal frame. The dispatcher builds a siginfo_t and a ucontext_t
 * from that frame, runs the program's handler from the table below, and
 * writes the registers and mask back into the frame for sigreturn.
 *
 * The frame's layout is the kernel's (struct signal_frame in
 * kernel/proc/signal.c, struct trap_frame in kernel/arch/x86_64/trap.h); it
 * is not part of cobalt/abi.h yet, so it is mirrored here (docs/libc.md). */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

#include "atomic.h"
#include "ksigaction.h"

/* kernel/proc/signal.c: struct signal_frame (trap_frame inlined). */
struct kernel_signal_frame {
    uint64_t return_address; /* the restorer */
    uint64_t saved_mask;
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
    uint64_t pad;
    uint8_t fpu[512]; /* fxsave: the layout of struct _fpstate */
};
_Static_assert(offsetof(struct kernel_signal_frame, fpu) % 16 == 8, "fpu alignment");

hidden void __cobalt_sigentry(int sig);
hidden void __cobalt_signal_dispatch(int sig, struct kernel_signal_frame *f);

/* The program's handlers; the kernel sees __cobalt_sigentry instead.
 * Written before the kernel action changes, read by the dispatcher. */
static struct {
    volatile uintptr_t handler;
    volatile unsigned long flags;
} actions[_NSIG];

volatile int __cobalt_signal_count;

/* Flags the kernel takes; the others are kept or emulated here. */
#define KERNEL_FLAGS (SA_NODEFER | SA_SIGINFO | SA_RESTART)

int __cobalt_rt_sigaction(struct cobalt_call *c, const long *a)
{
    long sig = a[0];
    const struct k_sigaction *act = (const struct k_sigaction *)a[1];
    struct k_sigaction *old = (struct k_sigaction *)a[2];
    if (sig < 1 || sig >= _NSIG || a[3] != 8)
        return cobalt_done(c, -EINVAL);
    uintptr_t old_handler = actions[sig].handler;
    unsigned long old_flags = actions[sig].flags;
    struct cobalt_sigaction k, kold;
    if (act) {
        if ((uintptr_t)act->handler > 1) {
            k.handler = (uintptr_t)__cobalt_sigentry;
            k.flags = SA_RESTORER | (act->flags & KERNEL_FLAGS);
            k.restorer = (uintptr_t)__restore_rt;
        } else {
            k.handler = (uintptr_t)act->handler;
            k.flags = 0;
            k.restorer = 0;
        }
        memcpy(&k.mask, act->mask, sizeof k.mask);
        actions[sig].flags = act->flags;
        actions[sig].handler = (uintptr_t)act->handler;
    }
    long r = __cobalt_trap3(CSYS_sigaction, sig, act ? &k : 0, &kold);
    if (r < 0) {
        actions[sig].handler = old_handler;
        actions[sig].flags = old_flags;
        return cobalt_done(c, r);
    }
    if (old) {
        memset(old, 0, sizeof *old);
        if (kold.handler == (uintptr_t)__cobalt_sigentry) {
            old->handler = (void (*)(int))old_handler;
            old->flags = old_flags;
        } else {
            old->handler = (void (*)(int))(uintptr_t)kold.handler;
            old->flags = kold.flags;
        }
        old->restorer = __restore_rt;
        memcpy(old->mask, &kold.mask, sizeof kold.mask);
    }
    return cobalt_done(c, 0);
}

int __cobalt_rt_sigprocmask(struct cobalt_call *c, const long *a)
{
    if (a[3] != 8)
        return cobalt_done(c, -EINVAL);
    return cobalt_translate(c, CSYS_sigprocmask, a[0], a[1], a[2], 0, 0, 0);
}

/* sigreturn takes the frame at the stack pointer: only the restorer can
 * make it (restore.s). */
int __cobalt_rt_sigreturn(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, -ENOSYS);
}

int __cobalt_tkill(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_thread_kill, a[0], a[1], 0, 0, 0, 0);
}

int __cobalt_tgkill(struct cobalt_call *c, const long *a)
{
    if (a[0] != __cobalt_trap0(CSYS_getpid))
        return cobalt_done(c, -ESRCH);
    return cobalt_translate(c, CSYS_thread_kill, a[1], a[2], 0, 0, 0, 0);
}

/* No alternate signal stacks: asking says "disabled", setting fails. */
int __cobalt_sigaltstack(struct cobalt_call *c, const long *a)
{
    stack_t *old = (stack_t *)a[1];
    if (old)
        *old = (stack_t){.ss_sp = 0, .ss_flags = SS_DISABLE, .ss_size = 0};
    return cobalt_done(c, a[0] ? -ENOSYS : 0);
}

/* sigsuspend and pause wait for __cobalt_signal_count to move: every
 * handler bumps it and wakes its waiters, so a handler that ran between
 * the mask change and the wait is not missed. */
static long wait_for_handler(const void *mask)
{
    int seen = __cobalt_signal_count;
    uint64_t old;
    if (mask)
        __cobalt_trap3(CSYS_sigprocmask, SIG_SETMASK, mask, &old);
    long r;
    do
        r = __cobalt_trap3(CSYS_futex_wait, &__cobalt_signal_count, seen, 0);
    while (r == 0 && __cobalt_signal_count == seen);
    if (mask)
        __cobalt_trap3(CSYS_sigprocmask, SIG_SETMASK, &old, 0);
    return -EINTR;
}

int __cobalt_rt_sigsuspend(struct cobalt_call *c, const long *a)
{
    if (a[1] != 8)
        return cobalt_done(c, -EINVAL);
    return cobalt_done(c, wait_for_handler((const void *)a[0]));
}

int __cobalt_pause(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, wait_for_handler(0));
}

int __cobalt_rt_sigpending(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, -ENOSYS); /* the kernel does not tell */
}

static void frame_to_context(const struct kernel_signal_frame *f, ucontext_t *uc)
{
    greg_t *g = uc->uc_mcontext.gregs;
    g[REG_R8] = f->r8;
    g[REG_R9] = f->r9;
    g[REG_R10] = f->r10;
    g[REG_R11] = f->r11;
    g[REG_R12] = f->r12;
    g[REG_R13] = f->r13;
    g[REG_R14] = f->r14;
    g[REG_R15] = f->r15;
    g[REG_RDI] = f->rdi;
    g[REG_RSI] = f->rsi;
    g[REG_RBP] = f->rbp;
    g[REG_RBX] = f->rbx;
    g[REG_RDX] = f->rdx;
    g[REG_RAX] = f->rax;
    g[REG_RCX] = f->rcx;
    g[REG_RSP] = f->rsp;
    g[REG_RIP] = f->rip;
    g[REG_EFL] = f->rflags;
    g[REG_CSGSFS] = f->cs & 0xffff;
    g[REG_ERR] = f->error_code;
    g[REG_TRAPNO] = f->vector;
    uc->uc_mcontext.fpregs = (fpregset_t)(void *)f->fpu;
    memcpy(&uc->uc_sigmask, &f->saved_mask, sizeof f->saved_mask);
    uc->uc_stack.ss_flags = SS_DISABLE;
}

/* What a handler may change: every general register, the flags the kernel
 * lets user code set (it filters them again), and the mask. */
static void context_to_frame(const ucontext_t *uc, struct kernel_signal_frame *f)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    f->r8 = g[REG_R8];
    f->r9 = g[REG_R9];
    f->r10 = g[REG_R10];
    f->r11 = g[REG_R11];
    f->r12 = g[REG_R12];
    f->r13 = g[REG_R13];
    f->r14 = g[REG_R14];
    f->r15 = g[REG_R15];
    f->rdi = g[REG_RDI];
    f->rsi = g[REG_RSI];
    f->rbp = g[REG_RBP];
    f->rbx = g[REG_RBX];
    f->rdx = g[REG_RDX];
    f->rax = g[REG_RAX];
    f->rcx = g[REG_RCX];
    f->rsp = g[REG_RSP];
    f->rip = g[REG_RIP];
    f->rflags = g[REG_EFL];
    memcpy(&f->saved_mask, &uc->uc_sigmask, sizeof f->saved_mask);
}

/* The mirror above must match the kernel: the first word is the restorer
 * installed with every handler, and the saved cs is a user selector. If not,
 * running the handler would corrupt the registers sigreturn restores: stop. */
static void check_frame(const struct kernel_signal_frame *f)
{
    static const char msg[] = "libc: the kernel's signal frame is not the layout "
                              "lib/libc/src/signal.c mirrors; stopping\n";
    if (f->return_address == (uintptr_t)__restore_rt && (f->cs & 3) == 3)
        return;
    __cobalt_trap3(CSYS_debug_write, msg, sizeof msg - 1, DEBUG_CHANNEL_LOG);
    __cobalt_trap1(CSYS_exit, 127);
}

void __cobalt_signal_dispatch(int sig, struct kernel_signal_frame *f)
{
    check_frame(f);
    uintptr_t h = sig > 0 && sig < _NSIG ? actions[sig].handler : 0;
    unsigned long flags = sig > 0 && sig < _NSIG ? actions[sig].flags : 0;
    if (h > 1) {
        if (flags & SA_RESETHAND) {
            struct cobalt_sigaction dfl = {0, 0, 0, 0};
            actions[sig].handler = 0;
            __cobalt_trap3(CSYS_sigaction, sig, &dfl, 0);
        }
        siginfo_t si;
        ucontext_t uc;
        memset(&si, 0, sizeof si);
        memset(&uc, 0, sizeof uc);
        si.si_signo = sig;
        /* A CPU fault comes with its vector; the faulting address is not given. */
        si.si_code =
            f->vector < 32 && (sig == SIGSEGV || sig == SIGILL || sig == SIGFPE || sig == SIGBUS)
                ? SI_KERNEL
                : SI_USER;
        frame_to_context(f, &uc);
        if (flags & SA_SIGINFO)
            ((void (*)(int, siginfo_t *, void *))h)(sig, &si, &uc);
        else
            ((void (*)(int))h)(sig);
        context_to_frame(&uc, f);
    }
    a_inc(&__cobalt_signal_count);
    __cobalt_trap2(CSYS_futex_wake, &__cobalt_signal_count, 0x7fffffff);
}
