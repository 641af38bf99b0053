/* Per-CPU data, reached through the GS base while in the kernel. The
 * assembly entry paths use the offsets below, so keep them in step. */
#ifndef COBALT_PERCPU_H
#define COBALT_PERCPU_H

#define PERCPU_KERNEL_RSP 8
#define PERCPU_USER_RSP   16

#ifndef __ASSEMBLER__
#include <stdint.h>

struct thread;

struct percpu {
    struct percpu *self; /* offset 0 */
    uint64_t kernel_rsp; /* offset 8: stack top for syscall entry */
    uint64_t user_rsp;   /* offset 16: scratch during syscall entry */
    struct thread *current;
    struct thread *idle;
    uint64_t need_resched;
};

extern struct percpu cpu0;

void percpu_init(void);
/* Sets the stack the CPU switches to on entry from user mode. */
void percpu_set_kernel_stack(uint64_t top);

static inline struct thread *current_thread(void)
{
    return cpu0.current;
}

#endif /* __ASSEMBLER__ */
#endif
