/* _start: the ELF entry of every guest test program. The kernel enters with
 * rsp on the SysV initial stack (docs/syscalls.md, "Process start"):
 * argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL. rt_start (rt.c)
 * takes that pointer, runs main and exits with its result. */
    .text
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp              /* the outermost frame, for backtraces */
    mov %rsp, %rdi              /* rt_start(initial stack pointer) */
    and $-16, %rsp              /* the ABI's alignment at a call, whatever we got */
    call rt_start
    ud2                         /* rt_start never returns */
    .size _start, . - _start

/* rt_thread_trampoline: the entry of threads made by rt_thread_create. The
 * kernel starts it with rdi = the start block and rsp = stack_top; it hands
 * both to rt_thread_main(block, initial rsp) on an ABI-aligned stack. */
    .globl rt_thread_trampoline
    .type rt_thread_trampoline, @function
rt_thread_trampoline:
    xor %ebp, %ebp
    mov %rsp, %rsi
    and $-16, %rsp
    call rt_thread_main
    ud2                         /* rt_thread_main never returns */
    .size rt_thread_trampoline, . - rt_thread_trampoline

/* rt_sigrestorer: the restorer of every signal handler the runtime installs
 * (rt_sigaction): the handler's `ret` lands here, with rsp just above the
 * kernel's signal frame, and sigreturn takes that frame back. It never
 * returns here; ud2 catches a sigreturn that did. 26 = SYS_sigreturn
 * (checked in rt.c). */
    .globl rt_sigrestorer
    .type rt_sigrestorer, @function
rt_sigrestorer:
    mov $26, %eax
    syscall
    ud2
    .size rt_sigrestorer, . - rt_sigrestorer

    .section .note.GNU-stack, "", @progbits
