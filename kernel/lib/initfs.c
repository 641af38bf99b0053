/* initfs reader. Layout (little-endian): a 16-byte header (magic "CBIFS001",
 * u32 entry count, u32 total size), then 64-byte entries (name[48], u32
 * offset, u32 size, u64 reserved), then the data. Everything is validated
 * once at boot; lookups trust the checked table. */
#include "initfs.h"

#include "kstring.h"
#include "log.h"
#include "pmm.h"

#define MAGIC       "CBIFS001"
#define NAME_MAX    48
#define ENTRIES_MAX 4096

struct header {
    char magic[8];
    uint32_t count;
    uint32_t total;
};

struct entry {
    char name[NAME_MAX];
    uint32_t offset;
    uint32_t size;
    uint64_t reserved;
};

static const uint8_t *base;
static uint32_t count;

bool initfs_init(uint64_t phys_start, uint64_t phys_end)
{
    uint64_t len = phys_end - phys_start;
    const uint8_t *p = phys_to_virt(phys_start);
    const struct header *h = (const struct header *)p;
    /* Rule: header, entry table and every file lie inside the module. */
    if (len < sizeof *h || memcmp(h->magic, MAGIC, 8) != 0) {
        klog("initfs: bad magic");
        return false;
    }
    if (h->total > len || h->count > ENTRIES_MAX ||
        sizeof *h + (uint64_t)h->count * sizeof(struct entry) > h->total) {
        klog("initfs: header out of bounds (count %u, total %u, module %lu)", h->count, h->total,
             len);
        return false;
    }
    const struct entry *e = (const struct entry *)(h + 1);
    for (uint32_t i = 0; i < h->count; i++) {
        if ((uint64_t)e[i].offset + e[i].size > h->total || e[i].name[NAME_MAX - 1] != '\0' ||
            e[i].name[0] == '\0') {
            klog("initfs: entry %u malformed", i);
            return false;
        }
    }
    base = p;
    count = h->count;
    klog("initfs: %u files, %u bytes", count, h->total);
    return true;
}

bool initfs_find(const char *path, const uint8_t **data, size_t *size)
{
    if (!base)
        return false;
    while (*path == '/')
        path++;
    const struct entry *e = (const struct entry *)(base + sizeof(struct header));
    for (uint32_t i = 0; i < count; i++) {
        if (strcmp(e[i].name, path) == 0) {
            *data = base + e[i].offset;
            *size = e[i].size;
            return true;
        }
    }
    return false;
}
