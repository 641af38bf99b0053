/* Segment descriptors and the task state segment (interrupt stacks). */
#ifndef COBALT_GDT_H
#define COBALT_GDT_H

#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_DATA   0x18 /* sysret expects user data at STAR base + 8 */
#define SEL_USER_CODE   0x20 /* and user code at STAR base + 16 */
#define SEL_TSS         0x28

/* Interrupt stack table slots (1-based, as in the IDT gate). */
#define IST_DOUBLE_FAULT  1
#define IST_NMI           2
#define IST_MACHINE_CHECK 3

#include <stdint.h>

void gdt_init(void);
#define IOMAP_BYTES 8192 /* one bit per port, 65536 ports */

/* Loads a process's I/O permission bitmap into the TSS (NULL: no ports). */
void gdt_load_iomap(const uint8_t *map);
/* The stack the CPU loads on an interrupt from ring 3 (TSS rsp0). */
void gdt_set_kernel_stack(uint64_t top);

#endif
