/* kt_dev: the driver calls work (docs/syscalls.md: irq_bind, irq_ack,
 * ioport_grant, mmio_map, SPAWN_GRANT_IO): CMOS ports granted and used, an
 * ungranted port faulting, the kernel's ports and other drivers' claims
 * refused, the RTC's periodic interrupt through an IRQ handle, the
 * framebuffer mapped, RAM refused, and a process without the grant refused
 * everything. Owns UDEV*.
 *
 * ktest spawns this program with SPAWN_GRANT_IO. Ports and device memory
 * belong to the process that claimed them until it exits, so every case
 * that claims runs in a child spawned with the grant (the claim ends with
 * it); this process claims nothing. A child tells this process "ready" with
 * SIGUSR1. */
#include "kt.h"

#define RW       (PROT_READ | PROT_WRITE)
#define CMOS_IDX 0x70
#define CMOS_DAT 0x71
#define FB_PHYS  0xFD000000UL /* QEMU std-vga's framebuffer under SeaBIOS */
#define FREE_LO  0x3F0        /* the floppy controller's ports: claimed, never touched */

/* ---- children ------------------------------------------------------------------------ */

/* Spawns this program as a child running `mode`, with SPAWN_GRANT_IO if io. */
static long spawn_mode(const char *mode, bool io)
{
    const char *argv[] = {kt_self, mode, NULL};
    const char *envp[] = {NULL};
    return sys_spawn((long)kt_self, (long)strlen(kt_self), (long)argv, (long)envp,
                     io ? SPAWN_GRANT_IO : 0);
}

static long run_mode(const char *mode, bool io, int *status)
{
    long pid = spawn_mode(mode, io);
    if (pid < 0)
        return pid;
    long r = rt_wait(pid, status, 0);
    return r == pid ? 0 : (r < 0 ? r : -ECHILD);
}

#define EXPECT_MODE(mode, io, want)                                                                \
    do {                                                                                           \
        int st_ = -1;                                                                              \
        long r_ = run_mode(mode, io, &st_);                                                        \
        if (r_ < 0) {                                                                              \
            char b_[32];                                                                           \
            FAIL("spawning '%s' failed: %s", mode, rt_fmt_result(b_, 32, r_));                     \
        }                                                                                          \
        if (st_ != (want)) {                                                                       \
            char g_[48], w_[48];                                                                   \
            FAIL("child '%s' ended with %s, expected %s", mode, rt_fmt_status(g_, 48, st_),        \
                 rt_fmt_status(w_, 48, want));                                                     \
        }                                                                                          \
    } while (0)

static volatile int ready;

static void on_ready(int sig)
{
    (void)sig;
    ready = 1;
}

/* Spawns `mode` with the grant and waits for its SIGUSR1; its pid or an error. */
static long spawn_ready(const char *mode)
{
    ready = 0;
    if (rt_sigaction(SIGUSR1, on_ready, 0, 0) != 0)
        return -1000;
    long pid = spawn_mode(mode, true);
    if (pid < 0)
        return pid;
    uint64_t end = rt_now_ns() + 5000 * MS;
    while (!ready && rt_now_ns() < end)
        sys_sleep(5 * MS);
    if (!ready) {
        sys_kill(pid, SIGKILL);
        rt_wait(pid, NULL, 0);
        return -1001;
    }
    return pid;
}

static void end_child(long pid)
{
    sys_kill(pid, SIGKILL);
    rt_wait(pid, NULL, 0);
    rt_sigaction(SIGUSR1, RT_SIG_DFL, 0, 0);
}

/* ---- port I/O ----------------------------------------------------------------------- */

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_IDX, reg);
    return inb(CMOS_DAT);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
    outb(CMOS_IDX, reg);
    outb(CMOS_DAT, v);
}

/* The RTC's seconds, 0..59, read outside an update; -1 if implausible. */
static int rtc_seconds(void)
{
    for (int i = 0; i < 100000 && (cmos_read(0x0A) & 0x80); i++)
        ;
    uint8_t s = cmos_read(0x00);
    if (!(cmos_read(0x0B) & 0x04)) /* BCD */
        s = (uint8_t)((s >> 4) * 10 + (s & 0x0F));
    return s < 60 ? s : -1;
}

/* ---- cases --------------------------------------------------------------------------- */

