/* kt_mem: mmap_anon and munmap (docs/syscalls.md), touching memory the
 * process does not have (in a child, which must die by SIGSEGV while this
 * program lives on), and memory given back when processes end. Owns UMEM*. */
#include "kt.h"

#define RW (PROT_READ | PROT_WRITE)
/* Fixed addresses far from the image, the stack and (today) where mmap_anon
 * places mappings by itself (from 16 TiB up). */
#define FIXED_A   0x0000500000000000UL
#define FIXED_B   0x0000500100000000UL
#define STACK_TOP 0x7FFFFFFFF000UL

static bool page_aligned(uintptr_t p)
{
    return (p & (PAGE_SIZE - 1)) == 0;
}

static bool in_user(uintptr_t p, size_t len)
{
    return p >= USER_SPACE_BASE && p + len <= USER_SPACE_TOP && p + len > p;
}

#define EXPECT_MAP(var, addr, len, prot, flags)                                                    \
    do {                                                                                           \
        long r_ = sys_mmap_anon((long)(addr), (long)(len), (prot), (flags));                       \
        if (r_ < 0) {                                                                              \
            char b_[32];                                                                           \
            FAIL("mmap_anon(%#lx, %#lx, %d, %d) = %s", (unsigned long)(addr),                      \
                 (unsigned long)(len), (prot), (flags), rt_fmt_result(b_, 32, r_));                \
        }                                                                                          \
        CHECK(page_aligned((uintptr_t)r_) && in_user((uintptr_t)r_, (len)),                        \
              "mmap_anon returned %#lx: not a page-aligned user range", (unsigned long)r_);        \
        var = (void *)r_;                                                                          \
    } while (0)

TEST(UMEM0001, "mmap_anon returns a page-aligned user range that reads as zero")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, 16 * PAGE_SIZE, RW, 0);
    for (size_t i = 0; i < 16 * PAGE_SIZE; i++)
        CHECK(p[i] == 0, "byte %lu of a new mapping is %#x", (unsigned long)i, p[i]);
    EXPECT_EQ(sys_munmap((long)p, 16 * PAGE_SIZE), 0);
}

TEST(UMEM0002, "what is written to a mapping reads back")
{
    volatile uint64_t *p;
    EXPECT_MAP(p, 0, 16 * PAGE_SIZE, RW, 0);
    size_t n = 16 * PAGE_SIZE / 8;
    for (size_t i = 0; i < n; i++)
        p[i] = i * 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i++)
        CHECK(p[i] == i * 0x9E3779B97F4A7C15ULL, "word %lu reads back wrong", (unsigned long)i);
    EXPECT_EQ(sys_munmap((long)p, 16 * PAGE_SIZE), 0);
}

TEST(UMEM0003, "a length that is not a page multiple is rounded up to whole pages")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, 100, RW, 0);
    EXPECT_EQ(p[PAGE_SIZE - 1], 0);
    p[PAGE_SIZE - 1] = 7;
    EXPECT_EQ(p[PAGE_SIZE - 1], 7);
    EXPECT_EQ(sys_munmap((long)p, PAGE_SIZE), 0);
}

TEST(UMEM0004, "two mappings do not overlap")
{
    unsigned char *a, *b;
    EXPECT_MAP(a, 0, 3 * PAGE_SIZE, RW, 0);
    EXPECT_MAP(b, 0, 3 * PAGE_SIZE, RW, 0);
    CHECK(a + 3 * PAGE_SIZE <= b || b + 3 * PAGE_SIZE <= a, "mappings %p and %p overlap", (void *)a,
          (void *)b);
    EXPECT_EQ(sys_munmap((long)a, 3 * PAGE_SIZE), 0);
    EXPECT_EQ(sys_munmap((long)b, 3 * PAGE_SIZE), 0);
}

TEST(UMEM0005, "touching an unmapped mapping kills the child with SIGSEGV")
{
    EXPECT_CHILD("unmapped", "", RT_KILLED(SIGSEGV));
}

TEST(UMEM0006, "munmap of the middle page leaves its neighbours; the middle one faults")
{
    EXPECT_CHILD("middle", "", RT_KILLED(SIGSEGV));
}

TEST(UMEM0007, "a fixed mapping is placed exactly at its address")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, FIXED_A, 2 * PAGE_SIZE, RW, MAP_FIXED_ADDR);
    EXPECT_EQ((uintptr_t)p, FIXED_A);
    p[0] = 1, p[2 * PAGE_SIZE - 1] = 2;
    EXPECT_EQ(p[0] + p[2 * PAGE_SIZE - 1], 3);
    EXPECT_EQ(sys_munmap(FIXED_A, 2 * PAGE_SIZE), 0);
}

