/* Futex buckets: 64 wait queues hashed by user address; a waiter records its
 * key (address space and address) so wakes match exactly. The value check
 * and the block happen with no switch in between (the kernel is not
 * preemptible), so a wake cannot be lost.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "futex.h"

#include "cobalt/errno.h"

#include "percpu.h"
#include "thread.h"
#include "usercopy.h"
#include "waitq.h"

#define BUCKETS 64

static struct waitq buckets[BUCKETS];

static struct waitq *bucket(uint64_t addr)
{
    return &buckets[(addr >> 2) % BUCKETS];
}

long futex_wait(struct vm_space *vm, uint64_t addr, uint32_t expected, uint64_t deadline_ns)
{
    uint32_t value;
    int err = copy_from_user(&value, addr, sizeof value);
    if (err)
        return err;
    if (value != expected)
        return -EAGAIN;
    current_thread()->futex_vm = vm;
    current_thread()->futex_addr = addr;
    return waitq_block(bucket(addr), deadline_ns);
}

struct futex_key {
    struct vm_space *vm;
    uint64_t addr;
};

/* A waiter matches only the same word of the same address space. */
static int same_word(struct thread *t, uint64_t key)
{
    const struct futex_key *k = (const struct futex_key *)key;
    return t->futex_vm == k->vm && t->futex_addr == k->addr;
}

int futex_wake(struct vm_space *vm, uint64_t addr, int count)
{
    struct futex_key k = {vm, addr};
    return waitq_wake_matching(bucket(addr), count, 0, same_word, (uint64_t)&k);
}
