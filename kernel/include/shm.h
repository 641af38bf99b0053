/* Shared-memory objects: a fixed number of pages (never shrinks). Pages of
 * RAM are allocated on first touch by any mapper and freed when the last
 * handle and the last mapping are gone; a device-memory object is a fixed
 * physical range (video memory) whose frames are never allocated, freed or
 * reference-counted. */
#ifndef COBALT_SHM_H
#define COBALT_SHM_H

#include <stdint.h>

#include "handle.h"

#define SHM_MAX_BYTES (256ULL * 1024 * 1024)

struct shm {
    struct kobj obj;
    uint64_t pages;       /* size in pages */
    uint64_t device;      /* device memory: its first physical address; 0 for RAM */
    uint64_t *frames;     /* RAM: physical frame per page, 0 until touched */
    uint64_t frames_phys; /* the frame array's own pages */
    unsigned frames_pages;
};

/* A new object of size bytes (rounded up to pages), or NULL. */
struct shm *shm_create(uint64_t size);
/* A device-memory object over [phys, phys + size) (page-aligned, checked by
 * the caller: device memory, not RAM, inside the direct map), or NULL. */
struct shm *shm_create_device(uint64_t phys, uint64_t size);
/* The frame backing page index (allocated now if untouched), or 0. */
uint64_t shm_frame(struct shm *s, uint64_t index);

#endif