TEST(UMEM0008, "a fixed mapping over an existing one fails with -EEXIST and changes nothing")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, FIXED_B, 4 * PAGE_SIZE, RW, MAP_FIXED_ADDR);
    p[PAGE_SIZE] = 0x5a;
    EXPECT_EQ(sys_mmap_anon(FIXED_B + PAGE_SIZE, PAGE_SIZE, RW, MAP_FIXED_ADDR), -EEXIST);
    EXPECT_EQ(sys_mmap_anon(FIXED_B - PAGE_SIZE, 2 * PAGE_SIZE, RW, MAP_FIXED_ADDR), -EEXIST);
    EXPECT_EQ(sys_mmap_anon(FIXED_B + 3 * PAGE_SIZE, 2 * PAGE_SIZE, RW, MAP_FIXED_ADDR), -EEXIST);
    EXPECT_EQ(p[PAGE_SIZE], 0x5a);
    EXPECT_EQ(sys_munmap(FIXED_B, 4 * PAGE_SIZE), 0);
}

TEST(UMEM0009, "write together with exec is refused with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, PROT_WRITE | PROT_EXEC, 0), -EINVAL);
}

TEST(UMEM0010, "a read-only mapping reads as zero; writing it kills the child with SIGSEGV")
{
    EXPECT_CHILD("readonly", "", RT_KILLED(SIGSEGV));
}

TEST(UMEM0011, "jumping into a mapping without exec kills the child with SIGSEGV")
{
    EXPECT_CHILD("noexec", "", RT_KILLED(SIGSEGV));
}

TEST(UMEM0012, "a 1 GiB mapping (more than RAM) succeeds: pages come on first touch")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, 1UL << 30, RW, 0);
    for (size_t off = 0; off < (1UL << 30); off += 64UL << 20) {
        CHECK(p[off] == 0, "byte at +%#lx is not zero", (unsigned long)off);
        p[off] = 1;
    }
    EXPECT_EQ(sys_munmap((long)p, 1UL << 30), 0);
}

TEST(UMEM0013, "200 rounds of map 1 MiB, touch every page, unmap do not run out of memory")
{
    for (int round = 0; round < 200; round++) {
        long r = sys_mmap_anon(0, 1 << 20, RW, 0);
        if (r < 0) {
            char b[32];
            FAIL("round %d: mmap_anon = %s", round + 1, rt_fmt_result(b, sizeof b, r));
        }
        volatile unsigned char *p = (volatile unsigned char *)r;
        for (size_t off = 0; off < (1 << 20); off += PAGE_SIZE) {
            if (p[off] != 0)
                FAIL("round %d: a reused page is not zero at +%#lx", round + 1, (unsigned long)off);
            p[off] = 0xff;
        }
        EXPECT_EQ(sys_munmap(r, 1 << 20), 0);
    }
}

TEST(UMEM0014, "memory of ended children comes back: 12 children each touch 32 MiB")
{
    /* 12 x 32 MiB is more than the guest's 256 MiB: only works if freed. */
    for (int i = 0; i < 12; i++) {
        /* Half exit normally, half die by a fault with their memory in use. */
        int want = i % 2 ? RT_KILLED(SIGSEGV) : RT_EXITED(0);
        EXPECT_CHILD(i % 2 ? "hog-fault" : "hog", "", want);
    }
}

TEST(UMEM0015, "a mapping larger than the user address space fails with -ENOMEM")
{
    EXPECT_EQ(sys_mmap_anon(0, 1L << 47, RW, 0), -ENOMEM);
}

TEST(UMEM0016, "munmap of a range with nothing mapped succeeds")
{
    EXPECT_EQ(sys_munmap(FIXED_A + 0x40000000UL, 4 * PAGE_SIZE), 0);
}

TEST(UMEM0017, "a PROT_NONE mapping is accepted; touching it kills the child with SIGSEGV")
{
    EXPECT_CHILD("protnone", "", RT_KILLED(SIGSEGV));
}

TEST(UMEM0018, "the 1 MiB stack is usable down to 960 KiB below its top")
{
    EXPECT_CHILD("deepstack", "", RT_EXITED(0));
}

