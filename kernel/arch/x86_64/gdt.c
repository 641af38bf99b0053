/* The kernel's GDT (flat 64-bit code/data for ring 0 and 3, laid out for
 * syscall/sysret) and its TSS, whose interrupt stack table gives double
 * faults, NMIs and machine checks a known-good stack. */
#include "gdt.h"

#include <stdint.h>

#include "kstring.h"

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct descriptor_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

#define IST_STACK_SIZE 8192

/* The TSS with its I/O permission bitmap (a set bit denies the port) and the
 * terminating byte the CPU requires. */
struct tss_with_iomap {
    struct tss tss;
    uint8_t iomap[IOMAP_BYTES];
    uint8_t terminator;
} __attribute__((packed));

static uint64_t gdt[7];
static struct tss_with_iomap tss_block;
#define tss (tss_block.tss)
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

static void set_tss_descriptor(void)
{
    uint64_t base = (uint64_t)&tss_block;
    uint64_t limit = sizeof tss_block - 1;
    gdt[5] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ULL << 40) |
             (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    gdt[6] = base >> 32;
}

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00AF9A000000FFFF; /* kernel code, 64-bit */
    gdt[2] = 0x00CF92000000FFFF; /* kernel data */
    gdt[3] = 0x00CFF2000000FFFF; /* user data, DPL 3 */
    gdt[4] = 0x00AFFA000000FFFF; /* user code, 64-bit, DPL 3 */
    memset(&tss_block, 0, sizeof tss_block);
    for (int i = 0; i < 3; i++)
        tss.ist[i] = (uint64_t)&ist_stacks[i][IST_STACK_SIZE];
    /* Every port denied until a driver is granted some (gdt_load_iomap). */
    tss.iomap_base = sizeof tss;
    memset(tss_block.iomap, 0xFF, sizeof tss_block.iomap);
    tss_block.terminator = 0xFF;
    set_tss_descriptor();

    struct descriptor_pointer gdtr = {sizeof gdt - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "mov %1, %%ds\n\t"
                     "mov %1, %%es\n\t"
                     "mov %1, %%ss\n\t"
                     "pushq %2\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "ltr %w3"
                     :
                     : "m"(gdtr), "r"((uint64_t)SEL_KERNEL_DATA), "i"(SEL_KERNEL_CODE),
                       "r"((uint64_t)SEL_TSS)
                     : "rax", "memory");
}

void gdt_set_kernel_stack(uint64_t top)
{
    tss.rsp[0] = top;
}

void gdt_load_iomap(const uint8_t *map)
{
    if (map)
        memcpy(tss_block.iomap, map, IOMAP_BYTES);
    else
        memset(tss_block.iomap, 0xFF, IOMAP_BYTES);
}
