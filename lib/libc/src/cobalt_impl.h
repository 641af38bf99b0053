/* The private interface of Cobalt's libc platform layer (docs/libc.md).
 *
 * musl keeps Linux's system-call numbers. Every call it makes reaches
 * __cobalt_syscall (through __syscall0..6 in arch/x86_64/syscall_arch.h) or,
 * for cancellable calls, __syscall_cp_asm (arch/x86_64/syscall_cp.s). Both
 * split a Linux call in two steps:
 *
 *   prepare: translate it into one Cobalt call (number and six arguments in
 *            struct cobalt_call), or emulate it completely (several Cobalt
 *            calls; the result is then in call->result);
 *   finish:  turn the Cobalt result into Linux's (wait statuses, EAGAIN of a
 *            non-blocking wait, timespec remainders...) and keep the
 *            user-space books (close-on-exec bits, fd status flags).
 *
 * syscall_cp.s traps itself between the two steps, inside
 * [__cp_begin, __cp_end), which is what pthread_cancel needs.
 *
 * Rules for everything in this folder: no errno, no TLS, no malloc (calls
 * run before TLS exists and inside signal handlers); results are >= 0 or
 * -errno, as the kernel's. Files are compiled inside musl's tree (as
 * src/cobalt/), so musl's internal headers are available. */
#ifndef COBALT_IMPL_H
#define COBALT_IMPL_H

/* cobalt/syscalls.h names its calls SYS_<name>, and so do musl's Linux
 * macros in <sys/syscall.h>: include this header first, and name Cobalt's
 * numbers CSYS_<name> (the same table, one source of truth). */
#ifdef SYS_read
#error "include cobalt_impl.h before <sys/syscall.h>"
#endif
#include <cobalt/syscalls.h>
#define COBALT_CSYS_ENUM(num, name, nargs) CSYS_##name = num,
enum cobalt_csys { COBALT_SYSCALLS(COBALT_CSYS_ENUM) };
#undef COBALT_CSYS_ENUM

#include <stddef.h>
#include <stdint.h>

#include <features.h>

#include <cobalt/abi.h>

/* Paths the kernel's open takes (kernel/sys/ipc_calls.c, OPEN_PATH_MAX). */
#define COBALT_PATH_MAX 1024
/* The handle table's size (kernel handle.h, HANDLES_MAX): fds are 0..255. */
#define COBALT_FD_MAX 256

/* One Linux call on its way to the kernel. The layout up to `post` is
 * known to syscall_cp.s (offsets checked in syscall.c); keep the size in
 * step with COBALT_CALL_SIZE there (a multiple of 16, plus 8). */
struct cobalt_call {
    long nr;                        /* 0: Cobalt number to trap with */
    long arg[6];                    /* 8: its arguments */
    long result;                    /* 56: the result when prepare emulated the call */
    long post;                      /* 64: what finish does (enum cobalt_post) */
    long ctx[5];                    /* 72: state kept for finish */
    char path[COBALT_PATH_MAX + 8]; /* 112: a translated path, a small buffer */
};
#define COBALT_CALL_SIZE 1144

/* What finish does after the trap. */
enum cobalt_post {
    POST_NONE = 0,
    POST_OPEN,   /* ctx[0] flags: record close-on-exec and status flags */
    POST_WAIT4,  /* ctx[0] user status ptr, ctx[1] rusage ptr, ctx[2] kernel status */
    POST_WAITID, /* ctx[0] siginfo ptr, ctx[1] rusage ptr, ctx[2] kernel status */
    POST_SLEEP,  /* ctx[0] start ns, ctx[1] requested ns, ctx[2] rem ptr */
    POST_LSEEK,  /* ENOSYS becomes ESPIPE */
    POST_IOCTL,  /* ENOSYS becomes ENOTTY */
    POST_ZERO,   /* a positive result becomes 0 */
    POST_FUTEX,  /* nothing to convert; kept apart for tracing */
};

/* The raw trap: Cobalt's ABI (docs/syscalls.md). */
static inline long __cobalt_trap6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
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
#define __cobalt_trap0(n)          __cobalt_trap6(n, 0, 0, 0, 0, 0, 0)
#define __cobalt_trap1(n, a)       __cobalt_trap6(n, (long)(a), 0, 0, 0, 0, 0)
#define __cobalt_trap2(n, a, b)    __cobalt_trap6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define __cobalt_trap3(n, a, b, c) __cobalt_trap6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __cobalt_trap4(n, a, b, c, d)                                                              \
    __cobalt_trap6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __cobalt_trap5(n, a, b, c, d, e)                                                           \
    __cobalt_trap6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* The entry points (syscall.c). prepare returns 1 when call->nr must be
 * trapped, 0 when call->result already holds the answer. */
hidden long __cobalt_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);
hidden int __cobalt_prepare(struct cobalt_call *c, long n, long a1, long a2, long a3, long a4,
                            long a5, long a6);
hidden long __cobalt_finish(struct cobalt_call *c, long r);

/* Helpers for prepare functions. */
static inline int cobalt_translate(struct cobalt_call *c, long nr, long a1, long a2, long a3,
                                   long a4, long a5, long a6)
{
    c->nr = nr;
    c->arg[0] = a1;
    c->arg[1] = a2;
    c->arg[2] = a3;
    c->arg[3] = a4;
    c->arg[4] = a5;
    c->arg[5] = a6;
    return 1;
}

static inline int cobalt_done(struct cobalt_call *c, long result)
{
    c->result = result;
    return 0;
}

