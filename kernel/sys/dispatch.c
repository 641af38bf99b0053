/* The system call dispatcher: a table built from cobalt/syscalls.h; an
 * unknown number is -ENOSYS. Every call ends with the return-to-user checks
 * (a kill or a due reschedule takes effect here). */
#include "syscall.h"

#include "cobalt/errno.h"
#include "sched.h"
#include "trap.h"

typedef long (*syscall_fn)(const struct syscall_args *);

#define COBALT_SYSCALL_ENTRY(num, name, nargs) [num] = sys_##name,
static const syscall_fn table[SYS_COUNT] = {COBALT_SYSCALLS(COBALT_SYSCALL_ENTRY)};
#undef COBALT_SYSCALL_ENTRY

void syscall_dispatch(struct trap_frame *f)
{
    uint64_t n = f->rax;
    struct syscall_args args = {{f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9}};
    f->rax = (uint64_t)(n < SYS_COUNT && table[n] ? table[n](&args) : -ENOSYS);
    sched_user_return();
}