TEST(UDEV0001, "this program may do I/O: ktest spawned it with SPAWN_GRANT_IO")
{
    /* Argument checks come after the permission check: -EINVAL, not -EPERM. */
    EXPECT_EQ(sys_irq_bind(2), -EINVAL);
    EXPECT_EQ(sys_ioport_grant(0x70, 0), -EINVAL);
    EXPECT_EQ(sys_mmio_map(FB_PHYS + 1, PAGE_SIZE, RW), -EINVAL);
}

TEST(UDEV0002, "ioport_grant of the CMOS ports; in/out then read the RTC's seconds")
{
    EXPECT_MODE("rtc-seconds", true, RT_EXITED(0));
}

TEST(UDEV0003, "a port outside the grant (0x80, or 0x71 with only 0x70) faults with SIGSEGV")
{
    EXPECT_MODE("port-80", true, RT_KILLED(SIGSEGV));
    EXPECT_MODE("port-71", true, RT_KILLED(SIGSEGV));
}

TEST(UDEV0004, "the kernel's ports are refused with -EBUSY; the failed grant grants nothing")
{
    static const struct {
        long base, count;
    } kept[] = {{0x20, 1}, {0x21, 1},  {0xA0, 1},  {0xA1, 1}, {0x40, 4},
                {0x43, 1}, {0x2F8, 8}, {0x2FF, 1}, {0xE9, 1}, {0x80, 0x6A}};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        CHECK(sys_ioport_grant(kept[i].base, kept[i].count) == -EBUSY,
              "ioport_grant(%#lx, %ld) did not fail with -EBUSY", kept[i].base, kept[i].count);
    /* 0x80..0xE9 was refused as a whole: 0x80 was not granted. */
    EXPECT_MODE("failed-grant", true, RT_KILLED(SIGSEGV));
    /* And not claimed: a child gets the free part of a refused range. */
    EXPECT_EQ(sys_ioport_grant(0x2F0, 0x10), -EBUSY);
    EXPECT_MODE("grant-2f0", true, RT_EXITED(0));
}

TEST(UDEV0005, "ports and device memory another live driver claimed: -EBUSY until it exits")
{
    long pid = spawn_ready("hold");
    CHECK(pid > 0, "the holding child did not get ready (%ld)", pid);
    long p1 = sys_ioport_grant(FREE_LO, 8);
    long p2 = sys_ioport_grant(FREE_LO + 7, 1);
    long m1 = sys_mmio_map(FB_PHYS, PAGE_SIZE, RW);
    end_child(pid);
    EXPECT_EQ(p1, -EBUSY);
    EXPECT_EQ(p2, -EBUSY);
    CHECK(m1 == -EBUSY || m1 == -EACCES, "mmio_map of a claimed range = %ld", m1);
    EXPECT_MODE("claim-again", true, RT_EXITED(0)); /* freed at its exit */
}

TEST(UDEV0006, "irq_bind(8) with the RTC's periodic interrupt: wait_many wakes, irq_ack re-arms")
{
    EXPECT_MODE("rtc-irq", true, RT_EXITED(0));
}

TEST(UDEV0007, "an IRQ line is bound once: -EBUSY for a second binder until closed or exited")
{
    long h = EXPECT_OK(sys_irq_bind(8));
    EXPECT_EQ(sys_irq_bind(8), -EBUSY);
    EXPECT_MODE("bind-8-busy", true, RT_EXITED(0));
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_MODE("bind-8-exit", true, RT_EXITED(0)); /* binds and exits without closing */
    h = EXPECT_OK(sys_irq_bind(8));                 /* freed by that exit */
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_EQ(sys_irq_bind(16), -EINVAL);
    EXPECT_EQ(sys_irq_bind(-1), -EINVAL);
    EXPECT_EQ(sys_irq_bind(3), -EBUSY); /* COM2: the harness channel, the kernel's */
}

TEST(UDEV0008, "mmio_map of the framebuffer: a pixel written reads back (or -EACCES)")
{
    int st = -1;
    long r = run_mode("fb", true, &st);
    EXPECT_OK(r);
    if (st == RT_EXITED(3)) {
        rt_log("kt_dev: UDEV0008: mmio_map(%#lx) = -EACCES: no framebuffer there", FB_PHYS);
        return;
    }
    CHECK(st == RT_EXITED(0), "child 'fb' status %#x (1: mmio_map failed, 2: pixel lost)", st);
}