/* One handler per Linux call: fills c and returns as prepare does. */
typedef int cobalt_handler(struct cobalt_call *c, const long *a);

/* fd.c: files and fds */
cobalt_handler __cobalt_read, __cobalt_write, __cobalt_readv, __cobalt_writev, __cobalt_pread,
    __cobalt_pwrite, __cobalt_preadv, __cobalt_pwritev, __cobalt_close, __cobalt_dup, __cobalt_dup2,
    __cobalt_dup3, __cobalt_fcntl, __cobalt_ioctl, __cobalt_lseek, __cobalt_fstat,
    __cobalt_ftruncate, __cobalt_fsync, __cobalt_getdents64, __cobalt_fchmod;
/* pipe.c */
cobalt_handler __cobalt_pipe, __cobalt_pipe2;
/* poll.c */
cobalt_handler __cobalt_poll, __cobalt_ppoll, __cobalt_select, __cobalt_pselect6;
/* path.c: the path namespace */
cobalt_handler __cobalt_open, __cobalt_openat, __cobalt_creat, __cobalt_stat, __cobalt_lstat,
    __cobalt_newfstatat, __cobalt_access, __cobalt_faccessat, __cobalt_unlink, __cobalt_unlinkat,
    __cobalt_mkdir, __cobalt_mkdirat, __cobalt_rmdir, __cobalt_rename, __cobalt_renameat,
    __cobalt_renameat2, __cobalt_chmod, __cobalt_fchmodat, __cobalt_truncate, __cobalt_chdir,
    __cobalt_fchdir, __cobalt_getcwd, __cobalt_readlink, __cobalt_readlinkat;
/* process.c */
cobalt_handler __cobalt_getpid, __cobalt_getppid, __cobalt_fork, __cobalt_clone, __cobalt_execve,
    __cobalt_exit, __cobalt_exit_group, __cobalt_wait4, __cobalt_waitid, __cobalt_kill,
    __cobalt_getpgid, __cobalt_getsid, __cobalt_prlimit64, __cobalt_getrlimit, __cobalt_getrusage,
    __cobalt_times, __cobalt_umask;
/* memory.c */
cobalt_handler __cobalt_mmap, __cobalt_munmap, __cobalt_mprotect, __cobalt_madvise, __cobalt_brk,
    __cobalt_mremap, __cobalt_msync, __cobalt_mlock;
/* signal.c */
cobalt_handler __cobalt_rt_sigaction, __cobalt_rt_sigprocmask, __cobalt_rt_sigreturn,
    __cobalt_tkill, __cobalt_tgkill, __cobalt_sigaltstack, __cobalt_rt_sigsuspend, __cobalt_pause,
    __cobalt_rt_sigpending;
/* thread.c */
cobalt_handler __cobalt_gettid, __cobalt_futex, __cobalt_set_tid_address, __cobalt_arch_prctl,
    __cobalt_set_thread_area, __cobalt_sched_yield, __cobalt_sched_getaffinity,
    __cobalt_sched_setaffinity, __cobalt_sched_getscheduler, __cobalt_sched_getparam;
/* time.c */
cobalt_handler __cobalt_clock_gettime, __cobalt_clock_getres, __cobalt_gettimeofday, __cobalt_time,
    __cobalt_nanosleep, __cobalt_clock_nanosleep, __cobalt_clock_settime;
/* misc.c */
cobalt_handler __cobalt_uname, __cobalt_getrandom, __cobalt_ids, __cobalt_getresid,
    __cobalt_getgroups, __cobalt_setid, __cobalt_setgroups, __cobalt_getcpu, __cobalt_sysinfo,
    __cobalt_zero;

/* fd.c: the user-space books kept per fd (guarded by atomics). */
hidden void __cobalt_fd_opened(int fd, long flags);
hidden void __cobalt_fd_closed(int fd);
hidden void __cobalt_fd_set_cloexec(int fd, int on);
hidden int __cobalt_fd_cloexec(int fd);
hidden void __cobalt_fd_close_on_exec(void);
hidden long __cobalt_fd_dup_rights(int fd, int target, int any_at_or_above);
/* fd.c: seek-based helpers for pread/pwrite and private file mappings. */
hidden long __cobalt_seek(int fd, long off, int whence);

/* path.c: "scheme:rest" for path (relative to dirfd when not AT_FDCWD). */
hidden long __cobalt_path(int dirfd, const char *path, char *out, size_t size);
/* path.c: the boot-image path for exec ("bin/x" for "/bin/x"). */
hidden long __cobalt_exec_path(const char *path, char *out, size_t size);
/* "__COBALT_CWD=<cwd>" into buf for execve (0 when the cwd is "/"); and
 * whether an environment entry is one (path.c). */
hidden long __cobalt_cwd_env(char *buf, size_t size);
hidden int __cobalt_is_cwd_env(const char *entry);
/* path.c: open path with O_PATH (for the path operations done by fcall). */
hidden long __cobalt_open_path(int dirfd, const char *path, char *buf, long extra_flags);

/* process.c: the file mode creation mask. */
hidden int __cobalt_current_umask(void);

/* time.c */
hidden uint64_t __cobalt_now_ns(int clock);
/* A relative timespec in ns; -EINVAL if malformed. */
hidden long long __cobalt_timespec_ns(const void *ts);

/* misc.c: fill buf with pseudo-random bytes. */
hidden void __cobalt_random_fill(void *buf, size_t len);

/* signal.c: bumped after every handler; sigsuspend and pause wait on it. */
extern hidden volatile int __cobalt_signal_count;

#endif
