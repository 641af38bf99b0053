/* 4-level page tables: the kernel's own mappings and per-address-space user
 * mappings. The kernel half (PML4 slots 256..511) is shared by every address
 * space; its PDPTs are created once at boot and never freed. */
#ifndef COBALT_PAGING_H
#define COBALT_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_PRESENT (1ULL << 0)
#define PTE_WRITE   (1ULL << 1)
#define PTE_USER    (1ULL << 2)
#define PTE_PWT     (1ULL << 3)
#define PTE_PCD     (1ULL << 4)
#define PTE_LARGE   (1ULL << 7)
#define PTE_COW     (1ULL << 9)  /* software: write fault copies the page */
#define PTE_NOREF   (1ULL << 10) /* software: frame not reference-counted (MMIO) */
#define PTE_NX      (1ULL << 63)
#define PTE_ADDR    0x000FFFFFFFFFF000ULL

/* User addresses are [USER_BASE, USER_TOP). As on Linux, the last page below
 * 2^47 is never user memory, so no return address can be non-canonical. */
#define USER_BASE 0x0000000000200000ULL
#define USER_TOP  0x00007FFFFFFFF000ULL

/* Builds the kernel's page tables (direct map NX, kernel image with exact
 * permissions, nothing in the user half) and switches to them. */
void paging_init(void);
uint64_t paging_kernel_root(void);
/* True when the CPU honours PTE_NX. */
bool paging_nx_enabled(void);

/* A fresh root: empty user half, shared kernel half. 0 on exhaustion. */
uint64_t paging_new_root(void);
/* Frees the user half's tables and drops a reference to every mapped frame. */
void paging_free_root(uint64_t root);

/* Maps one 4 KiB page; -ENOMEM when a table cannot be allocated, -EEXIST
 * when va is mapped already. Does not take a frame reference. */
int paging_map(uint64_t root, uint64_t va, uint64_t phys, uint64_t flags);
/* The leaf entry for va, or 0 when unmapped. */
uint64_t paging_query(uint64_t root, uint64_t va);
/* Replaces the leaf entry of a mapped va (flush included); false if unmapped. */
bool paging_update(uint64_t root, uint64_t va, uint64_t entry);
/* Removes va's mapping and returns the old entry (0 when none). */
uint64_t paging_unmap(uint64_t root, uint64_t va);

/* For walking a range fast: the last-level table (512 entries) covering va,
 * or NULL when there is none; *skip_to is where the next table's range
 * starts (so a walk skips empty 2 MiB / 1 GiB / 512 GiB ranges at once).
 * Callers that change entries flush with paging_flush_all. */
uint64_t *paging_leaf_table(uint64_t root, uint64_t va, uint64_t *skip_to);
void paging_flush_all(uint64_t root);

void paging_switch(uint64_t root);
uint64_t paging_current(void);

#endif
