/* ELF64 executables: the checked description of an image, and loading it. */
#ifndef COBALT_ELF_H
#define COBALT_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_PHDRS_MAX 16

struct vm_space;

struct elf_segment {
    uint64_t vaddr, memsz, filesz;
    const uint8_t *file;
    uint32_t prot;
};

struct elf_image {
    uint64_t entry;
    uint64_t phdr_addr; /* where the program headers are in memory (AT_PHDR) */
    unsigned phnum;
    unsigned segments;
    struct elf_segment segment[ELF_PHDRS_MAX];
};

/* 0, or -ENOEXEC for anything but a valid static x86_64 executable. */
int elf_check(const uint8_t *data, size_t size, struct elf_image *out);
/* Maps and fills every segment; -ENOEXEC on overlapping segments, -ENOMEM. */
int elf_load(struct vm_space *vm, const struct elf_image *img);

#endif
