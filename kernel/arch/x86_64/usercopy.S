/* Copies between kernel and user memory that survive bad user pointers:
 * usercopy_raw(dst, src, n) returns 0, or -EFAULT (-14) when a page fault in
 * [usercopy_begin, usercopy_end) could not be resolved — the page-fault
 * handler then resumes at usercopy_fault with rax set. Range checks are the
 * callers' job (kernel/proc/usercopy.c). Eight bytes per step, then the
 * rest: a guest instruction per iteration is what -icount charges. */
    .text
    .global usercopy_raw, usercopy_begin, usercopy_end, usercopy_fault
usercopy_raw:
    mov %rdx, %rcx
    shr $3, %rcx
    and $7, %edx
usercopy_begin:
    rep movsq
    mov %rdx, %rcx
    rep movsb
usercopy_end:
    xor %eax, %eax
    ret
usercopy_fault:
    mov $-14, %rax
    ret
