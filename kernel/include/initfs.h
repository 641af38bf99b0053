/* The boot image archive (docs/initfs.md): files the kernel can read before
 * any file-system server exists. */
#ifndef COBALT_INITFS_H
#define COBALT_INITFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Checks the archive at [start, end) (physical); false (logged) if malformed. */
bool initfs_init(uint64_t phys_start, uint64_t phys_end);
/* Finds a file by path (with or without a leading '/'); false if absent. */
bool initfs_find(const char *path, const uint8_t **data, size_t *size);

#endif
