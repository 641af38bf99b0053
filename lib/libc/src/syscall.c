/* The dispatcher: every Linux system call musl makes arrives here (or in
 * syscall_cp.s, which uses prepare and finish around its own trap) and is
 * routed to the handler of its area. A number without a handler answers
 * -ENOSYS; nothing here ever crashes on an unknown call. The table of what
 * each call becomes is docs/libc.md. */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <sys/syscall.h>

/* syscall_cp.s reads these fields at fixed offsets. */
_Static_assert(offsetof(struct cobalt_call, nr) == 0, "syscall_cp.s: nr");
_Static_assert(offsetof(struct cobalt_call, arg) == 8, "syscall_cp.s: arg");
_Static_assert(offsetof(struct cobalt_call, result) == 56, "syscall_cp.s: result");
_Static_assert(sizeof(struct cobalt_call) == COBALT_CALL_SIZE, "syscall_cp.s: size");
_Static_assert(COBALT_CALL_SIZE % 16 == 8, "syscall_cp.s keeps the stack aligned");
/* The assembly files trap with these numbers directly. */
_Static_assert(CSYS_sigreturn == 26, "restore.s");
_Static_assert(CSYS_set_fs_base == 14, "__set_thread_area.s");
_Static_assert(CSYS_munmap == 12 && CSYS_thread_exit == 16, "__unmapself.s");
_Static_assert(CSYS_fork == 22 && CSYS_exit == 2 && CSYS_thread_create == 15 && CSYS_gettid == 17,
               "clone.s");

