/* Interrupt entry stubs: each vector pushes a uniform frame (a zero error code
 * when the CPU pushes none, then the vector number), saves the general
 * registers and calls trap_dispatch with a pointer to struct trap_frame.
 * Entries from ring 3 swap GS to the kernel's per-CPU block; trap_return is
 * the one way back for interrupts, exceptions and system calls alike. */
#include "frame.inc"

.macro ISR_NOERR n
isr_\n:
    pushq $0
    pushq $\n
    jmp isr_common
.endm

.macro ISR_ERR n
isr_\n:
    pushq $\n
    jmp isr_common
.endm

    .text
/* Vectors whose exceptions push an error code: 8, 10-14, 17, 21, 29, 30. */
.altmacro
.set i, 0
.rept 256
    .if (i == 8) || (i >= 10 && i <= 14) || (i == 17) || (i == 21) || (i == 29) || (i == 30)
        ISR_ERR %i
    .else
        ISR_NOERR %i
    .endif
    .set i, i + 1
.endr

isr_common:
    cld
    testb $3, 24(%rsp)          /* CS of the interrupted context */
    jz 1f
    swapgs
1:  PUSH_GPRS
    mov %rsp, %rdi
    mov %rsp, %rbx
    and $-16, %rsp
    call trap_dispatch
    mov %rbx, %rsp
    .global trap_return
trap_return:
    POP_GPRS
    add $16, %rsp
    testb $3, 8(%rsp)           /* CS we return to */
    jz 2f
    swapgs
2:  iretq

.macro ISR_ADDR n
    .quad isr_\n
.endm

    .section .rodata
    .global isr_table
    .align 8
isr_table:
.set i, 0
.rept 256
    ISR_ADDR %i
    .set i, i + 1
.endr
