/* libc tests: malloc under stress (musl's mallocng over mmap, since brk
 * always fails on Cobalt), realloc, calloc, aligned allocation. */
#include "lt.h"

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

static unsigned rng = 2463534242u;

static unsigned next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

#define SLOTS 2000

static unsigned char *block[SLOTS];
static size_t size[SLOTS];

static size_t pick_size(void)
{
    switch (next() % 8) {
    case 0:
        return next() % 16;
    case 1:
    case 2:
    case 3:
        return next() % 256;
    case 4:
    case 5:
        return next() % 4096;
    case 6:
        return next() % 65536;
    default:
        return next() % (512 * 1024); /* large: mmap'ed chunks */
    }
}

static void fill(int i)
{
    for (size_t k = 0; k < size[i]; k++)
        block[i][k] = (unsigned char)(i + k);
}

static int intact(int i)
{
    for (size_t k = 0; k < size[i]; k++) {
        if (block[i][k] != (unsigned char)(i + k))
            return 0;
    }
    return 1;
}

LT_CASE(LIBC0010, "malloc of 2000 blocks of many sizes, freed in random order, three rounds")
{
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < SLOTS; i++) {
            size[i] = pick_size();
            block[i] = malloc(size[i]);
            if (!block[i] && size[i]) {
                lt_fail(__FILE__, __LINE__, "malloc(%zu) failed in round %d", size[i], round);
                return;
            }
            LT_CHECK(((uintptr_t)block[i] & 15) == 0, "malloc(%zu) not 16-aligned", size[i]);
            if (block[i])
                fill(i);
        }
        /* Free in a random order, checking every survivor's bytes now and then. */
        int order[SLOTS];
        for (int i = 0; i < SLOTS; i++)
            order[i] = i;
        for (int i = SLOTS - 1; i > 0; i--) {
            int j = (int)(next() % (unsigned)(i + 1)), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int n = 0; n < SLOTS; n++) {
            int i = order[n];
            if (n % 400 == 0) {
                for (int k = 0; k < SLOTS; k++) {
                    if (block[k] && !intact(k)) {
                        lt_fail(__FILE__, __LINE__, "block %d (%zu bytes) was overwritten", k,
                                size[k]);
                        return;
                    }
                }
            }
            LT_CHECK(!block[i] || intact(i), "block %d corrupted before its free", i);
            free(block[i]);
            block[i] = 0;
        }
    }
}

LT_CASE(LIBC0011, "realloc grows and shrinks, keeping the contents")
{
    unsigned char *p = 0;
    size_t have = 0;
    for (int step = 0; step < 200; step++) {
        size_t want = step < 100 ? (size_t)step * 3000 + 1 : (size_t)(200 - step) * 2500 + 1;
        unsigned char *q = realloc(p, want);
        if (!q) {
            lt_fail(__FILE__, __LINE__, "realloc to %zu failed", want);
            free(p);
            return;
        }
        size_t keep = have < want ? have : want;
        for (size_t k = 0; k < keep; k++) {
            if (q[k] != (unsigned char)(k * 13)) {
                lt_fail(__FILE__, __LINE__, "realloc %zu -> %zu lost byte %zu", have, want, k);
                free(q);
                return;
            }
        }
        for (size_t k = keep; k < want; k++)
            q[k] = (unsigned char)(k * 13);
        p = q;
        have = want;
    }
    free(p);
}

LT_CASE(LIBC0012, "calloc zeroes; calloc and malloc overflow give NULL and ENOMEM")
{
    for (int round = 0; round < 20; round++) {
        size_t n = 1 + next() % 5000;
        unsigned char *p = malloc(n);
        if (p) {
            for (size_t k = 0; k < n; k++)
                p[k] = 0xFF; /* dirty memory, for calloc to reuse */
            free(p);
        }
        unsigned char *z = calloc(n, 3);
        LT_CHECK(z != 0, "calloc(%zu, 3) failed", n);
        for (size_t k = 0; z && k < n * 3; k++) {
            if (z[k]) {
                lt_fail(__FILE__, __LINE__, "calloc byte %zu of %zu is %d", k, n * 3, z[k]);
                break;
            }
        }
        free(z);
    }
    /* volatile: the compiler must not see (and refuse) the sizes. */
    volatile size_t half = SIZE_MAX / 2, huge = SIZE_MAX - 4096;
    errno = 0;
    void *o = calloc(half, 3);
    LT_CHECK(!o && errno == ENOMEM, "calloc(SIZE_MAX/2, 3) gave %p errno %d", o, errno);
    errno = 0;
    o = malloc(huge);
    LT_CHECK(!o && errno == ENOMEM, "malloc(SIZE_MAX-4096) gave %p errno %d", o, errno);
}

LT_CASE(LIBC0013, "large blocks (16 MiB) are usable end to end and return to the kernel")
{
    for (int round = 0; round < 4; round++) {
        size_t n = 16u << 20;
        unsigned char *p = malloc(n);
        if (!p) {
            lt_fail(__FILE__, __LINE__, "malloc(16 MiB) failed in round %d", round);
            return;
        }
        for (size_t k = 0; k < n; k += 4096)
            p[k] = (unsigned char)k;
        p[n - 1] = 0x77;
        LT_CHECK(p[4096 * 7] == (unsigned char)(4096 * 7) && p[n - 1] == 0x77, "16 MiB block");
        free(p);
    }
}

LT_CASE(LIBC0014, "posix_memalign, aligned_alloc and malloc_usable_size")
{
    for (size_t align = 16; align <= 65536; align *= 4) {
        void *p = 0;
        int r = posix_memalign(&p, align, 1000);
        LT_CHECK(r == 0 && ((uintptr_t)p & (align - 1)) == 0, "posix_memalign(%zu) gave %d %p",
                 align, r, p);
        free(p);
        p = aligned_alloc(align, align * 2);
        LT_CHECK(p && ((uintptr_t)p & (align - 1)) == 0, "aligned_alloc(%zu) gave %p", align, p);
        free(p);
    }
    void *p = 0;
    LT_EQ(posix_memalign(&p, 24, 10), EINVAL);
    char *q = malloc(100);
    LT_CHECK(q && malloc_usable_size(q) >= 100, "malloc_usable_size");
    free(q);
}

int main(void)
{
    return lt_main();
}
