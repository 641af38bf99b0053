/* The only way the kernel touches user memory: range-checked copies that
 * fault in demand pages and return -EFAULT for anything bad. */
#ifndef COBALT_USERCOPY_H
#define COBALT_USERCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when [addr, addr+len) lies inside user space without wrapping. */
bool user_range_ok(uint64_t addr, uint64_t len);
int copy_from_user(void *dst, uint64_t src, size_t len);
int copy_to_user(uint64_t dst, const void *src, size_t len);
/* Copies a NUL-terminated string of at most max-1 bytes; -ENAMETOOLONG if
 * longer, -EFAULT on a bad pointer. Returns the length. */
long copy_string_from_user(char *dst, uint64_t src, size_t max);

/* Called by the page-fault handler for a kernel-mode fault: true when the
 * fault happened inside a user copy (and the frame now resumes at the
 * failure path, or retries after the page was resolved). */
struct trap_frame;
bool usercopy_fixup(struct trap_frame *f, uint64_t addr, bool write);

#endif
