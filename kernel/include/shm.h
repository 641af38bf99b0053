/* Shared-memory objects: a fixed number of pages (never shrinks), each
 * allocated on first touch by any mapper, freed when the last handle and the
 * last mapping are gone. */
#ifndef COBALT_SHM_H
#define COBALT_SHM_H

#include <stdint.h>

#include "handle.h"

#define SHM_MAX_BYTES (256ULL * 1024 * 1024)

struct shm {
    struct kobj obj;
    uint64_t pages;       /* size in pages */
    uint64_t *frames;     /* physical frame per page, 0 until touched */
    uint64_t frames_phys; /* the frame array's own pages */
    unsigned frames_pages;
};

/* A new object of size bytes (rounded up to pages), or NULL. */
struct shm *shm_create(uint64_t size);
/* The frame backing page index (allocated now if untouched), or 0. */
uint64_t shm_frame(struct shm *s, uint64_t index);

#endif
