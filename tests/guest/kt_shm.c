/* kt_shm: shared memory works (docs/syscalls.md, shm_create/shm_map/
 * shm_unmap): pages shared between processes both ways, an object that
 * outlives its handles while mapped, read-only duplicates, unmaps that touch
 * only their own mapping, frames given back over many rounds, and big
 * objects backed only where touched. Owns USHM*.
 *
 * Faults that must happen run in forked children. */
#include "kt.h"

#define RW     (PROT_READ | PROT_WRITE)
#define PAGE_L (PAGE_SIZE / sizeof(long)) /* longs per page */

static volatile long *map(long h, int prot)
{
    long a = sys_shm_map(h, 0, prot);
    return a < 0 ? NULL : (volatile long *)a;
}

#define MAP(h, prot)                                                                               \
    __extension__({                                                                                \
        long a_ = sys_shm_map(h, 0, prot);                                                         \
        if (a_ < 0) {                                                                              \
            char b_[32];                                                                           \
            FAIL("shm_map(%ld) = %s", (long)(h), rt_fmt_result(b_, 32, a_));                       \
        }                                                                                          \
        (volatile long *)a_;                                                                       \
    })

/* Waits (up to 5 s) until *p == v. */
static bool await_value(volatile long *p, long v)
{
    uint64_t end = rt_now_ns() + 5000 * MS;
    while (*p != v) {
        if (rt_now_ns() > end)
            return false;
        sys_sleep(1 * MS);
    }
    return true;
}

/* A free, page-aligned range of `pages` pages (mapped and unmapped again). */
static uintptr_t free_range(size_t pages)
{
    long a = sys_mmap_anon(0, pages * PAGE_SIZE, RW, 0);
    if (a < 0 || sys_munmap(a, pages * PAGE_SIZE) != 0)
        return 0;
    return (uintptr_t)a;
}

/* A child that writes a long at `arg` (and should die doing so). */
static int poke_child(void *arg)
{
    *(volatile long *)arg = 1;
    return 0;
}

static int peek_child(void *arg)
{
    return (int)(*(volatile long *)arg & 0x7f);
}

/* ---- one process --------------------------------------------------------------- */

TEST(USHM0001, "an object is zero-filled and whole pages long; past its end is unmapped")
{
    uintptr_t at = free_range(3);
    CHECK(at != 0, "no free range");
    long h = EXPECT_OK(sys_shm_create(5000));
    long a = EXPECT_OK(sys_shm_map(h, (long)at, RW)); /* at a chosen address */
    EXPECT_EQ(a, at);
    volatile unsigned char *p = (volatile unsigned char *)a;
    for (size_t i = 0; i < 2 * PAGE_SIZE; i += 511)
        CHECK(p[i] == 0, "byte %lu of a new object is %u", i, p[i]);
    p[2 * PAGE_SIZE - 1] = 0xAB; /* 5000 bytes round up to two pages */
    EXPECT_EQ(p[2 * PAGE_SIZE - 1], 0xAB);
    EXPECT_FORK(poke_child, (void *)(at + 2 * PAGE_SIZE), RT_KILLED(SIGSEGV));
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(USHM0002, "two mappings of one object in one process show each other's writes")
{
    long h = EXPECT_OK(sys_shm_create(4 * PAGE_SIZE));
    volatile long *a = MAP(h, RW);
    volatile long *b = MAP(h, RW);
    CHECK(a != b, "two shm_map calls returned the same address %p", (void *)a);
    a[3 * PAGE_L + 5] = 0x1234;
    EXPECT_EQ(b[3 * PAGE_L + 5], 0x1234);
    b[0] = 0x5678;
    EXPECT_EQ(a[0], 0x5678);
    EXPECT_EQ(sys_shm_unmap((long)a), 0);
    EXPECT_EQ(sys_shm_unmap((long)b), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

/* ---- two processes ---------------------------------------------------------------- */

static long shared_h;

static int sharing_child(void *arg)
{
    volatile long *inherited = arg; /* the parent's mapping, inherited by fork */
    volatile long *own = map(shared_h, RW);
    if (!own)
        return 1;
    own[0] = 0x1111;
    own[5 * PAGE_L + 1] = 0x2222;
    inherited[6 * PAGE_L] = 0x3333;
    if (!await_value(&own[7 * PAGE_L], 0x4444))
        return 2; /* the parent's write never showed */
    if (inherited[7 * PAGE_L + 1] != 0x5555)
        return 3;
    return 0;
}

TEST(USHM0003, "two processes share the pages: writes show both ways")
{
    shared_h = EXPECT_OK(sys_shm_create(8 * PAGE_SIZE));
    volatile long *before = MAP(shared_h, RW); /* mapped before fork: shared, not copied */
    long pid = EXPECT_OK(kt_fork(sharing_child, (void *)before));
    volatile long *mine = MAP(shared_h, RW);
    CHECK(await_value(&mine[0], 0x1111), "the child's write never showed");
    CHECK(await_value(&mine[5 * PAGE_L + 1], 0x2222), "the child's page-5 write never showed");
    CHECK(await_value(&before[6 * PAGE_L], 0x3333),
          "the child's write through the inherited mapping never showed");
    before[7 * PAGE_L + 1] = 0x5555;
    mine[7 * PAGE_L] = 0x4444;
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "child status %#x (2, 3: the parent's writes never showed)", st);
    EXPECT_EQ(sys_shm_unmap((long)before), 0);
    EXPECT_EQ(sys_shm_unmap((long)mine), 0);
    EXPECT_EQ(sys_handle_close(shared_h), 0);
}

TEST(USHM0004, "the object stays alive while mapped after every handle is closed")
{
    long h = EXPECT_OK(sys_shm_create(2 * PAGE_SIZE));
    long d = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP));
    volatile long *a = MAP(h, RW);
    volatile long *b = MAP(d, PROT_READ);
    a[PAGE_L] = 42;
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_EQ(sys_handle_close(d), 0);
    EXPECT_EQ(b[PAGE_L], 42);
    a[PAGE_L + 1] = 43;
    EXPECT_EQ(b[PAGE_L + 1], 43);
    EXPECT_FORK(peek_child, (void *)&b[PAGE_L + 1], RT_EXITED(43)); /* and in a fork child */
    EXPECT_EQ(sys_shm_unmap((long)a), 0);
    EXPECT_EQ(b[PAGE_L], 42); /* the last mapping alone keeps it */
    EXPECT_EQ(sys_shm_unmap((long)b), 0);
}

