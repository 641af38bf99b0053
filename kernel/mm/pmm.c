/* Physical page allocator. A bitmap (1 = in use) over frames 0..max_frame
 * with a next-fit hint, and a 16-bit reference count per frame, both carved
 * from the first usable region large enough. Allocation order is
 * deterministic (lowest free frame from the hint), so runs repeat exactly.
 *
 * Locking: the kernel runs with interrupts off on one CPU under the big
 * kernel lock (docs/kernel.md); pmm state is guarded by it. */
#include "pmm.h"

#include "kstring.h"
#include "log.h"
#include "panic.h"

extern char _boot_start[], _kernel_end[];

static uint64_t *bitmap;    /* guarded by the kernel lock */
static uint16_t *refcounts; /* guarded by the kernel lock */
static uint64_t max_frame;  /* frames 0..max_frame-1 are described */
static uint64_t free_count, total_count;
static uint64_t hint;
static struct range {
    uint64_t start, end;
} ram[BOOT_MMAP_MAX]; /* every usable RAM region from the memory map */
static unsigned ram_count;

static inline bool used(uint64_t f)
{
    return bitmap[f / 64] >> (f % 64) & 1;
}

static inline void mark_used(uint64_t f)
{
    bitmap[f / 64] |= 1ULL << (f % 64);
}

static inline void mark_free(uint64_t f)
{
    bitmap[f / 64] &= ~(1ULL << (f % 64));
}

static bool overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
    return a0 < b1 && b0 < a1;
}

/* Reserved physical ranges that must never be handed out (struct range above). */

static unsigned reserved_ranges(const struct boot_info *bi, struct range *out)
{
    unsigned n = 0;
    out[n++] = (struct range){0, 0x100000}; /* BIOS area, real-mode structures */
    out[n++] = (struct range){(uint64_t)_boot_start, virt_to_phys(_kernel_end)};
    out[n++] = (struct range){bi->info_start, bi->info_end};
    for (unsigned i = 0; i < bi->module_count; i++)
        out[n++] = (struct range){bi->modules[i].start, bi->modules[i].end};
    return n;
}

static bool frame_reserved(uint64_t f, const struct range *r, unsigned n)
{
    uint64_t a = f * PAGE_SIZE;
    for (unsigned i = 0; i < n; i++) {
        if (overlaps(a, a + PAGE_SIZE, r[i].start, r[i].end))
            return true;
    }
    return false;
}