/* Linux call number -> its handler; a hole answers -ENOSYS. */
#define CALLS_MAX 512
static cobalt_handler *const handlers[CALLS_MAX] = {
    /* files and fds (fd.c, poll.c) */
    [SYS_read] = __cobalt_read,
    [SYS_write] = __cobalt_write,
    [SYS_readv] = __cobalt_readv,
    [SYS_writev] = __cobalt_writev,
    [SYS_pread64] = __cobalt_pread,
    [SYS_pwrite64] = __cobalt_pwrite,
    [SYS_preadv] = __cobalt_preadv,
    [SYS_pwritev] = __cobalt_pwritev,
    [SYS_close] = __cobalt_close,
    [SYS_dup] = __cobalt_dup,
    [SYS_dup2] = __cobalt_dup2,
    [SYS_dup3] = __cobalt_dup3,
    [SYS_fcntl] = __cobalt_fcntl,
    [SYS_ioctl] = __cobalt_ioctl,
    [SYS_lseek] = __cobalt_lseek,
    [SYS_fstat] = __cobalt_fstat,
    [SYS_ftruncate] = __cobalt_ftruncate,
    [SYS_fsync] = __cobalt_fsync,
    [SYS_fdatasync] = __cobalt_fsync,
    [SYS_getdents64] = __cobalt_getdents64,
    [SYS_fchmod] = __cobalt_fchmod,
    [SYS_poll] = __cobalt_poll,
    [SYS_ppoll] = __cobalt_ppoll,
    [SYS_select] = __cobalt_select,
    [SYS_pselect6] = __cobalt_pselect6,
    /* pipes (pipe.c) */
    [SYS_pipe] = __cobalt_pipe,
    [SYS_pipe2] = __cobalt_pipe2,
    /* paths (path.c) */
    [SYS_open] = __cobalt_open,
    [SYS_openat] = __cobalt_openat,
    [SYS_creat] = __cobalt_creat,
    [SYS_stat] = __cobalt_stat,
    [SYS_lstat] = __cobalt_lstat,
    [SYS_newfstatat] = __cobalt_newfstatat,
    [SYS_access] = __cobalt_access,
    [SYS_faccessat] = __cobalt_faccessat,
    [SYS_faccessat2] = __cobalt_faccessat,
    [SYS_unlink] = __cobalt_unlink,
    [SYS_unlinkat] = __cobalt_unlinkat,
    [SYS_mkdir] = __cobalt_mkdir,
    [SYS_mkdirat] = __cobalt_mkdirat,
    [SYS_rmdir] = __cobalt_rmdir,
    [SYS_rename] = __cobalt_rename,
    [SYS_renameat] = __cobalt_renameat,
    [SYS_renameat2] = __cobalt_renameat2,
    [SYS_chmod] = __cobalt_chmod,
    [SYS_fchmodat] = __cobalt_fchmodat,
    [SYS_truncate] = __cobalt_truncate,
    [SYS_chdir] = __cobalt_chdir,
    [SYS_fchdir] = __cobalt_fchdir,
    [SYS_getcwd] = __cobalt_getcwd,
    [SYS_readlink] = __cobalt_readlink,
    [SYS_readlinkat] = __cobalt_readlinkat,
    /* processes (process.c) */
    [SYS_getpid] = __cobalt_getpid,
    [SYS_getppid] = __cobalt_getppid,
    [SYS_fork] = __cobalt_fork,
    [SYS_vfork] = __cobalt_fork,
    [SYS_clone] = __cobalt_clone,
    [SYS_execve] = __cobalt_execve,
    [SYS_exit] = __cobalt_exit,
    [SYS_exit_group] = __cobalt_exit_group,
    [SYS_wait4] = __cobalt_wait4,
    [SYS_waitid] = __cobalt_waitid,
    [SYS_kill] = __cobalt_kill,
    [SYS_getpgid] = __cobalt_getpgid,
    [SYS_getpgrp] = __cobalt_getpgid,
    [SYS_getsid] = __cobalt_getsid,
    [SYS_prlimit64] = __cobalt_prlimit64,
    [SYS_getrlimit] = __cobalt_getrlimit,
    [SYS_getrusage] = __cobalt_getrusage,
    [SYS_times] = __cobalt_times,
    [SYS_umask] = __cobalt_umask,
    /* memory (memory.c) */
    [SYS_mmap] = __cobalt_mmap,
    [SYS_munmap] = __cobalt_munmap,
    [SYS_mprotect] = __cobalt_mprotect,
    [SYS_madvise] = __cobalt_madvise,
    [SYS_brk] = __cobalt_brk,
    [SYS_mremap] = __cobalt_mremap,
    [SYS_msync] = __cobalt_msync,
    [SYS_mlock] = __cobalt_mlock,
    [SYS_munlock] = __cobalt_mlock,
    [SYS_mlockall] = __cobalt_mlock,
    [SYS_munlockall] = __cobalt_mlock,
    /* signals (signal.c) */
    [SYS_rt_sigaction] = __cobalt_rt_sigaction,
    [SYS_rt_sigprocmask] = __cobalt_rt_sigprocmask,
    [SYS_rt_sigreturn] = __cobalt_rt_sigreturn,
    [SYS_tkill] = __cobalt_tkill,
    [SYS_tgkill] = __cobalt_tgkill,
    [SYS_sigaltstack] = __cobalt_sigaltstack,
    [SYS_rt_sigsuspend] = __cobalt_rt_sigsuspend,
    [SYS_pause] = __cobalt_pause,
    [SYS_rt_sigpending] = __cobalt_rt_sigpending,
    /* threads and futexes (thread.c) */
    [SYS_gettid] = __cobalt_gettid,
    [SYS_futex] = __cobalt_futex,
    [SYS_set_tid_address] = __cobalt_set_tid_address,
    [SYS_arch_prctl] = __cobalt_arch_prctl,
    [SYS_set_thread_area] = __cobalt_set_thread_area,
    [SYS_sched_yield] = __cobalt_sched_yield,
    [SYS_sched_getaffinity] = __cobalt_sched_getaffinity,
    [SYS_sched_setaffinity] = __cobalt_sched_setaffinity,
    [SYS_sched_getscheduler] = __cobalt_sched_getscheduler,
    [SYS_sched_getparam] = __cobalt_sched_getparam,
    /* time (time.c) */
    [SYS_clock_gettime] = __cobalt_clock_gettime,
    [SYS_clock_getres] = __cobalt_clock_getres,
    [SYS_gettimeofday] = __cobalt_gettimeofday,
    [SYS_time] = __cobalt_time,
    [SYS_nanosleep] = __cobalt_nanosleep,
    [SYS_clock_nanosleep] = __cobalt_clock_nanosleep,
    [SYS_clock_settime] = __cobalt_clock_settime,
    [SYS_settimeofday] = __cobalt_clock_settime,
    /* the rest (misc.c) */
    [SYS_uname] = __cobalt_uname,
    [SYS_getrandom] = __cobalt_getrandom,
    [SYS_getuid] = __cobalt_ids,
    [SYS_geteuid] = __cobalt_ids,
    [SYS_getgid] = __cobalt_ids,
    [SYS_getegid] = __cobalt_ids,
    [SYS_getresuid] = __cobalt_getresid,
    [SYS_getresgid] = __cobalt_getresid,
    [SYS_getgroups] = __cobalt_getgroups,
    [SYS_setuid] = __cobalt_setid,
    [SYS_setgid] = __cobalt_setid,
    [SYS_setreuid] = __cobalt_setid,
    [SYS_setregid] = __cobalt_setid,
    [SYS_setresuid] = __cobalt_setid,
    [SYS_setresgid] = __cobalt_setid,
    [SYS_setfsuid] = __cobalt_ids, /* the old fsuid (0); nothing changes */
    [SYS_setfsgid] = __cobalt_ids,
    [SYS_setgroups] = __cobalt_setgroups,
    [SYS_getcpu] = __cobalt_getcpu,
    [SYS_sysinfo] = __cobalt_sysinfo,
    [SYS_fadvise64] = __cobalt_zero,
    [SYS_sync] = __cobalt_zero,
    [SYS_syncfs] = __cobalt_zero,
};

