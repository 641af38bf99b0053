/* Shared-memory objects. A RAM object holds one reference on each frame it
 * has allocated; every mapping holds another, so a frame outlives neither.
 * A device-memory object holds no frames at all: its pages are a fixed
 * physical range that the frame allocator does not manage, mapped uncached
 * and never counted (PTE_NOREF), so no unmap, fork or exit can free them.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "shm.h"

#include "kheap.h"
#include "pmm.h"

static void shm_destroy(struct kobj *o)
{
    struct shm *s = (struct shm *)o;
    for (uint64_t i = 0; s->frames && i < s->pages; i++) {
        if (s->frames[i])
            pmm_unref(s->frames[i]);
    }
    for (unsigned i = 0; i < s->frames_pages; i++)
        pmm_unref(s->frames_phys + i * PAGE_SIZE);
    kfree(s);
}

static struct shm *shm_new(uint64_t size)
{
    struct shm *s = kzalloc(sizeof *s);
    if (!s)
        return 0;
    s->pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    kobj_init(&s->obj, KOBJ_SHM, shm_destroy);
    return s;
}

struct shm *shm_create(uint64_t size)
{
    if (size == 0 || size > SHM_MAX_BYTES)
        return 0;
    struct shm *s = shm_new(size);
    if (!s)
        return 0;
    s->frames_pages = (unsigned)((s->pages * sizeof(uint64_t) + PAGE_SIZE - 1) / PAGE_SIZE);
    s->frames_phys = pmm_alloc_contig(s->frames_pages);
    if (!s->frames_phys) {
        kfree(s);
        return 0;
    }
    s->frames = phys_to_virt(s->frames_phys);
    return s;
}

struct shm *shm_create_device(uint64_t phys, uint64_t size)
{
    if (!phys || size == 0 || size > SHM_MAX_BYTES)
        return 0;
    struct shm *s = shm_new(size);
    if (s)
        s->device = phys;
    return s;
}

uint64_t shm_frame(struct shm *s, uint64_t index)
{
    if (index >= s->pages)
        return 0;
    if (s->device)
        return s->device + index * PAGE_SIZE;
    if (!s->frames[index])
        s->frames[index] = pmm_alloc();
    return s->frames[index];
}
