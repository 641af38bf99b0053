/* The system call dispatcher: a table built from cobalt/syscalls.h; an
 * unknown number is -ENOSYS. Every call ends with the return-to-user checks
 * (a kill or a due reschedule takes effect here). */
#include "syscall.h"

#include "cobalt/errno.h"
#include "gdt.h"
#include "paging.h"
#include "percpu.h"
#include "sched.h"
#include "thread.h"
#include "trap.h"

typedef long (*syscall_fn)(const struct syscall_args *);

#define COBALT_SYSCALL_ENTRY(num, name, nargs) [num] = sys_##name,
static const syscall_fn table[SYS_COUNT] = {COBALT_SYSCALLS(COBALT_SYSCALL_ENTRY)};
#undef COBALT_SYSCALL_ENTRY

int syscall_dispatch(struct trap_frame *f)
{
    uint64_t n = f->rax;
    struct syscall_args args = {{f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9}};
    f->rax = (uint64_t)(n < SYS_COUNT && table[n] ? table[n](&args) : -ENOSYS);
    sched_user_return();
    /* sysret restores rip from rcx and rflags from r11, and faults in ring 0
     * on a non-canonical rip: only a plain user frame may leave that way. A
     * frame restored by sigreturn needs its own rcx and r11, so it irets. */
    struct thread *t = current_thread();
    int plain = f->cs == (SEL_USER_CODE | 3) && f->ss == (SEL_USER_DATA | 3) && f->rip < USER_TOP &&
                !t->frame_restored;
    t->frame_restored = false;
    return plain;
}
