/* kt_devshm: shared-memory objects over device memory (shm_create_device,
 * docs/syscalls.md): bad ranges refused with exact errors and nothing
 * claimed, the framebuffer's pages shared by two mappings, a forked child
 * (no copy-on-write) and a scheme client's fmap (its prot respected), a
 * read-only handle, another process's claim, and no frame or claim slot
 * spent over hundreds of rounds. Owns UDSM*.
 *
 * ktest spawns this program with SPAWN_GRANT_IO. The first object made over
 * the framebuffer claims it for this process until it exits (the claim is
 * per process, not per object). Pixels written are put back. */
#include "kt.h"

#define RW      (PROT_READ | PROT_WRITE)
#define RO_MAP  (HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP)
#define OBJ     (2 * PAGE_SIZE) /* the objects cover the framebuffer's first two pages */
#define PX_A    7               /* pixel indexes the cases write */
#define PX_B    (PAGE_SIZE / 4 + 9)
#define ROUNDS  300 /* more than the 64 claim slots and the handle table */
#define SCHEME  "kt-devshm"
#define GIB4    0x100000000L
#define MIB256  (256L << 20)
#define FAR_OFF 0xFFFFFFFFFFFFF000L

static uint64_t fb_phys(void)
{
    struct cobalt_fb_info fb;
    long n = sys_sysinfo(SYSINFO_FRAMEBUFFER, (long)&fb, sizeof fb);
    return n == (long)sizeof fb ? fb.phys : 0;
}

static uint64_t free_pages(void)
{
    struct cobalt_mem_info m;
    long n = sys_sysinfo(SYSINFO_MEMORY, (long)&m, sizeof m);
    return n == (long)sizeof m ? m.free_pages : 0;
}

/* The two framebuffer pixels the cases write, saved so they can be put back. */
struct saved {
    volatile uint32_t *px;
    uint32_t a, b;
};

static struct saved save(volatile uint32_t *px)
{
    return (struct saved){px, px[PX_A], px[PX_B]};
}

static void restore(struct saved s)
{
    s.px[PX_A] = s.a;
    s.px[PX_B] = s.b;
}

#define NEED_FB()                                                                                  \
    uint64_t fb = fb_phys();                                                                       \
    CHECK(fb != 0, "no linear framebuffer to test with")

/* ---- bad arguments ------------------------------------------------------------------- */

static int create_fb_child(void *arg)
{
    long h = sys_shm_create_device((long)(uintptr_t)arg, OBJ);
    return h >= 0 ? 0 : h == -EBUSY ? 1 : 2;
}

