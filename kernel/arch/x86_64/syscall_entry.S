/* The `syscall` instruction's entry: switch to the thread's kernel stack,
 * build the same struct trap_frame an interrupt from ring 3 builds (vector
 * SYSCALL_VECTOR), call syscall_dispatch, and leave through trap_return. */
#include "percpu.h"

#define SYSCALL_VECTOR 256
#define USER_CS (0x20 | 3)
#define USER_SS (0x18 | 3)

    .text
    .global syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:PERCPU_USER_RSP
    mov %gs:PERCPU_KERNEL_RSP, %rsp
    pushq $USER_SS
    pushq %gs:PERCPU_USER_RSP
    pushq %r11                  /* user rflags */
    pushq $USER_CS
    pushq %rcx                  /* user rip */
    pushq $0                    /* error code */
    pushq $SYSCALL_VECTOR
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    cld
    mov %rsp, %rdi
    call syscall_dispatch
    jmp trap_return
