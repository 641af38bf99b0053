/* Raw system call stubs of the guest test runtime, generated from the one
 * table in cobalt/syscalls.h: an inline rt_syscallN() per argument count and
 * a sys_<name>() wrapper per call, taking and returning plain longs (cast
 * pointers with (long)). The result is what the kernel left in rax: >= 0 on
 * success, -errno on failure (docs/syscalls.md). Nothing here sets errno;
 * tests compare results with the exact negative error code. */
#ifndef RT_SYSCALL_H
#define RT_SYSCALL_H

#include <cobalt/syscalls.h>

/* ABI: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; rcx and r11
 * clobbered by `syscall`, every other register preserved. */
static inline long rt_syscall0(long n)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n) : "rcx", "r11", "memory");
    return ret;
}

static inline long rt_syscall1(long n, long a)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a) : "rcx", "r11", "memory");
    return ret;
}

static inline long rt_syscall2(long n, long a, long b)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return ret;
}

static inline long rt_syscall3(long n, long a, long b, long c)
{
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline long rt_syscall4(long n, long a, long b, long c, long d)
{
    long ret;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline long rt_syscall5(long n, long a, long b, long c, long d, long e)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline long rt_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

/* One wrapper per row of COBALT_SYSCALLS: sys_<name>(arguments...). */
#define RT_SYS_WRAP_0(num, name)                                                                   \
    static inline long sys_##name(void)                                                            \
    {                                                                                              \
        return rt_syscall0(num);                                                                   \
    }
#define RT_SYS_WRAP_1(num, name)                                                                   \
    static inline long sys_##name(long a)                                                          \
    {                                                                                              \
        return rt_syscall1(num, a);                                                                \
    }
#define RT_SYS_WRAP_2(num, name)                                                                   \
    static inline long sys_##name(long a, long b)                                                  \
    {                                                                                              \
        return rt_syscall2(num, a, b);                                                             \
    }
#define RT_SYS_WRAP_3(num, name)                                                                   \
    static inline long sys_##name(long a, long b, long c)                                          \
    {                                                                                              \
        return rt_syscall3(num, a, b, c);                                                          \
    }
#define RT_SYS_WRAP_4(num, name)                                                                   \
    static inline long sys_##name(long a, long b, long c, long d)                                  \
    {                                                                                              \
        return rt_syscall4(num, a, b, c, d);                                                       \
    }
#define RT_SYS_WRAP_5(num, name)                                                                   \
    static inline long sys_##name(long a, long b, long c, long d, long e)                          \
    {                                                                                              \
        return rt_syscall5(num, a, b, c, d, e);                                                    \
    }
#define RT_SYS_WRAP_6(num, name)                                                                   \
    static inline long sys_##name(long a, long b, long c, long d, long e, long f)                  \
    {                                                                                              \
        return rt_syscall6(num, a, b, c, d, e, f);                                                 \
    }
#define RT_SYS_WRAP(num, name, nargs) RT_SYS_WRAP_##nargs(num, name)
COBALT_SYSCALLS(RT_SYS_WRAP)
#undef RT_SYS_WRAP

/* The table's name for a call number, or NULL (for messages). */
const char *rt_syscall_name(long num);

#endif
