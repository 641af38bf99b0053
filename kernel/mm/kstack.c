/* Kernel stack slots in PML4 slot 510 (shared by every address space): slot
 * i spans KSTACK_SLOT bytes at KSTACK_AREA + i * KSTACK_SLOT; its lowest
 * page stays unmapped (the guard) and the stack's pages sit above it. Frames
 * need not be contiguous.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "kstack.h"

#include "paging.h"
#include "pmm.h"
#include "thread.h"

#define KSTACK_AREA  0xFFFFFF0000000000ULL
#define KSTACK_SLOT  (KSTACK_SIZE + PAGE_SIZE) /* guard page + stack */
#define KSTACK_SLOTS 4096

static uint64_t used[KSTACK_SLOTS / 64]; /* guarded by the kernel lock */

static uint64_t slot_base(unsigned i)
{
    return KSTACK_AREA + (uint64_t)i * KSTACK_SLOT + PAGE_SIZE;
}

static void unmap_stack(uint64_t base, unsigned pages)
{
    for (unsigned p = 0; p < pages; p++) {
        uint64_t e = paging_unmap(paging_kernel_root(), base + p * PAGE_SIZE);
        if (e)
            pmm_unref(e & PTE_ADDR);
    }
}

uint64_t kstack_alloc(void)
{
    for (unsigned w = 0; w < KSTACK_SLOTS / 64; w++) {
        if (used[w] == ~0ULL)
            continue;
        unsigned i = w * 64 + (unsigned)__builtin_ctzll(~used[w]);
        uint64_t base = slot_base(i);
        for (unsigned p = 0; p < KSTACK_PAGES; p++) {
            uint64_t frame = pmm_alloc();
            if (!frame || paging_map(paging_kernel_root(), base + p * PAGE_SIZE, frame,
                                     PTE_WRITE | PTE_NX) != 0) {
                if (frame)
                    pmm_unref(frame);
                unmap_stack(base, p);
                return 0;
            }
        }
        used[w] |= 1ULL << (i % 64);
        return base;
    }
    return 0;
}

void kstack_free(uint64_t base)
{
    unsigned i = (unsigned)((base - PAGE_SIZE - KSTACK_AREA) / KSTACK_SLOT);
    unmap_stack(base, KSTACK_PAGES);
    used[i / 64] &= ~(1ULL << (i % 64));
}
