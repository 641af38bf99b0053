/* The rest: uname, getrandom, user and group ids, CPU number, sysinfo.
 *
 * Cobalt has no users: every id is 0 (root), setting an id to 0 succeeds
 * and any other id is EPERM. getrandom is a pseudo-random generator
 * (splitmix64 over a counter) seeded from the kernel's AT_RANDOM bytes,
 * the clock and the pid; it is not cryptographic (docs/libc.md). */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include "atomic.h"
#include "libc.h"

int __cobalt_uname(struct cobalt_call *c, const long *a)
{
    struct utsname *u = (struct utsname *)a[0];
    memset(u, 0, sizeof *u);
    strcpy(u->sysname, "Cobalt");
    strcpy(u->nodename, "cobalt");
    strcpy(u->release, "0.1");
    strcpy(u->version, "Cobalt microkernel");
    strcpy(u->machine, "x86_64");
    return cobalt_done(c, 0);
}

static volatile uint64_t random_seed;
static volatile int random_pid;
static volatile int random_counter;

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* Seeds once per process: a fork's child reseeds (its pid differs). */
static uint64_t seed(void)
{
    int pid = (int)__cobalt_trap0(CSYS_getpid);
    if (random_pid != pid) {
        uint64_t s = __cobalt_now_ns(CLOCK_MONOTONIC_NS) ^ ((uint64_t)pid << 40);
        const uint64_t *at_random = 0;
        for (size_t *v = libc.auxv; v && v[0]; v += 2) {
            if (v[0] == AT_RANDOM)
                at_random = (const uint64_t *)v[1];
        }
        if (at_random)
            s ^= splitmix64(at_random[0]) ^ at_random[1];
        random_seed = splitmix64(s);
        random_pid = pid;
    }
    return random_seed;
}

void __cobalt_random_fill(void *buf, size_t len)
{
    unsigned char *p = buf;
    uint64_t s = seed();
    while (len) {
        /* A counter shared by all threads: no two calls get the same bytes. */
        uint64_t n = (uint32_t)a_fetch_add(&random_counter, 1);
        uint64_t x = splitmix64(s ^ splitmix64(n));
        size_t k = len < 8 ? len : 8;
        memcpy(p, &x, k);
        p += k;
        len -= k;
    }
}

int __cobalt_getrandom(struct cobalt_call *c, const long *a)
{
    size_t len = (size_t)a[1];
    if (len > 33554431)
        len = 33554431; /* as Linux: at most 32 MiB - 1 per call */
    __cobalt_random_fill((void *)a[0], len);
    return cobalt_done(c, (long)len);
}

int __cobalt_ids(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, 0);
}

int __cobalt_getresid(struct cobalt_call *c, const long *a)
{
    for (int i = 0; i < 3; i++)
        *(unsigned *)a[i] = 0;
    return cobalt_done(c, 0);
}

int __cobalt_getgroups(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, 0);
}

/* setuid(0), setreuid(-1, 0), ...: only "stay root" is allowed. */
int __cobalt_setid(struct cobalt_call *c, const long *a)
{
    for (int i = 0; i < 3; i++) {
        if ((int)a[i] != 0 && (int)a[i] != -1)
            return cobalt_done(c, -EPERM);
    }
    return cobalt_done(c, 0);
}

int __cobalt_setgroups(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, a[0] == 0 ? 0 : -EPERM);
}

int __cobalt_getcpu(struct cobalt_call *c, const long *a)
{
    if (a[0])
        *(unsigned *)a[0] = 0;
    if (a[1])
        *(unsigned *)a[1] = 0;
    return cobalt_done(c, 0);
}

/* Uptime and the process count are known; memory figures are not (zero). */
int __cobalt_sysinfo(struct cobalt_call *c, const long *a)
{
    struct sysinfo *si = (struct sysinfo *)a[0];
    memset(si, 0, sizeof *si);
    si->uptime = (long)(__cobalt_now_ns(CLOCK_MONOTONIC_NS) / 1000000000ULL);
    si->mem_unit = 1;
    return cobalt_done(c, 0);
}

/* Calls that need nothing done: fadvise, sync, syncfs. */
int __cobalt_zero(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, 0);
}