TEST(USHM0005, "a read-only duplicate maps read-only only; writing through it faults")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long ro = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP));
    EXPECT_EQ(sys_shm_map(ro, 0, RW), -EACCES);
    EXPECT_EQ(sys_shm_map(ro, 0, PROT_WRITE), -EACCES);
    EXPECT_EQ(sys_handle_dup(ro, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE | HANDLE_RIGHT_MAP),
              -EPERM);
    long nomap = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE));
    EXPECT_EQ(sys_shm_map(nomap, 0, PROT_READ), -EACCES);
    volatile long *w = MAP(h, RW);
    volatile long *r = MAP(ro, PROT_READ);
    w[9] = 0x99;
    EXPECT_EQ(r[9], 0x99);
    EXPECT_FORK(poke_child, (void *)&r[9], RT_KILLED(SIGSEGV));
    EXPECT_EQ(sys_mprotect((long)r, PAGE_SIZE, RW), -EACCES); /* stays read-only */
    EXPECT_FORK(poke_child, (void *)&r[9], RT_KILLED(SIGSEGV));
    EXPECT_EQ(w[9], 0x99);
    EXPECT_EQ(sys_shm_unmap((long)w), 0);
    EXPECT_EQ(sys_shm_unmap((long)r), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(nomap), 0);
}

static int unmapping_child(void *arg)
{
    volatile long *inherited = arg;
    volatile long *own = map(shared_h, RW);
    if (!own)
        return 1;
    own[1] = 0xC0FFEE;
    if (sys_shm_unmap((long)own) != 0)
        return 2;
    if (sys_shm_unmap((long)inherited) != 0) /* the copy fork gave this process */
        return 3;
    return 0;
}

TEST(USHM0006, "another process's shm_unmap (and exit) leaves this process's mapping alone")
{
    shared_h = EXPECT_OK(sys_shm_create(2 * PAGE_SIZE));
    volatile long *mine = MAP(shared_h, RW);
    mine[0] = 7;
    EXPECT_FORK(unmapping_child, (void *)mine, RT_EXITED(0));
    EXPECT_EQ(mine[0], 7);
    EXPECT_EQ(mine[1], 0xC0FFEE);
    mine[PAGE_L] = 8; /* still writable, both pages */
    EXPECT_EQ(mine[PAGE_L], 8);
    EXPECT_EQ(sys_shm_unmap((long)mine), 0);
    EXPECT_EQ(sys_handle_close(shared_h), 0);
}

