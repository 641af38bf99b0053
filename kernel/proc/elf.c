/* ELF64 validation and loading. Decode first: the header and every program
 * header are checked before the target address space is touched; then each
 * PT_LOAD becomes a region with its file bytes copied in. */
#include "elf.h"

#include "cobalt/errno.h"
#include "kstring.h"
#include "pmm.h"
#include "paging.h"
#include "vm.h"

#define PT_LOAD    1
#define PT_DYNAMIC 2
#define PT_INTERP  3
#define PT_PHDR    6
#define PF_X       1
#define PF_W       2
#define PF_R       4

struct elf_header {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static bool in_user(uint64_t start, uint64_t len)
{
    return start >= USER_BASE && start + len >= start && start + len <= USER_TOP;
}

int elf_check(const uint8_t *data, size_t size, struct elf_image *out)
{
    const struct elf_header *h = (const struct elf_header *)data;
    /* Rule: a 64-bit little-endian x86_64 static executable (ET_EXEC). */
    if (size < sizeof *h ||
        memcmp(h->ident,
               "\x7f"
               "ELF",
               4) != 0 ||
        h->ident[4] != 2 || h->ident[5] != 1 || h->type != 2 || h->machine != 62 ||
        h->phentsize != sizeof(struct elf_phdr) || h->phnum == 0 || h->phnum > ELF_PHDRS_MAX)
        return -ENOEXEC;
    if (h->phoff > size || (uint64_t)h->phnum * sizeof(struct elf_phdr) > size - h->phoff)
        return -ENOEXEC;
    const struct elf_phdr *ph = (const struct elf_phdr *)(data + h->phoff);
    memset(out, 0, sizeof *out);
    bool entry_ok = false;
    for (unsigned i = 0; i < h->phnum; i++) {
        const struct elf_phdr *p = &ph[i];
        /* Rule: static executables only: no interpreter, no dynamic section. */
        if (p->type == PT_INTERP || p->type == PT_DYNAMIC)
            return -ENOEXEC;
        if (p->type == PT_PHDR)
            out->phdr_addr = p->vaddr;
        if (p->type != PT_LOAD)
            continue;
        /* Rule: file bytes inside the file, memory inside user space, not W+X. */
        if (p->offset > size || p->filesz > size - p->offset || p->filesz > p->memsz ||
            p->memsz == 0 || !in_user(p->vaddr, p->memsz) ||
            ((p->flags & PF_W) && (p->flags & PF_X)) || out->segments == ELF_PHDRS_MAX)
            return -ENOEXEC;
        struct elf_segment *s = &out->segment[out->segments++];
        s->vaddr = p->vaddr;
        s->memsz = p->memsz;
        s->file = data + p->offset;
        s->filesz = p->filesz;
        s->prot = ((p->flags & PF_R) ? VM_READ : 0) | ((p->flags & PF_W) ? VM_WRITE : 0) |
                  ((p->flags & PF_X) ? VM_EXEC : 0);
        if ((p->flags & PF_X) && h->entry >= p->vaddr && h->entry < p->vaddr + p->memsz)
            entry_ok = true;
        if (!out->phdr_addr && p->offset <= h->phoff && h->phoff < p->offset + p->filesz)
            out->phdr_addr = p->vaddr + (h->phoff - p->offset);
    }
    if (!entry_ok)
        return -ENOEXEC;
    out->entry = h->entry;
    out->phnum = h->phnum;
    return 0;
}

int elf_load(struct vm_space *vm, const struct elf_image *img)
{
    for (unsigned i = 0; i < img->segments; i++) {
        const struct elf_segment *s = &img->segment[i];
        uint64_t start = s->vaddr & ~(PAGE_SIZE - 1);
        uint64_t end = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        int err = vm_add_region(vm, start, end - start, s->prot);
        if (err)
            return err == -EEXIST || err == -EINVAL ? -ENOEXEC : err;
        if (s->filesz && !vm_write(vm, s->vaddr, s->file, s->filesz))
            return -ENOMEM;
    }
    return 0;
}
