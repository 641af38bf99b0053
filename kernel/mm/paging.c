/* Page tables. The boot tables are replaced at paging_init by the kernel's
 * own: the direct map (slot 256) with 2 MiB pages, read/write, no-execute;
 * the kernel image (slot 511) in 4 KiB pages, text read+execute, rodata
 * read-only, data and bss read/write no-execute; nothing below the kernel
 * half (the boot identity map is gone). User tables hold 4 KiB pages only.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "paging.h"

#include "cobalt/errno.h"
#include "cpu.h"
#include "kstring.h"
#include "log.h"
#include "msr.h"
#include "panic.h"
#include "pmm.h"

#define ENTRIES     512
#define LARGE_PAGE  (2ULL * 1024 * 1024)
#define KERNEL_SLOT 511

extern char _text_start[], _text_end[], _kernel_start[], _kernel_end[];
extern char __rodata_start[], __data_start[];

static uint64_t kernel_root;
static uint64_t nx_bit;

static inline uint64_t *table(uint64_t phys)
{
    return phys_to_virt(phys & PTE_ADDR);
}

static inline unsigned index_of(uint64_t va, int level)
{
    return (va >> (12 + 9 * level)) & 0x1FF;
}

bool paging_nx_enabled(void)
{
    return nx_bit != 0;
}

/* Walks to the leaf table entry for va, creating tables when create is set.
 * Intermediate entries of user addresses carry PTE_USER so the leaf decides. */
static uint64_t *walk(uint64_t root, uint64_t va, bool create)
{
    uint64_t *t = table(root);
    for (int level = 3; level > 0; level--) {
        uint64_t *e = &t[index_of(va, level)];
        if (!(*e & PTE_PRESENT)) {
            if (!create)
                return 0;
            uint64_t page = pmm_alloc();
            if (!page)
                return 0;
            *e = page | PTE_PRESENT | PTE_WRITE | (va < USER_TOP ? PTE_USER : 0);
        } else if (*e & PTE_LARGE) {
            return 0; /* only the direct map has large pages, and it is never walked */
        }
        t = table(*e);
    }
    return &t[index_of(va, 0)];
}

static void map_kernel_range(uint64_t root, char *start, char *end, uint64_t flags)
{
    for (uint64_t va = (uint64_t)start & ~(PAGE_SIZE - 1); va < (uint64_t)end; va += PAGE_SIZE) {
        uint64_t *e = walk(root, va, true);
        if (!e)
            panic("paging: out of memory mapping the kernel");
        *e = virt_to_phys((void *)va) | PTE_PRESENT | flags;
    }
}

static void map_direct(uint64_t root)
{
    uint64_t *pml4 = table(root);
    uint64_t pdpt = pmm_alloc();
    if (!pdpt)
        panic("paging: out of memory for the direct map");
    pml4[PML4_DIRECT_MAP_SLOT] = pdpt | PTE_PRESENT | PTE_WRITE;
    for (unsigned g = 0; g < DIRECT_MAP_SIZE / (ENTRIES * LARGE_PAGE); g++) {
        uint64_t pd = pmm_alloc();
        if (!pd)
            panic("paging: out of memory for the direct map");
        table(pdpt)[g] = pd | PTE_PRESENT | PTE_WRITE;
        for (unsigned i = 0; i < ENTRIES; i++) {
            uint64_t phys = ((uint64_t)g * ENTRIES + i) * LARGE_PAGE;
            table(pd)[i] = phys | PTE_PRESENT | PTE_WRITE | PTE_LARGE | nx_bit;
        }
    }
}

