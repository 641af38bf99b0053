/* Shared-memory objects. The object holds one reference on each frame it
 * has allocated; every mapping holds another, so a frame outlives neither.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "shm.h"

#include "kheap.h"
#include "pmm.h"

static void shm_destroy(struct kobj *o)
{
    struct shm *s = (struct shm *)o;
    for (uint64_t i = 0; i < s->pages; i++) {
        if (s->frames[i])
            pmm_unref(s->frames[i]);
    }
    for (unsigned i = 0; i < s->frames_pages; i++)
        pmm_unref(s->frames_phys + i * PAGE_SIZE);
    kfree(s);
}

struct shm *shm_create(uint64_t size)
{
    if (size == 0 || size > SHM_MAX_BYTES)
        return 0;
    struct shm *s = kzalloc(sizeof *s);
    if (!s)
        return 0;
    s->pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    s->frames_pages = (unsigned)((s->pages * sizeof(uint64_t) + PAGE_SIZE - 1) / PAGE_SIZE);
    s->frames_phys = pmm_alloc_contig(s->frames_pages);
    if (!s->frames_phys) {
        kfree(s);
        return 0;
    }
    s->frames = phys_to_virt(s->frames_phys);
    kobj_init(&s->obj, KOBJ_SHM, shm_destroy);
    return s;
}

uint64_t shm_frame(struct shm *s, uint64_t index)
{
    if (index >= s->pages)
        return 0;
    if (!s->frames[index])
        s->frames[index] = pmm_alloc();
    return s->frames[index];
}
