/* Cobalt extension: the kernel's own calls, for programs that use what
 * POSIX has no word for (schemes, shared memory, wait_many, timers...).
 *
 * cobalt_<name>(arguments...) for every row of cobalt/syscalls.h, taking and
 * returning plain longs (cast pointers with (long)): the result is what the
 * kernel returned, >= 0 or -errno. Nothing here sets errno. Semantics:
 * docs/syscalls.md. The structures and constants come from cobalt/abi.h
 * (prefixed COBALT_ where libc headers use the same names).
 *
 * Include this before <sys/syscall.h> or <syscall.h>: cobalt/syscalls.h
 * names its calls SYS_<name> too. */
#ifndef COBALT_SYS_H
#define COBALT_SYS_H

#ifdef SYS_read
#error "include <cobalt/sys.h> before <sys/syscall.h>"
#endif

#include <cobalt/abi.h>
#include <cobalt/errno.h>
#include <cobalt/syscalls.h>

static inline long cobalt_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
    long ret;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    __asm__ __volatile__("syscall"
                         : "=a"(ret)
                         : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    return ret;
}

#define COBALT_SYS_PARAMS_0 void
#define COBALT_SYS_PARAMS_1 long a1
#define COBALT_SYS_PARAMS_2 long a1, long a2
#define COBALT_SYS_PARAMS_3 long a1, long a2, long a3
#define COBALT_SYS_PARAMS_4 long a1, long a2, long a3, long a4
#define COBALT_SYS_PARAMS_5 long a1, long a2, long a3, long a4, long a5
#define COBALT_SYS_PARAMS_6 long a1, long a2, long a3, long a4, long a5, long a6
#define COBALT_SYS_ARGS_0   0, 0, 0, 0, 0, 0
#define COBALT_SYS_ARGS_1   a1, 0, 0, 0, 0, 0
#define COBALT_SYS_ARGS_2   a1, a2, 0, 0, 0, 0
#define COBALT_SYS_ARGS_3   a1, a2, a3, 0, 0, 0
#define COBALT_SYS_ARGS_4   a1, a2, a3, a4, 0, 0
#define COBALT_SYS_ARGS_5   a1, a2, a3, a4, a5, 0
#define COBALT_SYS_ARGS_6   a1, a2, a3, a4, a5, a6
#define COBALT_SYS_WRAP(num, name, nargs)                                                          \
    static inline long cobalt_##name(COBALT_SYS_PARAMS_##nargs)                                    \
    {                                                                                              \
        return cobalt_syscall6(num, COBALT_SYS_ARGS_##nargs);                                      \
    }
COBALT_SYSCALLS(COBALT_SYS_WRAP)
#undef COBALT_SYS_WRAP

#endif
