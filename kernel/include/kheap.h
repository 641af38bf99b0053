/* Kernel object allocator: power-of-two size classes from 32 bytes to one
 * page, carved from pmm pages in the direct map. Larger requests fail. */
#ifndef COBALT_KHEAP_H
#define COBALT_KHEAP_H

#include <stddef.h>

#define KHEAP_MAX 4096

/* Zeroed memory of at least size bytes, or NULL (size 0 or > KHEAP_MAX, or
 * memory exhausted). */
void *kzalloc(size_t size);
void kfree(void *p);
/* Bytes currently handed out (rounded to the class sizes). */
size_t kheap_in_use(void);

#endif