TEST(UDEV0009, "mmio_map of RAM fails with -EACCES")
{
    EXPECT_EQ(sys_mmio_map(0x100000, PAGE_SIZE, RW), -EACCES);
    EXPECT_EQ(sys_mmio_map(0x1000, PAGE_SIZE, PROT_READ), -EACCES);
    EXPECT_EQ(sys_mmio_map(0x200000, 16 * PAGE_SIZE, RW), -EACCES);
    /* The last page of low RAM with the reserved page after it. */
    EXPECT_EQ(sys_mmio_map(0x9F000, 2 * PAGE_SIZE, RW), -EACCES);
}

TEST(UDEV0010, "without SPAWN_GRANT_IO: irq_bind, ioport_grant, mmio_map, spawn(GRANT) -EPERM")
{
    EXPECT_MODE("no-grant", false, RT_EXITED(0));
}

TEST(UDEV0011, "a child with the grant passes it on to its own child")
{
    EXPECT_MODE("grant-chain", true, RT_EXITED(0));
}

/* ---- what the children do ------------------------------------------------------------ */

static int rtc_seconds_child(void)
{
    if (sys_ioport_grant(CMOS_IDX, 2) != 0)
        return 1;
    int s = rtc_seconds();
    if (s < 0)
        return 2;
    uint64_t rt = rt_clock_ns(CLOCK_REALTIME_NS);
    if (rt == 0)
        return 3;
    int want = (int)((rt / 1000000000ULL) % 60);
    int diff = (s - want + 60) % 60;
    if (diff > 2 && diff < 58) {
        rt_log("kt_dev: RTC seconds %d, realtime clock says %d", s, want);
        return 4; /* not the clock the kernel read at boot */
    }
    return 0;
}

static int rtc_irq_child(void)
{
    if (sys_ioport_grant(CMOS_IDX, 2) != 0)
        return 1;
    uint8_t a = cmos_read(0x0A), b = cmos_read(0x0B);
    cmos_write(0x0A, (uint8_t)((a & 0xF0) | 0x0A)); /* rate 10: 64 Hz */
    cmos_read(0x0C);
    long h = sys_irq_bind(8);
    if (h < 0)
        return 2;
    cmos_write(0x0B, (uint8_t)(b | 0x40)); /* periodic interrupt on */
    int code = 0;
    uint64_t t0 = rt_now_ns();
    for (int i = 0; i < 6 && !code; i++) {
        struct wait_item it = {(int32_t)h, WAIT_READABLE, 0, 0};
        long r = sys_wait_many((long)&it, 1, 1000 * MS);
        if (r != 1 || it.revents != WAIT_READABLE) {
            rt_log("kt_dev: fire %d: wait_many = %ld, revents %u", i, r, it.revents);
            code = 3;
            break;
        }
        if (i == 0)
            t0 = rt_now_ns();
        if (!(cmos_read(0x0C) & 0x40)) /* the device says it was the periodic interrupt */
            code = 4;
        else if (sys_irq_ack(h) != 0)
            code = 5;
    }
    uint64_t d = rt_now_ns() - t0;
    /* Five more periods of 15.6 ms after the first fire. */
    if (!code && (d < 50 * MS || d > 2000 * MS)) {
        rt_log("kt_dev: 5 RTC periods at 64 Hz took %lu us", d / 1000);
        code = 6;
    }
    if (!code && sys_irq_bind(8) != -EBUSY)
        code = 7;
    cmos_write(0x0B, b);
    cmos_read(0x0C);
    cmos_write(0x0A, a);
    if (sys_handle_close(h) != 0 && !code)
        code = 8;
    long h2 = sys_irq_bind(8); /* closing freed the line */
    if (h2 < 0 && !code)
        code = 9;
    sys_handle_close(h2);
    return code;
}

static int fb_child(void)
{
    long a = sys_mmio_map(FB_PHYS, PAGE_SIZE, RW);
    if (a == -EACCES)
        return 3;
    if (a < 0)
        return 1;
    long b = sys_mmio_map(FB_PHYS, PAGE_SIZE, PROT_READ); /* the same driver maps it again */
    if (b < 0)
        return 1;
    volatile uint32_t *px = (volatile uint32_t *)(a + PAGE_SIZE - 4);
    volatile uint32_t *same = (volatile uint32_t *)(b + PAGE_SIZE - 4);
    uint32_t old = *px;
    *px = 0x00123456;
    uint32_t back = *px, other = *same;
    *px = old;
    return back == 0x00123456 && other == 0x00123456 ? 0 : 2;
}

