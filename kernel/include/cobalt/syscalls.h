/* Cobalt's system call table: the one declaration of every call's number,
 * name and argument count. The kernel's dispatcher, the user-space stubs,
 * docs/syscalls.md and the fuzzer's table are all built from this list.
 *
 * ABI (x86_64): `syscall` with the number in rax and arguments in rdi, rsi,
 * rdx, r10, r8, r9; the result comes back in rax: >= 0 on success, a
 * negative errno value (cobalt/errno.h) on failure. rcx and r11 are
 * clobbered; every other register is preserved. Numbers never change once
 * landed. */
#ifndef COBALT_ABI_SYSCALLS_H
#define COBALT_ABI_SYSCALLS_H

/* X(number, name, argument count) */
#define COBALT_SYSCALLS(X)                                                                         \
    X(0, null, 0)                                                                                  \
    X(1, debug_write, 3)                                                                           \
    X(2, exit, 1)                                                                                  \
    X(3, getpid, 0)                                                                                \
    X(4, getppid, 0)                                                                               \
    X(5, spawn, 5)                                                                                 \
    X(6, wait, 3)                                                                                  \
    X(7, kill, 2)                                                                                  \
    X(8, yield, 0)                                                                                 \
    X(9, sleep, 1)                                                                                 \
    X(10, clock_get, 2)                                                                            \
    X(11, mmap_anon, 4)                                                                            \
    X(12, munmap, 2)                                                                               \
    X(13, mprotect, 3)                                                                             \
    X(14, set_fs_base, 1)                                                                          \
    X(15, thread_create, 5)                                                                        \
    X(16, thread_exit, 1)                                                                          \
    X(17, gettid, 0)                                                                               \
    X(18, futex_wait, 3)                                                                           \
    X(19, futex_wake, 2)                                                                           \
    X(20, handle_close, 1)                                                                         \
    X(21, handle_dup, 2)                                                                           \
    X(22, fork, 0)                                                                                 \
    X(23, exec, 4)                                                                                 \
    X(24, sigaction, 3)                                                                            \
    X(25, sigprocmask, 3)                                                                          \
    X(26, sigreturn, 0)                                                                            \
    X(27, scheme_register, 2)                                                                      \
    X(28, scheme_recv, 5)                                                                          \
    X(29, scheme_reply, 5)                                                                         \
    X(30, open, 3)                                                                                 \
    X(31, read, 3)                                                                                 \
    X(32, write, 3)                                                                                \
    X(33, fmap, 4)                                                                                 \
    X(34, wait_many, 3)                                                                            \
    X(35, shm_create, 1)                                                                           \
    X(36, shm_map, 3)                                                                              \
    X(37, shm_unmap, 1)                                                                            \
    X(38, irq_bind, 1)                                                                             \
    X(39, irq_ack, 1)                                                                              \
    X(40, ioport_grant, 2)                                                                         \
    X(41, mmio_map, 3)                                                                             \
    X(42, timer_create, 0)                                                                         \
    X(43, timer_set, 3)                                                                            \
    X(44, thread_kill, 2)                                                                          \
    X(45, handle_dup_to, 3)                                                                        \
    X(46, set_clear_tid, 1)                                                                        \
    X(47, fcall, 6)                                                                                \
    X(48, scheme_notify, 3)                                                                        \
    X(49, sysinfo, 3)                                                                              \
    X(50, bootfs_map, 0)                                                                           \
    X(51, shm_create_device, 2)

#define COBALT_SYSCALL_ENUM(num, name, nargs) SYS_##name = num,
enum cobalt_syscall { COBALT_SYSCALLS(COBALT_SYSCALL_ENUM) SYS_COUNT };
#undef COBALT_SYSCALL_ENUM

#endif
