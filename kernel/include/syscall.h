/* System call handlers: one per entry of cobalt/syscalls.h, each taking the
 * six raw argument registers and returning a result or -errno. */
#ifndef COBALT_SYSCALL_H
#define COBALT_SYSCALL_H

#include <stdint.h>

#include "cobalt/syscalls.h"

struct syscall_args {
    uint64_t a[6];
};

#define COBALT_SYSCALL_DECLARE(num, name, nargs) long sys_##name(const struct syscall_args *args);
COBALT_SYSCALLS(COBALT_SYSCALL_DECLARE)
#undef COBALT_SYSCALL_DECLARE

struct trap_frame;
/* Runs the call in f and the return-to-user work; true when the frame may
 * leave through sysret, false when it must use iretq. */
int syscall_dispatch(struct trap_frame *f);

#endif
