/* A reader of the boot image (docs/initfs.md): the archive the kernel maps
 * read-only with bootfs_map(). Every offset is checked against the archive's
 * size before use, so a bad archive gives "no such file", never a fault.
 * Shared by init and the initfs server (<cobalt/bootfs.h>). */
#include <cobalt/bootfs.h>

#include <cobalt/sys.h>
#include <stdint.h>
#include <string.h>

#define BOOTFS_MAGIC     "CBIFS001"
#define BOOTFS_HEADER    16
#define BOOTFS_ENTRY     64
#define BOOTFS_COUNT_MAX 4096

static const unsigned char *image;
static uint32_t image_size, image_count;

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int bootfs_open(void)
{
    long addr = cobalt_bootfs_map();
    if (addr < 0)
        return (int)addr;
    const unsigned char *p = (const unsigned char *)addr;
    if (memcmp(p, BOOTFS_MAGIC, 8) != 0)
        return -EINVAL;
    uint32_t count = get_u32(p + 8), size = get_u32(p + 12);
    if (count > BOOTFS_COUNT_MAX || size < BOOTFS_HEADER + (uint64_t)count * BOOTFS_ENTRY)
        return -EINVAL;
    image = p;
    image_size = size;
    image_count = count;
    return 0;
}

const char *bootfs_find(const char *name, size_t *size)
{
    if (!image)
        return NULL;
    size_t len = strlen(name);
    if (len == 0 || len >= BOOTFS_NAME_MAX)
        return NULL;
    /* Entries are sorted by name: a binary search. */
    uint32_t lo = 0, hi = image_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const unsigned char *e = image + BOOTFS_HEADER + (size_t)mid * BOOTFS_ENTRY;
        int c = strncmp(name, (const char *)e, BOOTFS_NAME_MAX);
        if (c == 0) {
            uint32_t off = get_u32(e + 48), sz = get_u32(e + 52);
            if ((uint64_t)off + sz > image_size)
                return NULL;
            *size = sz;
            return (const char *)image + off;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

uint32_t bootfs_count(void)
{
    return image ? image_count : 0;
}

int bootfs_entry(uint32_t i, struct bootfs_file *f)
{
    if (!image || i >= image_count)
        return -1;
    const unsigned char *e = image + BOOTFS_HEADER + (size_t)i * BOOTFS_ENTRY;
    /* rule: a name ends with its NUL inside the 48 bytes */
    if (memchr(e, 0, BOOTFS_NAME_MAX) == NULL || e[0] == 0)
        return -1;
    uint32_t off = get_u32(e + 48), sz = get_u32(e + 52);
    if ((uint64_t)off + sz > image_size)
        return -1;
    f->name = (const char *)e;
    f->data = (const char *)image + off;
    f->size = sz;
    return 0;
}

uint32_t bootfs_lower_bound(const char *key, size_t len)
{
    if (!image)
        return 0;
    uint32_t lo = 0, hi = image_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const char *name = (const char *)image + BOOTFS_HEADER + (size_t)mid * BOOTFS_ENTRY;
        size_t n = strnlen(name, BOOTFS_NAME_MAX);
        int c = memcmp(name, key, n < len ? n : len);
        if (c < 0 || (c == 0 && n < len))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