int __cobalt_prepare(struct cobalt_call *c, long n, long a1, long a2, long a3, long a4, long a5,
                     long a6)
{
    const long a[6] = {a1, a2, a3, a4, a5, a6};
    c->post = POST_NONE;
    cobalt_handler *h = n >= 0 && n < CALLS_MAX ? handlers[n] : 0;
    if (!h)
        return cobalt_done(c, -ENOSYS);
    return h(c, a);
}

long __cobalt_finish(struct cobalt_call *c, long r)
{
    switch (c->post) {
    case POST_NONE:
    case POST_FUTEX:
        return r;
    case POST_ZERO:
        return r > 0 ? 0 : r;
    case POST_LSEEK:
        return r == -ENOSYS ? -ESPIPE : r;
    case POST_IOCTL:
        return r == -ENOSYS ? -ENOTTY : r;
    case POST_OPEN:
        if (r >= 0)
            __cobalt_fd_opened((int)r, c->ctx[0]);
        return r;
    default:
        break;
    }
    /* The posts with more to do live with their area. */
    extern hidden long __cobalt_finish_process(struct cobalt_call * c, long r);
    extern hidden long __cobalt_finish_time(struct cobalt_call * c, long r);
    switch (c->post) {
    case POST_WAIT4:
    case POST_WAITID:
        return __cobalt_finish_process(c, r);
    case POST_SLEEP:
        return __cobalt_finish_time(c, r);
    default:
        return r;
    }
}

long __cobalt_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
    struct cobalt_call c;
    long r;
    if (__cobalt_prepare(&c, n, a1, a2, a3, a4, a5, a6))
        r = __cobalt_trap6(c.nr, c.arg[0], c.arg[1], c.arg[2], c.arg[3], c.arg[4], c.arg[5]);
    else
        r = c.result;
    return __cobalt_finish(&c, r);
}