TEST(UDSM0001, "bad ranges fail with -EINVAL / -EACCES and claim nothing")
{
    NEED_FB();
    long p = (long)fb;
    /* Unaligned, empty, over 256 MiB. */
    EXPECT_EQ(sys_shm_create_device(p + 1, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_shm_create_device(p, PAGE_SIZE + 1), -EINVAL);
    EXPECT_EQ(sys_shm_create_device(p, 100), -EINVAL);
    EXPECT_EQ(sys_shm_create_device(p, 0), -EINVAL);
    EXPECT_EQ(sys_shm_create_device(p, MIB256 + PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_shm_create_device(p, -PAGE_SIZE), -EINVAL);
    /* phys + size wraps around 2^64. */
    EXPECT_EQ(sys_shm_create_device(FAR_OFF, 2 * PAGE_SIZE), -EINVAL);
    /* Beyond the direct map (4 GiB), or running into it. */
    EXPECT_EQ(sys_shm_create_device(GIB4, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_shm_create_device(GIB4 - PAGE_SIZE, 2 * PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_shm_create_device(0x7FFFFFFFF000L, PAGE_SIZE), -EINVAL);
    /* RAM, or a range touching it. */
    EXPECT_EQ(sys_shm_create_device(0x100000, PAGE_SIZE), -EACCES);
    EXPECT_EQ(sys_shm_create_device(0x1000, PAGE_SIZE), -EACCES);
    EXPECT_EQ(sys_shm_create_device(0x9F000, 2 * PAGE_SIZE), -EACCES);
    /* Device memory first, RAM after it: every page is checked, not only the first. */
    EXPECT_EQ(sys_shm_create_device(0xFF000, 2 * PAGE_SIZE), -EACCES);
    /* Nothing was claimed: another process gets the framebuffer. */
    EXPECT_FORK(create_fb_child, (void *)(uintptr_t)fb, RT_EXITED(0));
}

/* ---- sharing ------------------------------------------------------------------------- */

TEST(UDSM0002, "two mappings of one object over the framebuffer show the same pixels")
{
    NEED_FB();
    long h = EXPECT_OK(sys_shm_create_device((long)fb, OBJ));
    volatile uint32_t *a = (volatile uint32_t *)EXPECT_OK(sys_shm_map(h, 0, RW));
    volatile uint32_t *b = (volatile uint32_t *)EXPECT_OK(sys_shm_map(h, 0, PROT_READ));
    CHECK(a != b, "both mappings at %p", (void *)a);
    struct saved old = save(a);
    a[PX_A] = 0x00123456;
    a[PX_B] = 0x00654321;
    uint32_t got_a = b[PX_A], got_b = b[PX_B];
    restore(old);
    EXPECT_EQ(got_a, 0x00123456);
    EXPECT_EQ(got_b, 0x00654321);
    EXPECT_EQ(sys_shm_unmap((long)a), 0);
    EXPECT_EQ(sys_shm_unmap((long)b), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

static int fork_writer(void *arg)
{
    volatile uint32_t *a = arg;
    if (a[PX_A] != 0x00ABCDEF)
        return 1; /* the parent's pixel is not there */
    a[PX_B] = 0x00FEDCBA;
    return 0;
}

TEST(UDSM0003, "a forked child shares the device pages (no copy-on-write); unmap frees nothing")
{
    NEED_FB();
    long h = EXPECT_OK(sys_shm_create_device((long)fb, OBJ));
    volatile uint32_t *a = (volatile uint32_t *)EXPECT_OK(sys_shm_map(h, 0, RW));
    EXPECT_EQ(sys_handle_close(h), 0); /* the mapping keeps the object */
    struct saved old = save(a);
    a[PX_A] = 0x00ABCDEF;
    int st = -1;
    long r = kt_fork_wait(fork_writer, (void *)a, &st);
    uint32_t got = a[PX_B];
    restore(old);
    EXPECT_OK(r);
    CHECK(st == RT_EXITED(0), "child status %#x (1: the parent's write was not there)", st);
    EXPECT_EQ(got, 0x00FEDCBA);
    /* The child's exit unmapped its copy: the pages are still the device's. */
    a[PX_A] = 0x00112233;
    got = a[PX_A];
    restore(old);
    EXPECT_EQ(got, 0x00112233);
    EXPECT_EQ(sys_shm_unmap((long)a), 0);
}

static int write_ro(void *arg)
{
    *(volatile uint32_t *)arg = 1; /* must fault: a read-only mapping */
    return 0;
}

TEST(UDSM0004, "a read-only handle maps only read-only; writing there faults; mprotect refuses")
{
    NEED_FB();
    long h = EXPECT_OK(sys_shm_create_device((long)fb, OBJ));
    long ro = EXPECT_OK(sys_handle_dup(h, RO_MAP));
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_EQ(sys_shm_map(ro, 0, RW), -EACCES);
    long a = EXPECT_OK(sys_shm_map(ro, 0, PROT_READ));
    EXPECT_EQ(sys_mprotect(a, PAGE_SIZE, RW), -EACCES);
    EXPECT_FORK(write_ro, (void *)a, RT_KILLED(SIGSEGV));
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_handle_close(ro), 0);
}

/* ---- fmap ---------------------------------------------------------------------------- */

/* The client: a read-only fmap of page 1 stays read-only, a writable one of
 * page 0 writes the device memory the server sees. */
static int fmap_client(void *arg)
{
    (void)arg;
    long fd = sys_open((long)SCHEME ":", (long)strlen(SCHEME ":"), 0);
    if (fd < 0)
        return 1;
    long ro = sys_fmap(fd, PAGE_SIZE, PAGE_SIZE, PROT_READ);
    if (ro < 0)
        return 2;
    if (((volatile uint32_t *)ro)[PX_B - PAGE_SIZE / 4] != 0x00C0FFEE)
        return 3;
    if (sys_mprotect(ro, PAGE_SIZE, RW) != -EACCES)
        return 4;
    int st = -1;
    if (kt_fork_wait(write_ro, (void *)ro, &st) != 0 || st != RT_KILLED(SIGSEGV))
        return 5;
    long rw = sys_fmap(fd, 0, PAGE_SIZE, RW);
    if (rw < 0)
        return 6;
    ((volatile uint32_t *)rw)[PX_A] = 0x00BEEF00;
    return sys_shm_unmap(ro) == 0 && sys_shm_unmap(rw) == 0 ? 0 : 7;
}

/* Answers OPEN, FMAP (with h) and WRITE (the bytes it got) until the client
 * pid exits; its wait status. */
static int serve_until_exit(long ep, long h, long pid)
{
    struct scheme_request rq;
    char buf[64];
    int st = -1;
    for (long w; (w = rt_wait(pid, &st, 1)) != pid;) {
        if (w != -EAGAIN)
            return -1;
        long n = sys_scheme_recv(ep, (long)&rq, (long)buf, sizeof buf, SCHEME_RECV_NONBLOCK);
        if (n == -EAGAIN) {
            sys_sleep(1 * MS);
            continue;
        }
        if (n >= 0 && (rq.op == SCHEME_OPEN || rq.op == SCHEME_FMAP))
            sys_scheme_reply(ep, (long)rq.tag, rq.op == SCHEME_OPEN ? 1 : h, 0, 0);
        else if (n >= 0 && rq.op == SCHEME_WRITE)
            sys_scheme_reply(ep, (long)rq.tag, n, 0, 0);
    }
    return st;
}

TEST(UDSM0005, "fmap hands the device object to a client: its read-only map stays read-only")
{
    NEED_FB();
    long h = EXPECT_OK(sys_shm_create_device((long)fb, OBJ));
    volatile uint32_t *a = (volatile uint32_t *)EXPECT_OK(sys_shm_map(h, 0, RW));
    long ep = EXPECT_OK(sys_scheme_register((long)SCHEME, (long)strlen(SCHEME)));
    struct saved old = save(a);
    a[PX_A] = 0;
    a[PX_B] = 0x00C0FFEE;
    long pid = kt_fork(fmap_client, NULL);
    int st = pid > 0 ? serve_until_exit(ep, h, pid) : -1;
    uint32_t got = a[PX_A];
    restore(old);
    EXPECT_OK(pid);
    CHECK(st == RT_EXITED(0), "client status %#x (see fmap_client for the step)", st);
    EXPECT_EQ(got, 0x00BEEF00);
    EXPECT_EQ(sys_handle_close(ep), 0);
    EXPECT_EQ(sys_shm_unmap((long)a), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

/* The client of UDSM0009: a write from the device mapping (inherited from
 * the parent) fails with -EFAULT; the same from ordinary memory arrives. */
static int ipc_client(void *arg)
{
    long fd = sys_open((long)SCHEME ":", (long)strlen(SCHEME ":"), 0);
    if (fd < 0)
        return 1;
    if (sys_write(fd, (long)arg, 16) != -EFAULT)
        return 2;
    char plain[16] = "ordinary memory";
    return sys_write(fd, (long)plain, sizeof plain) == (long)sizeof plain ? 0 : 3;
}

TEST(UDSM0009, "device memory is never an IPC buffer: a write from it fails with -EFAULT")
{
    NEED_FB();
    long h = EXPECT_OK(sys_shm_create_device((long)fb, OBJ));
    long a = EXPECT_OK(sys_shm_map(h, 0, RW));
    long ep = EXPECT_OK(sys_scheme_register((long)SCHEME, (long)strlen(SCHEME)));
    long pid = kt_fork(ipc_client, (void *)a);
    int st = pid > 0 ? serve_until_exit(ep, h, pid) : -1;
    EXPECT_OK(pid);
    CHECK(st == RT_EXITED(0), "client status %#x (see ipc_client for the step)", st);
    EXPECT_EQ(sys_handle_close(ep), 0);
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

/* ---- claims and leaks ---------------------------------------------------------------- */

TEST(UDSM0006, "device memory another process claimed gives -EBUSY")
{
    NEED_FB();
    long h = EXPECT_OK(sys_shm_create_device((long)fb, OBJ)); /* this process holds it now */
    EXPECT_FORK(create_fb_child, (void *)(uintptr_t)fb, RT_EXITED(1));
    EXPECT_EQ(sys_handle_close(h), 0);
}

static int touch_child(void *arg)
{
    volatile uint32_t *px = arg;
    px[PX_A] = px[PX_A];
    return 0;
}

/* One round: create, map, touch, fork a child that touches it too, unmap, close. */
static long round_trip(uint64_t fb)
{
    long h = sys_shm_create_device((long)fb, OBJ);
    if (h < 0)
        return h;
    long a = sys_shm_map(h, 0, RW);
    if (a < 0)
        return a;
    volatile uint32_t *px = (volatile uint32_t *)a;
    px[PX_B] = px[PX_B]; /* touch both pages */
    px[PX_A] = px[PX_A];
    int st = -1;
    long f = kt_fork_wait(touch_child, (void *)a, &st);
    if (f < 0 || st != RT_EXITED(0))
        return f < 0 ? f : -1000;
    long r = sys_shm_unmap(a);
    long c = sys_handle_close(h);
    return r ? r : c;
}

TEST(UDSM0007, "300 create/map/fork/unmap/close rounds spend no frame and no claim slot")
{
    NEED_FB();
    EXPECT_OK(round_trip(fb)); /* warm-up: page tables and kernel heap in place */
    uint64_t before = free_pages();
    for (int i = 0; i < ROUNDS; i++) {
        long r = round_trip(fb);
        CHECK(r == 0, "round %d: %ld", i, r);
    }
    uint64_t after = free_pages();
    CHECK(before != 0 && after == before, "free pages %lu before, %lu after", (unsigned long)before,
          (unsigned long)after);
}

TEST(UDSM0008, "the interrupt controllers' pages are the kernel's: -EBUSY for both calls")
{
    static const uint64_t kept[] = {0xFEE00000, 0xFEC00000};
    for (unsigned i = 0; i < sizeof kept / sizeof *kept; i++) {
        EXPECT_EQ(sys_shm_create_device(kept[i], PAGE_SIZE), -EBUSY);
        EXPECT_EQ(sys_mmio_map(kept[i], PAGE_SIZE, RW), -EBUSY);
        /* A range that only runs into the page is refused too. */
        EXPECT_EQ(sys_shm_create_device(kept[i] - PAGE_SIZE, 2 * PAGE_SIZE), -EBUSY);
    }
}

KT_MAIN(NULL)
