/* Boot entry: the multiboot2 header, the 32-bit entry from GRUB, the first
 * page tables (identity map and direct map of the low 4 GiB, the kernel in
 * the top 2 GiB), the switch to long mode, and the jump to kmain. */
#include "layout.h"

#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0

    .section .multiboot, "a"
    .align 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* Framebuffer tag (type 5), optional (flags bit 0): boot on in text mode if refused. */
    .align 8
    .short 5
    .short 1
    .long 20
    .long COBALT_FB_WIDTH
    .long COBALT_FB_HEIGHT
    .long 32
    /* End tag. */
    .align 8
    .short 0
    .short 0
    .long 8
mb2_header_end:

    .section .boot.bss, "aw", @nobits
    .align 4096
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096 * 4      /* 4 GiB in 2 MiB pages */
boot_stack:     .skip 16384
boot_stack_top:

    .section .boot.data, "aw"
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF    /* 0x08: 64-bit code, ring 0 */
    .quad 0x00CF92000000FFFF    /* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdtr:
    .short boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .section .boot.text, "ax"
    .code32
    .global _start
_start:
    cli
    mov $boot_stack_top, %esp
    mov %eax, %edi              /* multiboot2 magic: first argument of kmain */
    mov %ebx, %esi              /* boot information (physical): second argument */

    /* Page directories: 2048 entries of 2 MiB covering 0..4 GiB (present, write, large). */
    mov $boot_pd, %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax
    mov %eax, (%ebx, %ecx, 8)
    mov %ecx, %eax
    shr $11, %eax               /* bits 32+ of the address: entry index / 2048 (0 here) */
    mov %eax, 4(%ebx, %ecx, 8)
    inc %ecx
    cmp $2048, %ecx
    jne 1b

    /* Low PDPT: four page directories. */
    mov $boot_pdpt_low, %ebx
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $12, %eax
    add $boot_pd, %eax
    or $0x3, %eax
    mov %eax, (%ebx, %ecx, 8)
    inc %ecx
    cmp $4, %ecx
    jne 2b

    /* High PDPT: entry 510 maps 0xFFFFFFFF80000000 onto physical 0..1 GiB. */
    mov $boot_pd, %eax
    or $0x3, %eax
    mov %eax, boot_pdpt_high + 510 * 8

    /* PML4: 0 = identity (boot only), 256 = direct map, 511 = kernel. */
    mov $boot_pdpt_low, %eax
    or $0x3, %eax
    mov %eax, boot_pml4
    mov %eax, boot_pml4 + PML4_DIRECT_MAP_SLOT * 8
    mov $boot_pdpt_high, %eax
    or $0x3, %eax
    mov %eax, boot_pml4 + 511 * 8

    /* PAE on, CR3, then long mode (and NX when the CPU has it), then paging. */
    mov %cr4, %eax
    or $(1 << 5), %eax
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3

    mov $0x80000001, %eax
    cpuid
    mov %edx, %ebp              /* extended features: bit 20 = NX */
    mov $0xC0000080, %ecx
    rdmsr
    or $(1 << 8), %eax          /* EFER.LME */
    bt $20, %ebp
    jnc 3f
    or $(1 << 11), %eax         /* EFER.NXE */
3:  mov $0xC0000080, %ecx
    wrmsr

    mov %cr0, %eax
    or $0x80010001, %eax        /* PG, WP, PE */
    mov %eax, %cr0

    lgdt boot_gdtr
    ljmp $0x08, $long_mode_low

    .code64
long_mode_low:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    movabs $long_mode_high, %rax
    jmp *%rax

    .text
long_mode_high:
    movabs $kernel_stack_top, %rsp
    xor %ebp, %ebp
    /* edi = magic, esi = boot info physical address (zero-extended by the 32-bit moves). */
    mov %esi, %esi
    call kmain
4:  cli
    hlt
    jmp 4b

    .bss
    .align 16
    .global kernel_stack_bottom
kernel_stack_bottom:
    .skip 32768
    .global kernel_stack_top
kernel_stack_top:
