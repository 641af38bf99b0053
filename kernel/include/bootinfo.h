/* What the kernel learns from GRUB's multiboot2 information. */
#ifndef COBALT_BOOTINFO_H
#define COBALT_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "fb.h"

#define MULTIBOOT2_BOOT_MAGIC 0x36d76289
#define BOOT_MMAP_MAX         64
#define BOOT_CMDLINE_MAX      256
#define BOOT_MODULES_MAX      4
#define BOOT_MODULE_NAME_MAX  32

enum mem_type {
    MEM_USABLE = 1,
    MEM_RESERVED = 2,
    MEM_ACPI_RECLAIMABLE = 3,
    MEM_ACPI_NVS = 4,
    MEM_BAD = 5,
};

struct mem_region {
    uint64_t base;
    uint64_t length;
    uint32_t type;
};

struct boot_module {
    uint64_t start; /* physical, inclusive */
    uint64_t end;   /* physical, exclusive */
    char name[BOOT_MODULE_NAME_MAX];
};

struct boot_info {
    uint64_t info_start, info_end; /* the boot information itself (physical) */
    struct boot_module modules[BOOT_MODULES_MAX];
    unsigned module_count;
    char cmdline[BOOT_CMDLINE_MAX];
    struct mem_region mmap[BOOT_MMAP_MAX];
    unsigned mmap_count;
    uint64_t usable_bytes;
    bool have_fb;
    struct fb_info fb;
};

/* Parses the boot information at physical address mbi_phys; false (with a
 * log line saying why) when it is malformed. */
bool bootinfo_parse(uint64_t mbi_phys, struct boot_info *out);
const char *mem_type_name(uint32_t type);

#endif
