/* Size-class allocator. Each class keeps a free list threaded through its
 * free objects; an empty list takes a fresh page and splits it. A one-page
 * object is a whole frame. The class of an object is found again from a
 * small header-free scheme: every page of a class holds only that class, and
 * a page-indexed byte table (class_of_frame) remembers which.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "kheap.h"

#include <stdint.h>

#include "kstring.h"
#include "panic.h"
#include "pmm.h"

#define MIN_SHIFT       5  /* 32 bytes */
#define MAX_SHIFT       12 /* 4096 bytes */
#define CLASSES         (MAX_SHIFT - MIN_SHIFT + 1)
#define CLASS_FRAME_MAX (DIRECT_MAP_SIZE / PAGE_SIZE)

struct free_object {
    struct free_object *next;
};

static struct free_object *free_lists[CLASSES];
static uint8_t class_of_frame[CLASS_FRAME_MAX]; /* 0 = not a heap page, else class + 1 */
static size_t in_use;

static int class_for(size_t size)
{
    int c = 0;
    while (((size_t)1 << (MIN_SHIFT + c)) < size)
        c++;
    return c;
}

static bool refill(int c)
{
    uint64_t page = pmm_alloc();
    if (!page)
        return false;
    class_of_frame[page / PAGE_SIZE] = (uint8_t)(c + 1);
    size_t object = (size_t)1 << (MIN_SHIFT + c);
    uint8_t *base = phys_to_virt(page);
    for (size_t off = PAGE_SIZE; off >= object; off -= object) {
        struct free_object *o = (struct free_object *)(base + off - object);
        o->next = free_lists[c];
        free_lists[c] = o;
    }
    return true;
}

void *kzalloc(size_t size)
{
    if (size == 0 || size > KHEAP_MAX)
        return NULL;
    int c = class_for(size);
    if (!free_lists[c] && !refill(c))
        return NULL;
    struct free_object *o = free_lists[c];
    free_lists[c] = o->next;
    size_t object = (size_t)1 << (MIN_SHIFT + c);
    memset(o, 0, object);
    in_use += object;
    return o;
}

void kfree(void *p)
{
    if (!p)
        return;
    uint64_t phys = virt_to_phys(p);
    uint64_t frame = phys / PAGE_SIZE;
    if (frame >= CLASS_FRAME_MAX || class_of_frame[frame] == 0)
        panic("kfree: %p is not a heap object", p);
    int c = class_of_frame[frame] - 1;
    size_t object = (size_t)1 << (MIN_SHIFT + c);
    if (phys % object)
        panic("kfree: %p is not aligned to its class (%zu bytes)", p, object);
    struct free_object *o = p;
    o->next = free_lists[c];
    free_lists[c] = o;
    in_use -= object;
}

size_t kheap_in_use(void)
{
    return in_use;
}
