/* Futexes: wait while a user word holds an expected value, wake by address.
 * Keyed by (address space, user address). */
#ifndef COBALT_FUTEX_H
#define COBALT_FUTEX_H

#include <stdint.h>

struct vm_space;

/* 0 when woken, -EAGAIN when *addr != expected, -ETIMEDOUT, -EFAULT, -EINTR. */
long futex_wait(struct vm_space *vm, uint64_t addr, uint32_t expected, uint64_t deadline_ns);
/* Wakes up to count waiters on addr; returns how many. */
int futex_wake(struct vm_space *vm, uint64_t addr, int count);

#endif
