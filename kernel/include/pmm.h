/* Physical page allocator: every 4 KiB frame of usable RAM, a free bitmap and
 * a reference count per frame (shared and copy-on-write pages). */
#ifndef COBALT_PMM_H
#define COBALT_PMM_H

#include <stdbool.h>
#include <stdint.h>

#include "bootinfo.h"
#include "layout.h"

#define PAGE_SIZE  4096ULL
#define PAGE_SHIFT 12

/* Physical address to its kernel virtual address in the direct map. */
static inline void *phys_to_virt(uint64_t phys)
{
    return (void *)(DIRECT_MAP_BASE + phys);
}

static inline uint64_t virt_to_phys(const void *v)
{
    uint64_t a = (uint64_t)v;
    return a >= KERNEL_VMA ? a - KERNEL_VMA : a - DIRECT_MAP_BASE;
}

/* Takes every usable frame except the kernel image, the boot information,
 * the boot modules and the first megabyte. */
void pmm_init(const struct boot_info *bi);

/* One zeroed frame with reference count 1, or 0 when memory is exhausted. */
uint64_t pmm_alloc(void);
/* count physically contiguous zeroed frames, or 0. */
uint64_t pmm_alloc_contig(unsigned count);
/* Drops one reference; the frame is free again at zero. */
void pmm_unref(uint64_t phys);
/* Takes one more reference; false (nothing taken) when the count is full. */
bool pmm_ref(uint64_t phys);
unsigned pmm_refcount(uint64_t phys);
/* True when the page at phys overlaps usable RAM (never device memory). */
bool pmm_is_ram(uint64_t phys);

uint64_t pmm_free_pages(void);
uint64_t pmm_total_pages(void);

#endif
