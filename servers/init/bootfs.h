/* A reader of the boot image (docs/initfs.md) as bootfs_map() maps it. */
#ifndef INIT_BOOTFS_H
#define INIT_BOOTFS_H

#include <stddef.h>

/* Maps the boot image and checks its header; 0 or -errno. */
int bootfs_open(void);
/* The file `name` of the boot image: its data (read-only) and size in *size,
 * or NULL when there is no such file (or the image was not opened). */
const char *bootfs_find(const char *name, size_t *size);

#endif