void paging_init(void)
{
    nx_bit = (rdmsr(MSR_EFER) & EFER_NXE) ? PTE_NX : 0;
    kernel_root = pmm_alloc();
    if (!kernel_root)
        panic("paging: no page for the kernel root");
    map_direct(kernel_root);
    map_kernel_range(kernel_root, _text_start, _text_end, 0);
    map_kernel_range(kernel_root, __rodata_start, __data_start, nx_bit);
    map_kernel_range(kernel_root, __data_start, _kernel_end, PTE_WRITE | nx_bit);
    /* Every kernel-half slot gets its PDPT now, so later kernel mappings are
     * seen by every address space without copying. */
    uint64_t *pml4 = table(kernel_root);
    for (unsigned s = ENTRIES / 2; s < ENTRIES; s++) {
        if (!(pml4[s] & PTE_PRESENT)) {
            uint64_t pdpt = pmm_alloc();
            if (!pdpt)
                panic("paging: out of memory for kernel PDPTs");
            pml4[s] = pdpt | PTE_PRESENT | PTE_WRITE;
        }
    }
    paging_switch(kernel_root);
    klog("paging: kernel tables at %lx, NX %s", kernel_root, nx_bit ? "on" : "unavailable");
}

uint64_t paging_kernel_root(void)
{
    return kernel_root;
}

uint64_t paging_new_root(void)
{
    uint64_t root = pmm_alloc();
    if (!root)
        return 0;
    memcpy(table(root) + ENTRIES / 2, table(kernel_root) + ENTRIES / 2, ENTRIES / 2 * 8);
    return root;
}

static void free_level(uint64_t phys, int level)
{
    uint64_t *t = table(phys);
    for (unsigned i = 0; i < ENTRIES; i++) {
        uint64_t e = t[i];
        if (!(e & PTE_PRESENT))
            continue;
        if (level == 0) {
            if (!(e & PTE_NOREF))
                pmm_unref(e & PTE_ADDR);
        } else {
            free_level(e & PTE_ADDR, level - 1);
        }
    }
    pmm_unref(phys);
}

void paging_free_root(uint64_t root)
{
    uint64_t *pml4 = table(root);
    for (unsigned s = 0; s < ENTRIES / 2; s++) {
        if (pml4[s] & PTE_PRESENT)
            free_level(pml4[s] & PTE_ADDR, 2);
    }
    pmm_unref(root);
}

/* Kernel-half mappings are shared by every address space, so their stale
 * TLB entries must go whichever space is current. */
static void flush(uint64_t root, uint64_t va)
{
    if (va >= USER_TOP || paging_current() == root)
        __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

int paging_map(uint64_t root, uint64_t va, uint64_t phys, uint64_t flags)
{
    uint64_t *e = walk(root, va, true);
    if (!e)
        return -ENOMEM;
    if (*e & PTE_PRESENT)
        return -EEXIST;
    if (!(flags & PTE_NX) || !nx_bit)
        flags &= ~PTE_NX;
    *e = (phys & PTE_ADDR) | PTE_PRESENT | flags;
    return 0;
}

uint64_t paging_query(uint64_t root, uint64_t va)
{
    uint64_t *e = walk(root, va, false);
    return e && (*e & PTE_PRESENT) ? *e : 0;
}

bool paging_update(uint64_t root, uint64_t va, uint64_t entry)
{
    uint64_t *e = walk(root, va, false);
    if (!e || !(*e & PTE_PRESENT))
        return false;
    if (!nx_bit)
        entry &= ~PTE_NX;
    *e = entry;
    flush(root, va);
    return true;
}

uint64_t paging_unmap(uint64_t root, uint64_t va)
{
    uint64_t *e = walk(root, va, false);
    if (!e || !(*e & PTE_PRESENT))
        return 0;
    uint64_t old = *e;
    *e = 0;
    flush(root, va);
    return old;
}

void paging_switch(uint64_t root)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(root) : "memory");
}

uint64_t paging_current(void)
{
    return read_cr3() & PTE_ADDR;
}

uint64_t *paging_leaf_table(uint64_t root, uint64_t va, uint64_t *skip_to)
{
    uint64_t *t = table(root);
    for (int level = 3; level > 0; level--) {
        uint64_t e = t[index_of(va, level)];
        if (!(e & PTE_PRESENT) || (e & PTE_LARGE)) {
            uint64_t span = 1ULL << (12 + 9 * level);
            *skip_to = (va & ~(span - 1)) + span;
            return 0;
        }
        t = table(e);
    }
    *skip_to = (va & ~(LARGE_PAGE - 1)) + LARGE_PAGE;
    return t;
}

void paging_flush_all(uint64_t root)
{
    if (paging_current() == root)
        paging_switch(root);
}