TEST(UMEM0019, "a mapping made after munmap of the same place reads as zero again")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, FIXED_A, PAGE_SIZE, RW, MAP_FIXED_ADDR);
    p[10] = 0x77;
    EXPECT_EQ(sys_munmap(FIXED_A, PAGE_SIZE), 0);
    EXPECT_MAP(p, FIXED_A, PAGE_SIZE, RW, MAP_FIXED_ADDR);
    EXPECT_EQ(p[10], 0);
    EXPECT_EQ(sys_munmap(FIXED_A, PAGE_SIZE), 0);
}

TEST(UMEM0020, "mprotect makes a page read-only (a write faults) and writable again")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, 3 * PAGE_SIZE, RW, 0);
    p[PAGE_SIZE] = 7;
    EXPECT_EQ(sys_mprotect((long)p + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
    EXPECT_EQ(p[PAGE_SIZE], 7);
    p[0] = 1, p[2 * PAGE_SIZE] = 2; /* the neighbours stay writable */
    EXPECT_CHILD("mprotect-ro", "", RT_KILLED(SIGSEGV));
    EXPECT_EQ(sys_mprotect((long)p + PAGE_SIZE, PAGE_SIZE, RW), 0);
    p[PAGE_SIZE] = 8;
    EXPECT_EQ(p[PAGE_SIZE] + p[0] + p[2 * PAGE_SIZE], 11);
    EXPECT_EQ(sys_munmap((long)p, 3 * PAGE_SIZE), 0);
}

TEST(UMEM0021, "mprotect of a range with a hole fails with -ENOMEM and changes nothing")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, 3 * PAGE_SIZE, RW, 0);
    EXPECT_EQ(sys_munmap((long)p + PAGE_SIZE, PAGE_SIZE), 0);
    EXPECT_EQ(sys_mprotect((long)p, 3 * PAGE_SIZE, PROT_READ), -ENOMEM);
    p[0] = 1; /* still writable */
    p[2 * PAGE_SIZE] = 2;
    EXPECT_EQ(p[0] + p[2 * PAGE_SIZE], 3);
    EXPECT_EQ(sys_munmap((long)p, 3 * PAGE_SIZE), 0);
}

TEST(UMEM0022, "a page made read-only stays copy-on-write private after fork")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, PAGE_SIZE, RW, 0);
    p[0] = 5;
    long pid = sys_fork();
    if (pid == 0) {
        p[0] = 6; /* the child's own copy */
        rt_exit(p[0] == 6 ? 0 : 1);
    }
    CHECK(pid > 0, "fork failed: %ld", pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    EXPECT_EQ(sys_mprotect((long)p, PAGE_SIZE, PROT_READ), 0);
    EXPECT_EQ(sys_mprotect((long)p, PAGE_SIZE, RW), 0);
    p[0] = 9;
    EXPECT_EQ(p[0], 9);
    EXPECT_EQ(sys_munmap((long)p, PAGE_SIZE), 0);
}

TEST(UMEM0023, "mprotect(PROT_NONE) of a touched page: user reads fault, the kernel refuses it too")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, PAGE_SIZE, RW, 0);
    p[0] = 77;
    EXPECT_EQ(sys_mprotect((long)p, PAGE_SIZE, 0), 0);
    EXPECT_EQ(sys_debug_write((long)p, 1, 0), -EFAULT); /* no reading through the kernel */
    EXPECT_CHILD("protnone-touched", "", RT_KILLED(SIGSEGV));
    EXPECT_EQ(sys_mprotect((long)p, PAGE_SIZE, PROT_READ), 0);
    EXPECT_EQ(p[0], 77); /* the data survived */
    EXPECT_EQ(sys_munmap((long)p, PAGE_SIZE), 0);
}

