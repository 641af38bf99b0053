/* A reader of the boot image (docs/initfs.md) as bootfs_map() maps it, shared
 * by init (its service list) and the initfs server (the file: scheme). Part of
 * libscheme (link with -lscheme). Every offset is checked against the
 * archive's size before use: a bad archive gives "no such file", never a
 * fault. */
#ifndef COBALT_BOOTFS_H
#define COBALT_BOOTFS_H

#include <stddef.h>
#include <stdint.h>

#define BOOTFS_NAME_MAX 48 /* a name is 1..47 bytes */

struct bootfs_file {
    const char *name; /* NUL-terminated, inside the image */
    const char *data; /* read-only */
    size_t size;
};

/* Maps the boot image (needs the I/O right) and checks its header; 0 or
 * -errno. */
int bootfs_open(void);
/* The file `name` of the boot image: its data (read-only) and size in *size,
 * or NULL when there is no such file (or the image was not opened). */
const char *bootfs_find(const char *name, size_t *size);
/* The number of entries (0 before bootfs_open). */
uint32_t bootfs_count(void);
/* Entry i (sorted by name, bytewise): 0, or -1 when i is out of range or the
 * entry is malformed (a name without its NUL, data outside the archive). */
int bootfs_entry(uint32_t i, struct bootfs_file *f);
/* The index of the first entry whose name is >= the len bytes at key
 * (bootfs_count() when there is none): with sorted names, every name that
 * starts with a prefix lies in one run from here. */
uint32_t bootfs_lower_bound(const char *key, size_t len);

#endif