static int no_grant_child(void)
{
    if (sys_irq_bind(8) != -EPERM)
        return 1;
    if (sys_ioport_grant(CMOS_IDX, 2) != -EPERM)
        return 2;
    if (sys_mmio_map(FB_PHYS, PAGE_SIZE, RW) != -EPERM)
        return 3;
    if (spawn_mode("grant-ok", true) != -EPERM)
        return 4;
    if (sys_irq_ack(0) != -EBADF) /* no handle: -EBADF, the only error irq_ack has */
        return 5;
    return 0;
}

static int grant_chain_child(void)
{
    int st = -1;
    long r = run_mode("grant-ok", true, &st);
    if (r < 0)
        return 1;
    return st == RT_EXITED(0) ? 0 : 2;
}

static int hold_child(void)
{
    if (sys_ioport_grant(FREE_LO, 8) != 0)
        return 1;
    long a = sys_mmio_map(FB_PHYS, PAGE_SIZE, RW);
    if (a < 0 && a != -EACCES)
        return 2;
    sys_kill(sys_getppid(), SIGUSR1);
    sys_sleep(10000 * MS); /* until killed */
    return 3;
}

static int claim_again_child(void)
{
    if (sys_ioport_grant(FREE_LO, 8) != 0)
        return 1;
    long a = sys_mmio_map(FB_PHYS, PAGE_SIZE, RW);
    return a >= 0 || a == -EACCES ? 0 : 2;
}

static int write_bootfs(void *arg)
{
    *(volatile char *)arg = 'x'; /* must fault: the boot image is read-only */
    return 0;
}

TEST(UDEV0012, "bootfs_map maps the boot image read-only: it starts with its magic")
{
    long a = sys_bootfs_map();
    CHECK(a > 0, "bootfs_map failed: %ld", a);
    EXPECT_EQ(memcmp((const void *)a, "CBIFS001", 8), 0);
    EXPECT_EQ(sys_mprotect(a & ~(long)(PAGE_SIZE - 1), PAGE_SIZE, PROT_READ | PROT_WRITE), -EACCES);
    EXPECT_FORK(write_bootfs, (void *)a, RT_KILLED(SIGSEGV));
}

static int child(int argc, char **argv)
{
    (void)argc;
    const char *mode = argv[1];
    if (strcmp(mode, "rtc-seconds") == 0)
        return rtc_seconds_child();
    if (strcmp(mode, "port-80") == 0) {
        if (sys_ioport_grant(CMOS_IDX, 2) != 0)
            return 1;
        (void)cmos_read(0x00); /* granted: works */
        (void)inb(0x80);       /* not granted: faults */
        return 2;
    }
    if (strcmp(mode, "port-71") == 0) {
        if (sys_ioport_grant(CMOS_IDX, 1) != 0)
            return 1;
        outb(CMOS_IDX, 0x00);
        (void)inb(CMOS_DAT);
        return 2;
    }
    if (strcmp(mode, "failed-grant") == 0) {
        if (sys_ioport_grant(0x80, 0x6A) != -EBUSY)
            return 1;
        (void)inb(0x80);
        return 2;
    }
    if (strcmp(mode, "grant-2f0") == 0)
        return sys_ioport_grant(0x2F0, 8) == 0 ? 0 : 1;
    if (strcmp(mode, "rtc-irq") == 0)
        return rtc_irq_child();
    if (strcmp(mode, "bind-8-busy") == 0)
        return sys_irq_bind(8) == -EBUSY ? 0 : 1;
    if (strcmp(mode, "bind-8-exit") == 0)
        return sys_irq_bind(8) >= 0 ? 0 : 1;
    if (strcmp(mode, "fb") == 0)
        return fb_child();
    if (strcmp(mode, "no-grant") == 0)
        return no_grant_child();
    if (strcmp(mode, "grant-chain") == 0)
        return grant_chain_child();
    if (strcmp(mode, "grant-ok") == 0)
        return sys_ioport_grant(FREE_LO, 1) == 0 ? 0 : 1;
    if (strcmp(mode, "hold") == 0)
        return hold_child();
    if (strcmp(mode, "claim-again") == 0)
        return claim_again_child();
    return 99;
}

KT_MAIN(child)
