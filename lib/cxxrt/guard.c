/* Cobalt's C++ runtime: the guards of function-local statics
 * (__cxa_guard_acquire, _release, _abort; Itanium C++ ABI 3.3.2). The guard
 * is 64 bits: byte 0 says "initialised" (the compiler's inline fast path
 * reads it), byte 1 says "being initialised by some thread". A thread that
 * finds another one initialising waits (yielding) until it releases or
 * aborts. */
#include <sched.h>
#include <stdint.h>

int __cxa_guard_acquire(uint64_t *guard);
void __cxa_guard_release(uint64_t *guard);
void __cxa_guard_abort(uint64_t *guard);

static uint8_t *done_byte(uint64_t *guard)
{
    return (uint8_t *)guard;
}

static uint8_t *busy_byte(uint64_t *guard)
{
    return (uint8_t *)guard + 1;
}

/* 1: the caller must run the initialiser (then release or abort); 0: done. */
int __cxa_guard_acquire(uint64_t *guard)
{
    for (;;) {
        if (__atomic_load_n(done_byte(guard), __ATOMIC_ACQUIRE))
            return 0;
        uint8_t idle = 0;
        if (__atomic_compare_exchange_n(busy_byte(guard), &idle, 1, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            if (__atomic_load_n(done_byte(guard), __ATOMIC_ACQUIRE)) {
                __atomic_store_n(busy_byte(guard), 0, __ATOMIC_RELEASE);
                return 0;
            }
            return 1;
        }
        sched_yield();
    }
}

void __cxa_guard_release(uint64_t *guard)
{
    __atomic_store_n(done_byte(guard), 1, __ATOMIC_RELEASE);
    __atomic_store_n(busy_byte(guard), 0, __ATOMIC_RELEASE);
}

void __cxa_guard_abort(uint64_t *guard)
{
    __atomic_store_n(busy_byte(guard), 0, __ATOMIC_RELEASE);
}
