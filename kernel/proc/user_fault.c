/* CPU exceptions raised in user mode: a page fault the address space can
 * resolve is retried; anything else ends the process with the matching
 * signal (SIGSEGV, SIGILL, SIGFPE) and one log line naming the reason. */
#include "cobalt/abi.h"
#include "cpu.h"
#include "log.h"
#include "percpu.h"
#include "process.h"
#include "signal.h"
#include "thread.h"
#include "trap.h"
#include "user_fault.h"
#include "vm.h"

#define PF_WRITE 0x2
#define PF_EXEC  0x10

static int signal_for(uint64_t vector)
{
    switch (vector) {
    case 0:  /* divide error */
    case 16: /* x87 error */
    case 19: /* SIMD error */
        return SIGFPE;
    case 6: /* invalid opcode */
        return SIGILL;
    default:
        return SIGSEGV;
    }
}

static const char *signal_name(int sig)
{
    return sig == SIGFPE ? "SIGFPE" : sig == SIGILL ? "SIGILL" : "SIGSEGV";
}

void user_exception(struct trap_frame *f)
{
    struct process *p = current_thread()->proc;
    uint64_t cr2 = read_cr2();
    if (f->vector == 14 &&
        vm_handle_fault(p->vm, cr2, f->error_code & PF_WRITE, f->error_code & PF_EXEC))
        return;
    int sig = signal_for(f->vector);
    struct thread *t = current_thread();
    if (signal_catchable(p, t, sig)) {
        /* The handler runs on the way out; returning from it retries the access. */
        t->signals_pending |= SIGBIT(sig); /* the faulting thread takes it */
        return;
    }
    klog("fault: pid %d (%s) killed by %s: %s at rip %lx, addr %lx, error %lx", p->pid, p->name,
         signal_name(sig), trap_name(f->vector), f->rip, cr2, f->error_code);
    process_exit_current(sig);
}
