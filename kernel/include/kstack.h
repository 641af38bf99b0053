/* Kernel stacks with guard pages: each stack lives in its own slot of a
 * reserved kernel virtual area with an unmapped page below it, so an
 * overflow faults (and is reported through the double-fault stack) instead
 * of silently overwriting whatever lies below. */
#ifndef COBALT_KSTACK_H
#define COBALT_KSTACK_H

#include <stdint.h>

/* The lowest address of a fresh, zeroed stack of KSTACK_SIZE bytes, or 0. */
uint64_t kstack_alloc(void);
void kstack_free(uint64_t base);

#endif
