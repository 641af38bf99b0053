/* The guest test runtime: what a test program in tests/guest/ links besides
 * its own code, until musl arrives. Process start (crt0.S → rt_start), the
 * raw system calls (syscall.h), the kernel's own formatter and string
 * functions (kernel/lib/fmt.c and string.c, compiled in unchanged), output
 * to the harness channel and the kernel log, and small typed helpers.
 * docs/testing.md, "Guest test programs", says how to use it. */
#ifndef RT_RT_H
#define RT_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include <cobalt/abi.h>
#include <cobalt/errno.h>

#include "fmt.h"     /* kernel/include: kvsnprintf, ksnprintf */
#include "kstring.h" /* kernel/include: memset, memcpy, strlen, strcmp... */
#include "syscall.h"

#define PAGE_SIZE 4096UL
#define MS        ((uint64_t)1000000) /* nanoseconds */

/* Set by rt_start before main runs. */
extern int rt_argc;
extern char **rt_argv;
extern char **rt_envp;
extern const uint64_t *rt_auxv; /* pairs (type, value) up to AT_NULL */
extern uintptr_t rt_initial_sp; /* rsp at _start: where argc was */

int main(int argc, char **argv, char **envp);

noreturn void rt_exit(int status);
noreturn void rt_thread_exit(int status);

/* The auxv value of `type`; false when the kernel did not provide it. */
bool rt_getauxval(unsigned long type, unsigned long *value);

/* One formatted line on the harness channel (debug_write channel 1); the
 * line must not contain '\n'. Returns what debug_write returned. */
long rt_chan_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One formatted line on the kernel log (debug_write channel 0). */
long rt_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "EFAULT" for -14 (or 14), NULL when r is no known error number. */
const char *rt_errname(long r);
/* A result for messages: "3", "-14 (-EFAULT)". Returns buf. */
char *rt_fmt_result(char *buf, size_t size, long r);
/* A wait status for messages: "exit 3", "signal 11 (SIGSEGV)". Returns buf. */
char *rt_fmt_status(char *buf, size_t size, int status);
/* Wait-status encoding of docs/syscalls.md (as POSIX). */
#define RT_EXITED(code) ((int)(((code)&0xff) << 8))
#define RT_KILLED(sig)  ((int)(sig))

/* A decimal (optionally negative) number; 0 for anything else. */
long rt_atol(const char *s);

/* Typed helpers around the raw calls. */
long rt_spawn(const char *path, const char *const *argv, const char *const *envp);
long rt_wait(long pid, int *status, long options);
long rt_write(int channel, const void *buf, size_t len);
void *rt_mmap(void *addr, size_t len, int prot, int flags); /* NULL on failure */
/* Monotonic (CLOCK_MONOTONIC_NS) or realtime nanoseconds; 0 if the call failed. */
uint64_t rt_clock_ns(int clock);
uint64_t rt_now_ns(void);
long rt_sleep_ns(uint64_t ns);

/* Threads: runs fn(arg) on a new thread with rsp = stack_top (16-aligned) and
 * FS base fs_base; the thread ends with thread_exit(fn's result). If
 * clear_tid is not NULL the kernel writes 0 there at the thread's exit and
 * wakes one futex waiter: set it non-zero before calling, then rt_thread_join. */
typedef int (*rt_thread_fn)(void *arg);
long rt_thread_create(rt_thread_fn fn, void *arg, void *stack_top, void *fs_base,
                      volatile int *clear_tid);
/* Allocates a stack of `size` bytes with mmap_anon; returns its top or NULL. */
void *rt_stack_alloc(size_t size);
/* Waits (futex_wait) until *clear_tid is 0. Returns 0, or the error futex_wait gave. */
long rt_thread_join(volatile int *clear_tid);

/* A futex-based mutex (Drepper's "futexes are tricky", mutex 2):
 * 0 unlocked, 1 locked, 2 locked with waiters. */
typedef struct {
    volatile int word;
} rt_mutex;
void rt_mutex_lock(rt_mutex *m);
void rt_mutex_unlock(rt_mutex *m);

/* Signals: installs `handler` (a function, or COBALT_SIG_DFL / COBALT_SIG_IGN cast to one)
 * for sig with SA_RESTORER | flags, rt_sigrestorer as restorer and `mask`
 * blocked while it runs. Returns what sigaction returned. */
typedef void (*rt_sighandler)(int sig);
#define RT_SIG_DFL ((rt_sighandler)(uintptr_t)COBALT_SIG_DFL)
#define RT_SIG_IGN ((rt_sighandler)(uintptr_t)COBALT_SIG_IGN)
void rt_sigrestorer(void); /* crt0.S: calls sigreturn */
long rt_sigaction(int sig, rt_sighandler handler, uint64_t flags, uint64_t mask);
/* sigprocmask with a value instead of a pointer; *old (if not NULL) gets the old mask. */
long rt_sigprocmask(int how, uint64_t set, uint64_t *old);
#define RT_SIGBIT(sig) (1ULL << ((sig)-1))

/* A one-byte store to addr, hidden from the compiler (for deliberate faults). */
static inline void rt_poke(uintptr_t addr)
{
    __asm__ volatile("movb $1, (%0)" ::"r"(addr) : "memory");
}

/* The FS base as the CPU sees it: reads %fs:0 (a TLS block's self pointer). */
static inline uintptr_t rt_fs_self(void)
{
    uintptr_t v;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}

#endif