/* Finds room for the metadata in a usable region clear of reserved ranges. */
static uint64_t place_metadata(const struct boot_info *bi, uint64_t bytes, const struct range *r,
                               unsigned n)
{
    for (unsigned i = 0; i < bi->mmap_count; i++) {
        const struct mem_region *m = &bi->mmap[i];
        if (m->type != MEM_USABLE)
            continue;
        uint64_t start = (m->base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        uint64_t end = (m->base + m->length) & ~(PAGE_SIZE - 1);
        if (end > DIRECT_MAP_SIZE)
            end = DIRECT_MAP_SIZE;
        for (uint64_t at = start; at + bytes <= end; at += PAGE_SIZE) {
            bool clear = true;
            for (unsigned k = 0; k < n && clear; k++) {
                if (overlaps(at, at + bytes, r[k].start, r[k].end))
                    clear = false;
            }
            if (clear)
                return at;
        }
    }
    return 0;
}

void pmm_init(const struct boot_info *bi)
{
    struct range reserved[8 + BOOT_MODULES_MAX];
    unsigned nres = reserved_ranges(bi, reserved);

    uint64_t top = 0;
    for (unsigned i = 0; i < bi->mmap_count; i++) {
        const struct mem_region *m = &bi->mmap[i];
        if (m->type == MEM_USABLE && m->base + m->length > top)
            top = m->base + m->length;
    }
    /* Rule: only RAM inside the direct map is managed (more comes with SMP-era paging). */
    if (top > DIRECT_MAP_SIZE)
        top = DIRECT_MAP_SIZE;
    max_frame = top / PAGE_SIZE;

    uint64_t bitmap_bytes = (max_frame + 63) / 64 * 8;
    uint64_t ref_bytes = max_frame * sizeof(uint16_t);
    uint64_t meta_bytes = (bitmap_bytes + ref_bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    uint64_t meta = place_metadata(bi, meta_bytes, reserved, nres);
    if (!meta)
        panic("pmm: no room for %lu bytes of page metadata", meta_bytes);
    reserved[nres++] = (struct range){meta, meta + meta_bytes};

    bitmap = phys_to_virt(meta);
    refcounts = (uint16_t *)((uint8_t *)bitmap + bitmap_bytes);
    memset(bitmap, 0xFF, bitmap_bytes);
    memset(refcounts, 0, ref_bytes);

    for (unsigned i = 0; i < bi->mmap_count; i++) {
        const struct mem_region *m = &bi->mmap[i];
        if (m->type != MEM_USABLE)
            continue;
        ram[ram_count++] = (struct range){m->base, m->base + m->length};
        uint64_t first = (m->base + PAGE_SIZE - 1) / PAGE_SIZE;
        uint64_t last = (m->base + m->length) / PAGE_SIZE; /* exclusive */
        if (last > max_frame)
            last = max_frame;
        for (uint64_t f = first; f < last; f++) {
            if (!frame_reserved(f, reserved, nres) && used(f)) {
                mark_free(f);
                free_count++;
            }
        }
    }
    total_count = free_count;
    hint = 0;
    klog("pmm: %lu pages free of %lu frames (metadata %lu KiB at %lx)", free_count, max_frame,
         meta_bytes >> 10, meta);
}

static uint64_t find_free_from(uint64_t start)
{
    for (uint64_t w = start / 64; w < (max_frame + 63) / 64; w++) {
        if (bitmap[w] == ~0ULL)
            continue;
        uint64_t f = w * 64 + (uint64_t)__builtin_ctzll(~bitmap[w]);
        if (f >= start && f < max_frame)
            return f;
        for (f = start > w * 64 ? start : w * 64; f < (w + 1) * 64 && f < max_frame; f++) {
            if (!used(f))
                return f;
        }
    }
    return max_frame;
}

static void take(uint64_t f)
{
    mark_used(f);
    refcounts[f] = 1;
    free_count--;
    memset(phys_to_virt(f * PAGE_SIZE), 0, PAGE_SIZE);
}

uint64_t pmm_alloc(void)
{
    uint64_t f = find_free_from(hint);
    if (f == max_frame)
        f = find_free_from(0);
    if (f == max_frame)
        return 0;
    take(f);
    hint = f + 1;
    return f * PAGE_SIZE;
}

uint64_t pmm_alloc_contig(unsigned count)
{
    if (count == 0)
        return 0;
    uint64_t f = find_free_from(0);
    while (f + count <= max_frame) {
        uint64_t run = 0;
        while (run < count && !used(f + run))
            run++;
        if (run == count) {
            for (uint64_t i = 0; i < count; i++)
                take(f + i);
            return f * PAGE_SIZE;
        }
        f = find_free_from(f + run + 1);
    }
    return 0;
}

bool pmm_is_ram(uint64_t phys)
{
    for (unsigned i = 0; i < ram_count; i++) {
        if (overlaps(phys, phys + PAGE_SIZE, ram[i].start, ram[i].end))
            return true;
    }
    return false;
}

bool pmm_ref(uint64_t phys)
{
    uint64_t f = phys / PAGE_SIZE;
    if (f >= max_frame || refcounts[f] == 0)
        panic("pmm: ref of free or unmanaged frame %lx", phys);
    /* Rule: a frame shared 65535 times is shared enough; the caller fails softly. */
    if (refcounts[f] == UINT16_MAX)
        return false;
    refcounts[f]++;
    return true;
}

void pmm_unref(uint64_t phys)
{
    uint64_t f = phys / PAGE_SIZE;
    if (f >= max_frame || refcounts[f] == 0)
        panic("pmm: unref of free or unmanaged frame %lx", phys);
    if (--refcounts[f] == 0) {
        mark_free(f);
        free_count++;
        if (f < hint)
            hint = f;
    }
}

unsigned pmm_refcount(uint64_t phys)
{
    uint64_t f = phys / PAGE_SIZE;
    return f < max_frame ? refcounts[f] : 0;
}

uint64_t pmm_free_pages(void)
{
    return free_count;
}

uint64_t pmm_total_pages(void)
{
    return total_count;
}