TEST(UMEM0024, "an address space holds a bounded number of mappings: -ENOMEM, never a panic")
{
    long h = sys_shm_create(PAGE_SIZE);
    CHECK(h >= 0, "shm_create failed: %ld", h);
    const long base = 0x0000200000000000L;
    long i, r = 0;
    for (i = 0; i < 6000; i++) {
        r = sys_shm_map(h, base + 2 * i * (long)PAGE_SIZE, PROT_READ);
        if (r < 0)
            break;
    }
    CHECK(r == -ENOMEM && i > 1000, "mapping %ld ended with %ld", i, r);
    for (long j = 0; j < i; j++)
        EXPECT_EQ(sys_shm_unmap(base + 2 * j * (long)PAGE_SIZE), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UMEM0025, "a read-only private page stays private after fork, even made writable again")
{
    volatile unsigned char *p;
    EXPECT_MAP(p, 0, PAGE_SIZE, RW, 0);
    p[0] = 1;
    EXPECT_EQ(sys_mprotect((long)p, PAGE_SIZE, PROT_READ), 0);
    long pid = sys_fork();
    if (pid == 0) {
        if (sys_mprotect((long)p, PAGE_SIZE, RW) != 0)
            rt_exit(2);
        p[0] = 66; /* must copy, not write the shared frame */
        rt_exit(p[0] == 66 ? 0 : 3);
    }
    CHECK(pid > 0, "fork failed: %ld", pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    EXPECT_EQ(p[0], 1);
    EXPECT_EQ(sys_munmap((long)p, PAGE_SIZE), 0);
}

/* ---- children ------------------------------------------------------------ */

static int touch_hog(bool fault)
{
    volatile unsigned char *p = rt_mmap(NULL, 32UL << 20, RW, 0);
    if (!p)
        return 2;
    for (size_t off = 0; off < (32UL << 20); off += PAGE_SIZE)
        p[off] = 1;
    if (fault)
        rt_poke(8); /* dies here, memory in use */
    return 0;
}

/* Uses the stack down to `depth` bytes below the initial rsp, one touch per page. */
static int deep_stack(size_t depth)
{
    uintptr_t sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    uintptr_t low = rt_initial_sp - depth;
    for (uintptr_t a = (sp & ~(PAGE_SIZE - 1)) - PAGE_SIZE; a >= low; a -= PAGE_SIZE)
        *(volatile unsigned char *)a = 1; /* below rsp, but nothing else runs on it here */
    return 0;
}

static int child(int argc, char **argv)
{
    (void)argc;
    const char *mode = argv[1];
    if (strcmp(mode, "unmapped") == 0) {
        volatile unsigned char *p = rt_mmap(NULL, 2 * PAGE_SIZE, RW, 0);
        if (!p)
            return 2;
        p[0] = 1;
        if (sys_munmap((long)p, 2 * PAGE_SIZE) != 0)
            return 3;
        return p[0] + 4; /* must fault */
    }
    if (strcmp(mode, "middle") == 0) {
        volatile unsigned char *p = rt_mmap(NULL, 3 * PAGE_SIZE, RW, 0);
        if (!p)
            return 2;
        p[0] = 1, p[PAGE_SIZE] = 2, p[2 * PAGE_SIZE] = 3;
        if (sys_munmap((long)(p + PAGE_SIZE), PAGE_SIZE) != 0)
            return 3;
        if (p[0] != 1 || p[2 * PAGE_SIZE] != 3)
            return 4; /* the neighbours lost their data */
        p[PAGE_SIZE - 1] = 5, p[2 * PAGE_SIZE + 1] = 6;
        return p[PAGE_SIZE] + 7; /* must fault */
    }
    if (strcmp(mode, "readonly") == 0) {
        volatile unsigned char *p = rt_mmap(NULL, PAGE_SIZE, PROT_READ, 0);
        if (!p)
            return 2;
        if (p[100] != 0)
            return 3;
        p[100] = 1; /* must fault */
        return 4;
    }
    if (strcmp(mode, "noexec") == 0) {
        unsigned char *p = rt_mmap(NULL, PAGE_SIZE, RW, 0);
        if (!p)
            return 2;
        p[0] = 0xc3;           /* ret */
        ((void (*)(void))p)(); /* must fault: the mapping is not executable */
        return 3;
    }
    if (strcmp(mode, "protnone") == 0) {
        long r = sys_mmap_anon(0, PAGE_SIZE, 0, 0);
        if (r < 0)
            return 2;
        return *(volatile unsigned char *)r + 3; /* must fault */
    }
    if (strcmp(mode, "protnone-touched") == 0) {
        volatile unsigned char *p = rt_mmap(NULL, PAGE_SIZE, RW, 0);
        if (!p)
            return 2;
        p[0] = 5;
        if (sys_mprotect((long)p, PAGE_SIZE, 0) != 0)
            return 3;
        return p[0] + 10; /* must fault */
    }
    if (strcmp(mode, "mprotect-ro") == 0) {
        volatile unsigned char *p = rt_mmap(NULL, PAGE_SIZE, RW, 0);
        if (!p || sys_mprotect((long)p, PAGE_SIZE, PROT_READ) != 0)
            return 2;
        p[0] = 1; /* must fault */
        return 3;
    }
    if (strcmp(mode, "hog") == 0)
        return touch_hog(false);
    if (strcmp(mode, "hog-fault") == 0)
        return touch_hog(true);
    if (strcmp(mode, "deepstack") == 0)
        return deep_stack(960UL << 10);
    return 99;
}

KT_MAIN(child)
