/* User address spaces: a page-table root and a sorted list of regions
 * (what may be mapped where, with which protection). Pages of anonymous
 * regions are allocated on first touch. */
#ifndef COBALT_VM_H
#define COBALT_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VM_READ  1u
#define VM_WRITE 2u
#define VM_EXEC  4u

#define VM_MMAP_BASE  0x0000100000000000ULL
#define VM_STACK_TOP  0x00007FFFFFFFF000ULL
#define VM_STACK_SIZE (1024 * 1024)

struct shm;

enum vm_kind {
    VM_ANON, /* private, zero-filled on touch, copy-on-write after fork */
    VM_SHM,  /* pages of a shared-memory object (RAM or device memory), shared by every mapper */
    VM_MMIO, /* device memory at a fixed physical address, uncached */
    VM_PHYS, /* reserved RAM at a fixed physical address (the boot image), cached */
};

struct vm_region {
    uint64_t start, end; /* page-aligned, end exclusive */
    uint32_t prot;
    uint32_t max_prot; /* what mprotect may grant (a read-only shm stays read-only) */
    enum vm_kind kind;
    struct shm *shm;     /* VM_SHM: the object (the region holds a reference) */
    uint64_t first_page; /* VM_SHM: object page at start; VM_MMIO: physical address */
    struct vm_region *next;
};

#define VM_REGIONS_MAX 4096

struct vm_space {
    uint64_t root;
    struct vm_region *regions; /* sorted by start; guarded by the kernel lock */
    unsigned region_count;     /* at most VM_REGIONS_MAX */
};

struct vm_space *vm_create(void);
void vm_destroy(struct vm_space *vm);

/* Adds an anonymous region; -EEXIST on overlap, -EINVAL outside user space, -ENOMEM. */
int vm_add_region(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot);
/* Adds a region of another kind (the shm reference is taken here). */
int vm_add_special(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot,
                   enum vm_kind kind, struct shm *shm, uint64_t first);
/* A copy-on-write copy of vm (fork): anonymous pages shared read-only and
 * marked COW in both, shared memory (device-memory objects too) mapped alike,
 * mmio_map ranges left out. NULL on exhaustion. */
struct vm_space *vm_clone(struct vm_space *vm);
/* Finds a free range of len bytes at or above VM_MMAP_BASE; 0 when none. */
uint64_t vm_find_free(struct vm_space *vm, uint64_t len);
/* Removes [start, start+len) from every region (splitting), freeing pages. */
void vm_remove_range(struct vm_space *vm, uint64_t start, uint64_t len);
struct vm_region *vm_find_region(struct vm_space *vm, uint64_t addr);
/* Changes the protection of [start, start+len) (page-aligned), splitting
 * regions at the edges; -ENOMEM when part of the range is unmapped. */
int vm_protect(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot);

/* Resolves a fault at addr (demand zero page, copy-on-write). Returns true
 * when the access may be retried. */
bool vm_handle_fault(struct vm_space *vm, uint64_t addr, bool write, bool exec);
/* Copies kernel bytes into a fresh (never forked) vm at va, populating
 * pages; false on failure. Used only to load programs. */
bool vm_write(struct vm_space *vm, uint64_t va, const void *src, size_t len);
/* Copies between the kernel and a space that need not be the current one,
 * with the same checks and fault resolution as a user access (for IPC).
 * 0 or -EFAULT. */
int vm_copy_in(struct vm_space *vm, void *dst, uint64_t src, size_t len);
int vm_copy_out(struct vm_space *vm, uint64_t dst, const void *src, size_t len);
/* len bytes from (from, src) to (to, dst), page piece by page piece through
 * the direct map (no bounce buffer): 0 or -EFAULT (what was copied before a
 * bad page stays copied). The spaces may be the same. */
int vm_copy_between(struct vm_space *from, uint64_t src, struct vm_space *to, uint64_t dst,
                    size_t len);

#endif
