/* The `syscall` instruction's entry: switch to the thread's kernel stack,
 * build the same struct trap_frame an interrupt from ring 3 builds (vector
 * SYSCALL_VECTOR), call syscall_dispatch, and leave with `sysret` when the
 * dispatcher says the frame allows it (user segments, canonical user rip,
 * rcx/r11 not needed), else through trap_return (`iretq`). */
#include "frame.inc"
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
    PUSH_GPRS
    cld
    mov %rsp, %rdi
    call syscall_dispatch
    test %eax, %eax
    jz trap_return
    POP_GPRS
    add $16, %rsp               /* vector, error code */
    popq %rcx                   /* user rip */
    add $8, %rsp                /* cs */
    popq %r11                   /* user rflags */
    swapgs
    mov (%rsp), %rsp            /* user rsp (ss is implied by sysret) */
    sysretq