TEST(USHM0007, "shm_map at a taken address: -EEXIST; misaligned: -EINVAL")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long a = EXPECT_OK(sys_shm_map(h, 0, RW));
    EXPECT_EQ(sys_shm_map(h, a, RW), -EEXIST);
    EXPECT_EQ(sys_shm_map(h, a + 8, RW), -EINVAL);
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_shm_map(h, a, RW), a); /* free again */
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(USHM0008, "shm_unmap needs a shared mapping's start; afterwards the range faults")
{
    long h = EXPECT_OK(sys_shm_create(2 * PAGE_SIZE));
    long a = EXPECT_OK(sys_shm_map(h, 0, RW));
    EXPECT_EQ(sys_shm_unmap(a + PAGE_SIZE), -EINVAL);
    long anon = EXPECT_OK(sys_mmap_anon(0, PAGE_SIZE, RW, 0));
    EXPECT_EQ(sys_shm_unmap(anon), -EINVAL);
    EXPECT_EQ(sys_munmap(anon, PAGE_SIZE), 0);
    *(volatile long *)a = 1;
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_shm_unmap(a), -EINVAL);
    EXPECT_FORK(peek_child, (void *)a, RT_KILLED(SIGSEGV));
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(USHM0009, "munmap of one page inside a shared mapping: the rest stays shared")
{
    long h = EXPECT_OK(sys_shm_create(4 * PAGE_SIZE));
    volatile long *a = MAP(h, RW);
    volatile long *b = MAP(h, RW);
    EXPECT_EQ(sys_munmap((long)a + PAGE_SIZE, PAGE_SIZE), 0);
    a[0] = 10;
    a[2 * PAGE_L] = 12;
    b[3 * PAGE_L] = 13;
    b[PAGE_L] = 11;
    EXPECT_EQ(b[0], 10);
    EXPECT_EQ(b[2 * PAGE_L], 12); /* the part after the hole maps object page 2, not 1 */
    EXPECT_EQ(a[3 * PAGE_L], 13);
    EXPECT_FORK(peek_child, (void *)&a[PAGE_L], RT_KILLED(SIGSEGV));
    EXPECT_EQ(sys_munmap((long)a, 4 * PAGE_SIZE), 0);
    EXPECT_EQ(sys_shm_unmap((long)b), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

/* ---- frames --------------------------------------------------------------------------- */

#define ROUND_PAGES  64    /* 256 KiB */
#define ROUNDS       1500  /* 375 MiB touched in all: more than the machine has */
#define SMALL_ROUNDS 70000 /* 70000 pages leaked at one a round: more than there are */

static int many_rounds(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        long h = sys_shm_create(ROUND_PAGES * PAGE_SIZE);
        if (h < 0) {
            rt_log("kt_shm: round %d: shm_create = %ld", i, h);
            return 1;
        }
        volatile char *p = (volatile char *)sys_shm_map(h, 0, RW);
        if ((long)p < 0) {
            rt_log("kt_shm: round %d: shm_map = %ld", i, (long)p);
            return 2;
        }
        for (int pg = 0; pg < ROUND_PAGES; pg++)
            p[pg * PAGE_SIZE] = (char)i;
        if (i % 3 == 0) { /* a second mapping now and then */
            volatile char *q = (volatile char *)sys_shm_map(h, 0, PROT_READ);
            if ((long)q < 0 || q[PAGE_SIZE] != (char)i || sys_shm_unmap((long)q) != 0)
                return 3;
        }
        /* Both orders: unmap then close, close then unmap. */
        if (i % 2 == 0) {
            if (sys_shm_unmap((long)p) != 0 || sys_handle_close(h) != 0)
                return 4;
        } else {
            if (sys_handle_close(h) != 0 || sys_shm_unmap((long)p) != 0)
                return 5;
        }
    }
    /* Each small round costs at least two frames (the object's page and its
     * page list): a leak of one frame per round runs out of memory here. */
    for (int i = 0; i < SMALL_ROUNDS; i++) {
        long h = sys_shm_create(PAGE_SIZE);
        long a = h >= 0 ? sys_shm_map(h, 0, RW) : h;
        if (a < 0) {
            rt_log("kt_shm: small round %d: shm_create/map = %ld", i, a);
            return 6;
        }
        *(volatile char *)a = 1;
        if (sys_shm_unmap(a) != 0 || sys_handle_close(h) != 0)
            return 7;
    }
    return 0;
}

TEST(USHM0010, "1500 rounds of 256 KiB and 70000 of one page (create, map, touch, unmap, close)")
{
    EXPECT_FORK(many_rounds, NULL, RT_EXITED(0));
}

static int fork_and_exit(void *arg)
{
    (void)arg;
    volatile char *p = (volatile char *)sys_shm_map(shared_h, 0, RW);
    if ((long)p < 0)
        return 1;
    for (int pg = 0; pg < ROUND_PAGES; pg++)
        p[pg * PAGE_SIZE] = 1;
    return 0; /* exits with the mapping and the handle: the kernel cleans up */
}

TEST(USHM0011, "objects left mapped and open by exiting processes are freed (500 children)")
{
    for (int i = 0; i < 500; i++) {
        shared_h = sys_shm_create(ROUND_PAGES * PAGE_SIZE);
        CHECK(shared_h >= 0, "round %d: shm_create = %ld", i, shared_h);
        int st = -1;
        long r = kt_fork_wait(fork_and_exit, NULL, &st);
        CHECK(r == 0 && st == RT_EXITED(0), "round %d: fork %ld, status %#x", i, r, st);
        EXPECT_EQ(sys_handle_close(shared_h), 0);
    }
}

static int late_user(void *arg)
{
    volatile long *p = arg; /* inherited from the parent, which unmaps its own at once */
    sys_sleep(50 * MS);
    if (p[0] != 0x0DD)
        return 1;
    for (int i = 1; i < 4; i++)
        p[i * PAGE_L] = i;
    for (int i = 1; i < 4; i++) {
        if (p[i * PAGE_L] != i)
            return 2;
    }
    return 0;
}

TEST(USHM0014, "a mapping inherited by fork outlives the parent's unmap and close")
{
    long h = EXPECT_OK(sys_shm_create(4 * PAGE_SIZE));
    volatile long *p = MAP(h, RW);
    p[0] = 0x0DD;
    long pid = EXPECT_OK(kt_fork(late_user, (void *)p));
    EXPECT_EQ(sys_shm_unmap((long)p), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
    /* Churn some memory so that freed frames would be reused. */
    for (int i = 0; i < 8; i++) {
        long t = EXPECT_OK(sys_shm_create(16 * PAGE_SIZE));
        volatile char *q = (volatile char *)MAP(t, RW);
        for (int pg = 0; pg < 16; pg++)
            q[pg * PAGE_SIZE] = 0x55;
        sys_shm_unmap((long)q);
        sys_handle_close(t);
    }
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "child status %#x (1: the object was gone, 2: writes lost)", st);
}

#define BIG   (64UL << 20)
#define NBIG  6 /* 384 MiB mapped at once: more than the machine has */
#define HUGE_ (256UL << 20)

TEST(USHM0012, "six 64 MiB objects map at once, cheaply: only touched pages cost")
{
    long h[NBIG];
    volatile char *p[NBIG];
    uint64_t t0 = rt_now_ns();
    for (int i = 0; i < NBIG; i++) {
        h[i] = EXPECT_OK(sys_shm_create(BIG));
        p[i] = (volatile char *)MAP(h[i], RW);
    }
    uint64_t d = rt_now_ns() - t0;
    for (int i = 0; i < NBIG; i++) {
        p[i][0] = 1;
        p[i][BIG / 2] = 2;
        p[i][BIG - 1] = 3;
    }
    for (int i = 0; i < NBIG; i++) {
        CHECK(p[i][0] == 1 && p[i][BIG / 2] == 2 && p[i][BIG - 1] == 3 && p[i][4096] == 0,
              "object %d does not read back", i);
        EXPECT_EQ(sys_shm_unmap((long)p[i]), 0);
        EXPECT_EQ(sys_handle_close(h[i]), 0);
    }
    CHECK(d < 1000 * MS, "creating and mapping 6 x 64 MiB took %lu ms", d / MS);
}

TEST(USHM0013, "the largest object, 256 MiB, maps and works; one byte more is -EINVAL")
{
    EXPECT_EQ(sys_shm_create(HUGE_ + 1), -EINVAL);
    long h = EXPECT_OK(sys_shm_create(HUGE_));
    volatile char *p = (volatile char *)MAP(h, RW);
    p[HUGE_ - 1] = 5;
    p[0] = 6;
    EXPECT_EQ(p[HUGE_ - 1], 5);
    EXPECT_EQ(p[HUGE_ / 2], 0);
    EXPECT_EQ(sys_shm_unmap((long)p), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

KT_MAIN(NULL)
