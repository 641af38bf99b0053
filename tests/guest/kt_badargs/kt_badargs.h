/* kt_badargs: bad arguments to every call docs/syscalls.md marks done, each
 * asserting the exact error the spec gives: NULL, below-user, kernel-half,
 * non-canonical, unmapped, straddling and read-only pointers, huge or zero
 * lengths, invalid flags, clocks, signals and call numbers. Where a failing
 * call could have half-happened, the case also checks that it changed
 * nothing. Owns UBAD*, one file per group of calls.
 *
 * This header: what those files share: the bad addresses they pass, the
 * read-only words a failed call must not write, the futex words, the helpers
 * that make unmapped and page-edge addresses (main.c) and thread_ret_entry
 * (thread.c). */
#ifndef KT_BADARGS_H
#define KT_BADARGS_H

#include "kt.h"

#define LOW_PTR      0x1000UL             /* below USER_SPACE_BASE */
#define KERNEL_HALF  0xFFFF800000000000UL /* the direct map */
#define KERNEL_IMAGE 0xFFFFFFFF80100000UL
#define NONCANONICAL 0x0000800000000000UL /* USER_SPACE_TOP itself */
#define LAST_PAGE    0x00007FFFFFFFF000UL /* above the stack, never mapped */
#define FIXED_ADDR   0x0000510000000000UL
#define RW           (PROT_READ | PROT_WRITE)

/* In .rodata (read-only); read back through volatile so nothing is folded. */
extern const int ro_word_c;
extern const uint64_t ro_u64_c;
#define ro_word (*(const volatile int *)&ro_word_c)
#define ro_u64  (*(const volatile uint64_t *)&ro_u64_c)

extern volatile uint32_t futex_words[4];

/* A user address inside user space with nothing mapped: a page mapped and
 * unmapped again. Made afresh for each use: a later mmap may take the page. */
uintptr_t unmapped(void);

/* A mapped page followed by an unmapped one (made afresh for each use, as
 * above); returns the mapped page. */
unsigned char *edge(void);

#define NEED_EDGE()                                                                                \
    unsigned char *e = edge();                                                                     \
    CHECK(e != NULL, "mmap_anon/munmap failed: cannot make a page next to an unmapped one")

/* Exits the thread at once (thread_exit(0)): an entry for thread_create
 * cases and a handler address for sigaction cases. */
void thread_ret_entry(void);

#endif
