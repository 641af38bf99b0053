/* Reads GRUB's multiboot2 boot information: command line, memory map and
 * framebuffer. Every tag's size is checked against the total before use. */
#include "bootinfo.h"

#include "kstring.h"
#include "layout.h"
#include "log.h"

enum {
    TAG_END = 0,
    TAG_CMDLINE = 1,
    TAG_MODULE = 3,
    TAG_MMAP = 6,
    TAG_FRAMEBUFFER = 8,
};

struct tag {
    uint32_t type;
    uint32_t size;
};

struct module_tag {
    struct tag tag;
    uint32_t start;
    uint32_t end;
    /* NUL-terminated name follows */
};

struct mmap_tag {
    struct tag tag;
    uint32_t entry_size;
    uint32_t entry_version;
};

struct mmap_entry {
    uint64_t base;
    uint64_t length;
    uint32_t type;
    uint32_t reserved;
};

struct fb_tag {
    struct tag tag;
    uint64_t addr;
    uint32_t pitch;
    uint32_t width;
    uint32_t height;
    uint8_t bpp;
    uint8_t fb_type;
    uint16_t reserved;
    /* Direct RGB colour info (fb_type 1). */
    uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
} __attribute__((packed));

const char *mem_type_name(uint32_t type)
{
    switch (type) {
    case MEM_USABLE:
        return "usable";
    case MEM_ACPI_RECLAIMABLE:
        return "ACPI reclaimable";
    case MEM_ACPI_NVS:
        return "ACPI NVS";
    case MEM_BAD:
        return "bad";
    default:
        return "reserved";
    }
}

static void take_mmap(const struct mmap_tag *t, struct boot_info *out)
{
    /* Rule: entries are at least as large as the structure we read. */
    if (t->entry_size < sizeof(struct mmap_entry)) {
        klog("boot: memory map entry size %u too small, ignored", t->entry_size);
        return;
    }
    const uint8_t *p = (const uint8_t *)(t + 1);
    const uint8_t *end = (const uint8_t *)t + t->tag.size;
    for (; p + t->entry_size <= end; p += t->entry_size) {
        const struct mmap_entry *e = (const struct mmap_entry *)p;
        if (out->mmap_count < BOOT_MMAP_MAX)
            out->mmap[out->mmap_count++] = (struct mem_region){e->base, e->length, e->type};
        if (e->type == MEM_USABLE)
            out->usable_bytes += e->length;
    }
}

static void take_module(const struct module_tag *t, struct boot_info *out)
{
    /* Rule: a module is a non-empty physical range inside the direct map. */
    if (t->end <= t->start || out->module_count == BOOT_MODULES_MAX) {
        klog("boot: module %x-%x ignored", t->start, t->end);
        return;
    }
    struct boot_module *m = &out->modules[out->module_count++];
    m->start = t->start;
    m->end = t->end;
    const char *name = (const char *)(t + 1);
    uint32_t max = t->tag.size - sizeof *t;
    uint32_t n = 0;
    while (n < max && n < BOOT_MODULE_NAME_MAX - 1 && name[n])
        n++;
    memcpy(m->name, name, n);
    m->name[n] = '\0';
}

static void take_fb(const struct fb_tag *t, struct boot_info *out)
{
    if (t->tag.size < sizeof *t || t->fb_type != 1) {
        klog("boot: framebuffer type %u is not direct RGB, ignored", t->fb_type);
        return;
    }
    out->have_fb = true;
    out->fb = (struct fb_info){
        .phys = t->addr,
        .pitch = t->pitch,
        .width = t->width,
        .height = t->height,
        .bpp = t->bpp,
        .red_pos = t->red_pos,
        .green_pos = t->green_pos,
        .blue_pos = t->blue_pos,
    };
}

bool bootinfo_parse(uint64_t mbi_phys, struct boot_info *out)
{
    memset(out, 0, sizeof *out);
    if (mbi_phys == 0 || mbi_phys & 7 || mbi_phys >= DIRECT_MAP_SIZE - 8) {
        klog("boot: boot information address %lx unusable", mbi_phys);
        return false;
    }
    const uint8_t *base = (const uint8_t *)(DIRECT_MAP_BASE + mbi_phys);
    uint32_t total = *(const uint32_t *)base;
    if (total < 16 || mbi_phys + total > DIRECT_MAP_SIZE) {
        klog("boot: boot information size %u unusable", total);
        return false;
    }
    out->info_start = mbi_phys;
    out->info_end = mbi_phys + total;
    uint32_t off = 8;
    while (off + sizeof(struct tag) <= total) {
        const struct tag *t = (const struct tag *)(base + off);
        /* Rule: a tag is at least 8 bytes and ends inside the information. */
        if (t->size < sizeof *t || off + t->size > total) {
            klog("boot: malformed tag %u (size %u) at offset %u", t->type, t->size, off);
            return false;
        }
        if (t->type == TAG_END)
            return true;
        if (t->type == TAG_CMDLINE) {
            uint32_t n = t->size - sizeof *t;
            if (n >= BOOT_CMDLINE_MAX)
                n = BOOT_CMDLINE_MAX - 1;
            memcpy(out->cmdline, t + 1, n);
            out->cmdline[n] = '\0';
        } else if (t->type == TAG_MODULE && t->size >= sizeof(struct module_tag)) {
            take_module((const struct module_tag *)t, out);
        } else if (t->type == TAG_MMAP && t->size >= sizeof(struct mmap_tag)) {
            take_mmap((const struct mmap_tag *)t, out);
        } else if (t->type == TAG_FRAMEBUFFER) {
            take_fb((const struct fb_tag *)t, out);
        }
        off += (t->size + 7) & ~7u;
    }
    klog("boot: boot information has no end tag");
    return false;
}
