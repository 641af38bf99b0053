/* Kernel thread switch: context_switch(&old_rsp, new_rsp) saves the
 * callee-saved registers on the old stack, stores its rsp, loads the new
 * one and pops its registers. A new thread's stack is prepared so that the
 * `ret` lands in thread_trampoline, which leaves through trap_return. */
    .text
    .global context_switch
context_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

    .global thread_trampoline
thread_trampoline:
    call thread_first_run
    jmp trap_return
