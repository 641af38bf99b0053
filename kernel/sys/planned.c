/* System calls declared in the ABI but not implemented yet: each returns
 * -ENOSYS (docs/syscalls.md marks them "planned"). */
#include "cobalt/errno.h"
#include "syscall.h"

#define PLANNED(name)                                                                              \
    long sys_##name(const struct syscall_args *args)                                               \
    {                                                                                              \
        (void)args;                                                                                \
        return -ENOSYS;                                                                            \
    }

PLANNED(mprotect)
PLANNED(timer_create)
PLANNED(timer_set)
