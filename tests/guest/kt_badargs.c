/* kt_badargs: bad arguments to every call docs/syscalls.md marks done, each
 * asserting the exact error the spec gives: NULL, below-user, kernel-half,
 * non-canonical, unmapped, straddling and read-only pointers, huge or zero
 * lengths, invalid flags, clocks, signals and call numbers. Where a failing
 * call could have half-happened, the case also checks that it changed
 * nothing. Owns UBAD*. */
#include "kt.h"

#define LOW_PTR      0x1000UL             /* below USER_SPACE_BASE */
#define KERNEL_HALF  0xFFFF800000000000UL /* the direct map */
#define KERNEL_IMAGE 0xFFFFFFFF80100000UL
#define NONCANONICAL 0x0000800000000000UL /* USER_SPACE_TOP itself */
#define LAST_PAGE    0x00007FFFFFFFF000UL /* above the stack, never mapped */
#define FIXED_ADDR   0x0000510000000000UL
#define RW           (PROT_READ | PROT_WRITE)

/* In .rodata (read-only); read back through volatile so nothing is folded. */
static const int ro_word_c = 0x5a5a5a5a;
static const uint64_t ro_u64_c = 0x1122334455667788ULL;
#define ro_word (*(const volatile int *)&ro_word_c)
#define ro_u64  (*(const volatile uint64_t *)&ro_u64_c)

static volatile uint32_t futex_words[4];

/* A user address inside user space with nothing mapped: a page mapped and
 * unmapped again. Made afresh for each use: a later mmap may take the page. */
static uintptr_t unmapped(void)
{
    long r = sys_mmap_anon(0, PAGE_SIZE, RW, 0);
    if (r > 0 && sys_munmap(r, PAGE_SIZE) == 0)
        return (uintptr_t)r;
    return 0x0000300000000000UL; /* without mmap: a spot far from everything */
}

/* A mapped page followed by an unmapped one (made afresh for each use, as
 * above); returns the mapped page. */
static unsigned char *edge(void)
{
    long r = sys_mmap_anon(0, 2 * PAGE_SIZE, RW, 0);
    if (r > 0 && sys_munmap(r + PAGE_SIZE, PAGE_SIZE) == 0)
        return (unsigned char *)r;
    return NULL;
}

#define NEED_EDGE()                                                                                \
    unsigned char *e = edge();                                                                     \
    CHECK(e != NULL, "mmap_anon/munmap failed: cannot make a page next to an unmapped one")

/* A child that has exited and not been reaped yet (kt_tiny exits 42). */
static long exited_child(void)
{
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    return rt_spawn("bin/kt_tiny", argv, envp);
}

/* ---- debug_write ----------------------------------------------------------- */

static const char msg[] = "kt_badargs: this line must not be written";

TEST(UBAD0001, "debug_write with a NULL buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(0, 5, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(0, 5, 1), -EFAULT);
}

TEST(UBAD0002, "debug_write with a buffer below 0x200000 fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(LOW_PTR, 5, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(USER_SPACE_BASE - 4, 8, 0), -EFAULT); /* starts just below */
}

TEST(UBAD0003, "debug_write with a kernel-half buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(KERNEL_HALF, 16, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(KERNEL_IMAGE, 16, 0), -EFAULT);
}

TEST(UBAD0004, "debug_write with a non-canonical buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(NONCANONICAL, 16, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(0x8000000000000000L, 16, 0), -EFAULT);
}

TEST(UBAD0005, "debug_write with an unmapped user buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(unmapped(), 16, 0), -EFAULT);
}

TEST(UBAD0006, "debug_write with a buffer running into an unmapped page fails with -EFAULT")
{
    NEED_EDGE();
    memset(e + PAGE_SIZE - 8, 'x', 8);
    EXPECT_EQ(sys_debug_write((long)(e + PAGE_SIZE - 8), 16, 0), -EFAULT);
}

TEST(UBAD0007, "debug_write with a buffer crossing the top of user space fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(USER_SPACE_TOP - 16, 32, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(-16L, 32, 0), -EFAULT); /* wraps around 2^64 */
}

TEST(UBAD0008, "debug_write to a channel other than 0 or 1 fails with -EINVAL")
{
    EXPECT_EQ(sys_debug_write((long)msg, sizeof msg - 1, 2), -EINVAL);
    EXPECT_EQ(sys_debug_write((long)msg, sizeof msg - 1, -1), -EINVAL);
    EXPECT_EQ(sys_debug_write((long)msg, sizeof msg - 1, 0x100000000L), -EINVAL);
}

TEST(UBAD0009, "debug_write of more than 4096 bytes fails with -EMSGSIZE")
{
    static char big[8192];
    memset(big, 'y', sizeof big);
    EXPECT_EQ(sys_debug_write((long)big, DEBUG_WRITE_MAX + 1, 0), -EMSGSIZE);
    EXPECT_EQ(sys_debug_write((long)big, sizeof big, 0), -EMSGSIZE);
    EXPECT_EQ(sys_debug_write((long)big, DEBUG_WRITE_MAX + 1, 1), -EMSGSIZE);
}

TEST(UBAD0010, "debug_write of 0 bytes returns 0")
{
    EXPECT_EQ(sys_debug_write((long)msg, 0, 0), 0);
}

/* ---- spawn ------------------------------------------------------------------ */

static const char *const tiny_argv[] = {"bin/kt_tiny", NULL};
static const char *const no_env[] = {NULL};

static long spawn_raw(long path, long len, long argv, long envp, long flags)
{
    long r = sys_spawn(path, len, argv, envp, flags);
    if (r >= 0) /* should not happen: reap it so it does not linger */
        rt_wait(r, NULL, 0);
    return r;
}

#define TINY     ((long)"bin/kt_tiny")
#define TINY_LEN 11
#define ARGV     ((long)tiny_argv)
#define ENVP     ((long)no_env)

TEST(UBAD0011, "spawn with a NULL path fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(0, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
}

TEST(UBAD0012, "spawn with a kernel-half, non-canonical or low path fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(KERNEL_HALF, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(KERNEL_IMAGE, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(NONCANONICAL, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(LOW_PTR, TINY_LEN, ARGV, ENVP, 0), -EFAULT);
}

TEST(UBAD0013, "spawn with an unmapped or straddling path fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(unmapped(), TINY_LEN, ARGV, ENVP, 0), -EFAULT);
    NEED_EDGE();
    memcpy(e + PAGE_SIZE - 4, "bin/", 4); /* "bin/" then the unmapped page */
    EXPECT_EQ(spawn_raw((long)(e + PAGE_SIZE - 4), TINY_LEN, ARGV, ENVP, 0), -EFAULT);
}

TEST(UBAD0014, "spawn with path_len 0, 256 or negative fails with -EINVAL")
{
    static char long_path[300];
    memset(long_path, 'a', sizeof long_path);
    EXPECT_EQ(spawn_raw(TINY, 0, ARGV, ENVP, 0), -EINVAL);
    EXPECT_EQ(spawn_raw((long)long_path, SPAWN_PATH_MAX + 1, ARGV, ENVP, 0), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, -1, ARGV, ENVP, 0), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, 0x100000000L + TINY_LEN, ARGV, ENVP, 0), -EINVAL);
}

TEST(UBAD0015, "spawn with unknown flags fails with -EINVAL")
{
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, 2), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, 0x80000000L), -EINVAL);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, -1), -EINVAL);
}

TEST(UBAD0016, "spawn with an argv array pointer that is bad fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, KERNEL_HALF, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, NONCANONICAL, ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)unmapped(), ENVP, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, LOW_PTR, ENVP, 0), -EFAULT);
}

TEST(UBAD0017, "spawn with an argv string pointer that is bad fails with -EFAULT")
{
    const char *argv[] = {"bin/kt_tiny", NULL, NULL};
    argv[1] = (const char *)KERNEL_HALF;
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
    argv[1] = (const char *)unmapped();
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
    argv[1] = (const char *)NONCANONICAL;
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
}

TEST(UBAD0018, "spawn with a bad envp array or envp string fails with -EFAULT")
{
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, KERNEL_HALF, 0), -EFAULT);
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, (long)unmapped(), 0), -EFAULT);
    const char *envp[] = {"A=1", (const char *)KERNEL_IMAGE, NULL};
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, (long)envp, 0), -EFAULT);
}

TEST(UBAD0019, "spawn with an argv string that runs into an unmapped page fails with -EFAULT")
{
    NEED_EDGE();
    memset(e + PAGE_SIZE - 8, 'z', 8); /* no NUL before the unmapped page */
    const char *argv[] = {"bin/kt_tiny", (const char *)(e + PAGE_SIZE - 8), NULL};
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)argv, ENVP, 0), -EFAULT);
}

TEST(UBAD0020, "spawn with an argv array that runs into an unmapped page fails with -EFAULT")
{
    NEED_EDGE();
    const char **arr = (const char **)(e + PAGE_SIZE - 2 * sizeof(char *));
    arr[0] = "bin/kt_tiny";
    arr[1] = "no-NULL-after-me";
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, (long)arr, ENVP, 0), -EFAULT);
}

TEST(UBAD0021, "the failed spawns above left no child behind")
{
    int st = -1;
    EXPECT_EQ(rt_wait(-1, &st, WAIT_NOHANG), -ECHILD);
}

/* ---- wait ------------------------------------------------------------------- */

/* wait(pid, bad) must fail with `err` and leave the child to be reaped. */
static void wait_bad_ptr(long bad, long err)
{
    long pid = exited_child();
    if (pid < 0) {
        char b[32];
        KT_FAIL("spawn(bin/kt_tiny) = %s", rt_fmt_result(b, sizeof b, pid));
        return;
    }
    /* A blocking wait: once the child has exited there is a status to store,
     * and storing it must fail without reaping the child. */
    long r = rt_wait(pid, (int *)bad, 0);
    if (r != err) {
        char g[32], w[32];
        KT_FAIL("wait(%ld, %#lx) = %s, expected %s", pid, (unsigned long)bad,
                rt_fmt_result(g, sizeof g, r), rt_fmt_result(w, sizeof w, err));
        if (r == pid)
            return; /* it reaped: nothing left to check */
    }
    int st = -1;
    r = rt_wait(pid, &st, 0);
    if (r != pid || st != RT_EXITED(42)) {
        char b[32], s[48];
        KT_FAIL("after the failed wait, wait(%ld) = %s with %s: the child should still be there",
                pid, rt_fmt_result(b, sizeof b, r), rt_fmt_status(s, sizeof s, st));
    }
}

TEST(UBAD0022, "wait with a kernel-half status pointer fails with -EFAULT, child kept")
{
    wait_bad_ptr(KERNEL_HALF, -EFAULT);
}

TEST(UBAD0023, "wait with an unmapped status pointer fails with -EFAULT, child kept")
{
    wait_bad_ptr(unmapped(), -EFAULT);
}

TEST(UBAD0024, "wait with a read-only status pointer fails with -EFAULT, child kept")
{
    wait_bad_ptr((long)&ro_word, -EFAULT);
    EXPECT_EQ(ro_word, 0x5a5a5a5a);
}

TEST(UBAD0025, "wait with options other than 0 or 1 fails with -EINVAL, child kept")
{
    long pid = EXPECT_OK(exited_child());
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 2), -EINVAL);
    EXPECT_EQ(rt_wait(pid, &st, -1), -EINVAL);
    EXPECT_EQ(rt_wait(pid, &st, 0x100000001L), -EINVAL);
    EXPECT_EQ(st, -1);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(42));
}

TEST(UBAD0026, "wait stores a 32-bit int: the bytes around it stay untouched")
{
    long pid = EXPECT_OK(exited_child());
    static volatile uint32_t box[3] = {0xAAAAAAAA, 0xBBBBBBBB, 0xCCCCCCCC};
    EXPECT_EQ(rt_wait(pid, (int *)&box[1], 0), pid);
    EXPECT_EQ(box[0], 0xAAAAAAAA);
    EXPECT_EQ(box[1], RT_EXITED(42));
    EXPECT_EQ(box[2], 0xCCCCCCCC);
}

TEST(UBAD0027, "wait with a status pointer straddling an unmapped page: -EFAULT, nothing stored")
{
    NEED_EDGE();
    long pid = EXPECT_OK(exited_child());
    volatile unsigned char *p = e + PAGE_SIZE - 2;
    p[0] = 0x11, p[1] = 0x22;
    EXPECT_EQ(rt_wait(pid, (int *)(uintptr_t)p, 0), -EFAULT);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), pid); /* the child was not reaped */
    CHECK(p[0] == 0x11 && p[1] == 0x22, "the failed wait wrote half its status (%#x %#x)", p[0],
          p[1]);
}

/* ---- kill ------------------------------------------------------------------- */

TEST(UBAD0028, "kill with a signal outside 1..64 fails with -EINVAL and kills nothing")
{
    long pid = EXPECT_OK(kt_spawn_self("sleep", "")); /* alive for 5 s */
    EXPECT_EQ(sys_kill(pid, 0), -EINVAL);
    EXPECT_EQ(sys_kill(pid, 65), -EINVAL);
    EXPECT_EQ(sys_kill(pid, -1), -EINVAL);
    EXPECT_EQ(sys_kill(pid, 0x100000009L), -EINVAL);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN);
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
}

TEST(UBAD0029, "kill of a pid nobody has fails with -ESRCH")
{
    EXPECT_EQ(sys_kill(999999, SIGTERM), -ESRCH);
    EXPECT_EQ(sys_kill(0x7fffffffL, SIGKILL), -ESRCH);
}

/* ---- clock_get -------------------------------------------------------------- */

TEST(UBAD0030, "clock_get of a clock other than 0 or 1 fails with -EINVAL")
{
    uint64_t t = 7;
    EXPECT_EQ(sys_clock_get(2, (long)&t), -EINVAL);
    EXPECT_EQ(sys_clock_get(-1, (long)&t), -EINVAL);
    EXPECT_EQ(sys_clock_get(0x100000000L, (long)&t), -EINVAL);
    EXPECT_EQ(t, 7);
}

TEST(UBAD0031, "clock_get with a NULL, low, kernel or unmapped pointer fails with -EFAULT")
{
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, 0), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, LOW_PTR), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, KERNEL_HALF), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_REALTIME_NS, KERNEL_IMAGE), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, NONCANONICAL), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)unmapped()), -EFAULT);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, USER_SPACE_TOP - 4), -EFAULT);
}

TEST(UBAD0032, "clock_get into read-only memory fails with -EFAULT and writes nothing")
{
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)&ro_u64), -EFAULT);
    EXPECT_EQ(ro_u64, 0x1122334455667788ULL);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)(void *)sys_null), -EFAULT); /* code */
}

TEST(UBAD0033, "clock_get straddling an unmapped page fails with -EFAULT and writes nothing")
{
    NEED_EDGE();
    volatile uint32_t *half = (volatile uint32_t *)(e + PAGE_SIZE - 4);
    *half = 0xDEADBEEF;
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)half), -EFAULT);
    EXPECT_EQ(*half, 0xDEADBEEF);
}

TEST(UBAD0034, "clock_get to a misaligned (but valid) pointer works")
{
    static unsigned char buf[16];
    memset(buf, 0, sizeof buf);
    EXPECT_EQ(sys_clock_get(CLOCK_MONOTONIC_NS, (long)(buf + 3)), 0);
    uint64_t t;
    memcpy(&t, buf + 3, 8);
    CHECK(t > 0, "nothing stored at the misaligned pointer");
    EXPECT_EQ(buf[2], 0);
    EXPECT_EQ(buf[11], 0);
}

/* ---- mmap_anon ---------------------------------------------------------- */

TEST(UBAD0035, "mmap_anon with length 0 fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(0, 0, RW, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR, 0, RW, MAP_FIXED_ADDR), -EINVAL);
}

TEST(UBAD0036, "mmap_anon with unknown prot bits or write+exec fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, 8, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, PROT_READ | 0x100, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, -1, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, PROT_WRITE | PROT_EXEC, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, 7, 0), -EINVAL);
}

TEST(UBAD0037, "mmap_anon with unknown flags fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, RW, 2), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, RW, -1), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR, PAGE_SIZE, RW, MAP_FIXED_ADDR | 0x10), -EINVAL);
}

TEST(UBAD0038, "mmap_anon fixed at a misaligned address fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR + 1, PAGE_SIZE, RW, MAP_FIXED_ADDR), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR + 0x800, PAGE_SIZE, RW, MAP_FIXED_ADDR), -EINVAL);
}

TEST(UBAD0039, "mmap_anon of a length no address space holds fails with -ENOMEM")
{
    EXPECT_EQ(sys_mmap_anon(0, 1L << 47, RW, 0), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(0, 1L << 62, RW, 0), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(0, -1L, RW, 0), -ENOMEM); /* rounding up wraps to 0 */
    EXPECT_EQ(sys_mmap_anon(0, -4096L - 1, RW, 0), -ENOMEM);
}

TEST(UBAD0040, "mmap_anon fixed outside user space fails with -ENOMEM (as POSIX)")
{
    EXPECT_EQ(sys_mmap_anon(LAST_PAGE, 2 * PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(KERNEL_HALF, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(LOW_PTR, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
}

TEST(UBAD0041, "mmap_anon fixed over the program image fails with -EEXIST")
{
    EXPECT_EQ(sys_mmap_anon(0x400000, PAGE_SIZE, RW, MAP_FIXED_ADDR), -EEXIST);
}

/* ---- munmap ------------------------------------------------------------------ */

TEST(UBAD0042, "munmap at a misaligned address fails with -EINVAL")
{
    long p = EXPECT_OK(sys_mmap_anon(0, 2 * PAGE_SIZE, RW, 0));
    *(volatile char *)p = 1;
    EXPECT_EQ(sys_munmap(p + 1, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(p + 0x800, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(*(volatile char *)p, 1); /* still mapped */
    EXPECT_EQ(sys_munmap(p, 2 * PAGE_SIZE), 0);
}

TEST(UBAD0043, "munmap with length 0 fails with -EINVAL")
{
    long p = EXPECT_OK(sys_mmap_anon(0, PAGE_SIZE, RW, 0));
    EXPECT_EQ(sys_munmap(p, 0), -EINVAL);
    EXPECT_EQ(sys_munmap(p, PAGE_SIZE), 0);
}

TEST(UBAD0044, "munmap of a range outside user space fails with -EINVAL")
{
    EXPECT_EQ(sys_munmap(KERNEL_HALF, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(KERNEL_IMAGE, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(NONCANONICAL, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(LOW_PTR, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(0, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(LAST_PAGE, 2 * PAGE_SIZE), -EINVAL); /* runs past the top */
    EXPECT_EQ(sys_munmap(FIXED_ADDR, 1L << 62), -EINVAL);
    EXPECT_EQ(sys_munmap(FIXED_ADDR, -4096L), -EINVAL); /* wraps around */
}

/* ---- set_fs_base ------------------------------------------------------------- */

TEST(UBAD0046, "set_fs_base with a non-user address fails with -EINVAL; 0 is allowed")
{
    static struct {
        void *self;
    } tls = {&tls};
    EXPECT_EQ(sys_set_fs_base(0), 0);
    EXPECT_EQ(sys_set_fs_base((long)&tls), 0);
    EXPECT_EQ(sys_set_fs_base(LOW_PTR), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(NONCANONICAL), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(0x8000000000000000L), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(KERNEL_IMAGE), -EINVAL);
    EXPECT_EQ(rt_fs_self(), (uintptr_t)&tls); /* unchanged by the failures */
}

/* ---- thread_create ----------------------------------------------------------- */

void thread_ret_entry(void);
__asm__(".text\n.globl thread_ret_entry\nthread_ret_entry:\n"
        "  xor %edi, %edi\n mov $16, %eax\n syscall\n ud2\n");

TEST(UBAD0047, "thread_create with a NULL, kernel or non-canonical entry fails with -EINVAL")
{
    char *top = rt_stack_alloc(PAGE_SIZE * 4);
    CHECK(top != NULL, "mmap_anon failed");
    EXPECT_EQ(sys_thread_create(0, (long)top, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(KERNEL_IMAGE, (long)top, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(KERNEL_HALF, (long)top, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(NONCANONICAL, (long)top, 0, 0, 0), -EINVAL);
}

TEST(UBAD0048, "thread_create with a kernel or non-canonical stack fails with -EINVAL")
{
    EXPECT_EQ(sys_thread_create((long)thread_ret_entry, KERNEL_HALF, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create((long)thread_ret_entry, KERNEL_IMAGE, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create((long)thread_ret_entry, NONCANONICAL + PAGE_SIZE, 0, 0, 0),
              -EINVAL);
}

TEST(UBAD0056, "thread_create with a non-user fs_base fails with -EINVAL")
{
    char *top = rt_stack_alloc(PAGE_SIZE * 4);
    CHECK(top != NULL, "mmap_anon failed");
    long e = (long)thread_ret_entry;
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, NONCANONICAL, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, KERNEL_HALF, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, LOW_PTR, 0), -EINVAL);
}

TEST(UBAD0057, "thread_create with a misaligned or non-user clear_tid_ptr fails with -EINVAL")
{
    char *top = rt_stack_alloc(PAGE_SIZE * 4);
    CHECK(top != NULL, "mmap_anon failed");
    long e = (long)thread_ret_entry;
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, (long)&futex_words[1] + 1), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, (long)&futex_words[1] + 2), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, NONCANONICAL), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, LOW_PTR), -EINVAL);
}

/* ---- futex ------------------------------------------------------------------- */

TEST(UBAD0049, "futex_wait on a misaligned address fails with -EINVAL")
{
    long base = (long)&futex_words[1];
    EXPECT_EQ(sys_futex_wait(base + 1, 0, 0), -EINVAL);
    EXPECT_EQ(sys_futex_wait(base + 2, 0, 1 * MS), -EINVAL);
    EXPECT_EQ(sys_futex_wait(base + 3, 0, 0), -EINVAL);
}

TEST(UBAD0050, "futex_wait on a NULL, kernel, non-canonical or unmapped word fails with -EFAULT")
{
    EXPECT_EQ(sys_futex_wait(0, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(LOW_PTR, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(KERNEL_HALF, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(KERNEL_IMAGE, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait(NONCANONICAL, 0, 1 * MS), -EFAULT);
    EXPECT_EQ(sys_futex_wait((long)unmapped(), 0, 1 * MS), -EFAULT);
}

TEST(UBAD0051, "futex_wake on a misaligned or non-user address fails with -EINVAL")
{
    long base = (long)&futex_words[1];
    EXPECT_EQ(sys_futex_wake(base + 1, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(base + 2, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(0, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(LOW_PTR, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(KERNEL_HALF, 1), -EINVAL);
    EXPECT_EQ(sys_futex_wake(NONCANONICAL, 1), -EINVAL);
}

TEST(UBAD0058, "futex_wait compares only the low 32 bits of expected (as Linux, for musl)")
{
    futex_words[2] = 0;
    EXPECT_EQ(sys_futex_wait((long)&futex_words[2], 0x100000000L, 1 * MS), -ETIMEDOUT);
    EXPECT_EQ(sys_futex_wait((long)&futex_words[2], 0x100000001L, 1 * MS), -EAGAIN);
    futex_words[2] = 0xFFFFFFFFu;
    EXPECT_EQ(sys_futex_wait((long)&futex_words[2], -1L, 1 * MS), -ETIMEDOUT);
}

TEST(UBAD0052, "futex_wake with count 0 wakes nobody and returns 0")
{
    EXPECT_EQ(sys_futex_wake((long)&futex_words[0], 0), 0);
}

/* ---- call numbers -------------------------------------------------------- */

TEST(UBAD0053, "unknown call numbers fail with -ENOSYS")
{
    EXPECT_EQ(rt_syscall0(999), -ENOSYS);
    EXPECT_EQ(rt_syscall0(SYS_COUNT), -ENOSYS);
    EXPECT_EQ(rt_syscall0(-1), -ENOSYS);
    EXPECT_EQ(rt_syscall0(0x7fffffffffffffffL), -ENOSYS);
    EXPECT_EQ(rt_syscall0(0x8000000000000000L), -ENOSYS);
}

TEST(UBAD0054, "a number whose low 32 bits name a call (2^32 + 3) fails with -ENOSYS")
{
    EXPECT_EQ(rt_syscall0(0x100000000L + SYS_getpid), -ENOSYS);
    EXPECT_EQ(rt_syscall0(0x100000000L + SYS_null), -ENOSYS);
}

/* UBAD0055 (every planned call returns -ENOSYS) retired: no call is planned any more. */

TEST(UBAD0083, "mprotect with length 0, misaligned, unknown bits or write+exec fails with -EINVAL")
{
    long p = sys_mmap_anon(0, PAGE_SIZE, RW, 0);
    CHECK(p > 0, "mmap_anon failed: %ld", p);
    EXPECT_EQ(sys_mprotect(p, 0, PROT_READ), -EINVAL);
    EXPECT_EQ(sys_mprotect(p + 1, PAGE_SIZE, PROT_READ), -EINVAL);
    EXPECT_EQ(sys_mprotect(p, PAGE_SIZE, 8), -EINVAL);
    EXPECT_EQ(sys_mprotect(p, PAGE_SIZE, PROT_WRITE | PROT_EXEC), -EINVAL);
    EXPECT_EQ(sys_munmap(p, PAGE_SIZE), 0);
}

TEST(UBAD0084, "mprotect of unmapped, kernel or non-canonical ranges fails with -ENOMEM")
{
    EXPECT_EQ(sys_mprotect((long)unmapped(), PAGE_SIZE, PROT_READ), -ENOMEM);
    EXPECT_EQ(sys_mprotect(KERNEL_HALF, PAGE_SIZE, PROT_READ), -ENOMEM);
    EXPECT_EQ(sys_mprotect(NONCANONICAL, PAGE_SIZE, PROT_READ), -ENOMEM);
    EXPECT_EQ(sys_mprotect(USER_SPACE_TOP - PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ), -ENOMEM);
}

TEST(UBAD0085, "mprotect cannot make a read-only shared mapping writable (-EACCES)")
{
    long h = sys_shm_create(PAGE_SIZE);
    CHECK(h >= 0, "shm_create failed: %ld", h);
    long ro = sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP);
    CHECK(ro >= 0, "handle_dup failed: %ld", ro);
    long p = sys_shm_map(ro, 0, PROT_READ);
    CHECK(p > 0, "shm_map failed: %ld", p);
    EXPECT_EQ(sys_mprotect(p, PAGE_SIZE, PROT_READ | PROT_WRITE), -EACCES);
    EXPECT_EQ(sys_shm_unmap(p), 0);
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0086, "timer_set with a bad or wrong-type handle fails with -EBADF, a bare period -EINVAL")
{
    EXPECT_EQ(sys_timer_set(-1, 0, 0), -EBADF);
    EXPECT_EQ(sys_timer_set(255, 0, 0), -EBADF);
    long shm = sys_shm_create(PAGE_SIZE);
    CHECK(shm >= 0, "shm_create failed: %ld", shm);
    EXPECT_EQ(sys_timer_set(shm, 0, 0), -EBADF);
    long t = sys_timer_create();
    CHECK(t >= 0, "timer_create failed: %ld", t);
    EXPECT_EQ(sys_timer_set(t, 0, 1000), -EINVAL);
    EXPECT_EQ(sys_timer_set(t, -1L, 1000), -EINVAL);
    EXPECT_EQ(sys_handle_close(t), 0);
    EXPECT_EQ(sys_handle_close(shm), 0);
}

TEST(UBAD0087, "thread_kill: a bad signal is -EINVAL, another process's or no thread -ESRCH")
{
    EXPECT_EQ(sys_thread_kill(sys_gettid(), 65), -EINVAL);
    EXPECT_EQ(sys_thread_kill(sys_gettid(), -1), -EINVAL);
    EXPECT_EQ(sys_thread_kill(999999, 0), -ESRCH);
    EXPECT_EQ(sys_thread_kill(-1, 0), -ESRCH);
    EXPECT_EQ(sys_thread_kill(1, 0), -ESRCH); /* tid 1 is ktest's thread: another process */
}

TEST(UBAD0088, "handle_dup_to: bad handles or targets -EBADF, more rights -EPERM")
{
    long h = sys_shm_create(PAGE_SIZE);
    CHECK(h >= 0, "shm_create failed: %ld", h);
    EXPECT_EQ(sys_handle_dup_to(-1, 10, 0), -EBADF);
    EXPECT_EQ(sys_handle_dup_to(255, 10, 0), -EBADF);
    EXPECT_EQ(sys_handle_dup_to(h, 256, 0), -EBADF);
    EXPECT_EQ(sys_handle_dup_to(h, -1, 0), -EBADF);
    long ro = sys_handle_dup(h, HANDLE_RIGHT_READ);
    CHECK(ro >= 0, "handle_dup failed: %ld", ro);
    EXPECT_EQ(sys_handle_dup_to(ro, 200, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE), -EPERM);
    EXPECT_EQ(sys_handle_dup_to(h, 200, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP), 200);
    EXPECT_EQ(sys_handle_dup_to(h, h, 0), h); /* same slot: nothing changes */
    /* 200 now names the object with READ|MAP: mapping it read-only works. */
    long p = sys_shm_map(200, 0, PROT_READ);
    CHECK(p > 0, "shm_map through the duplicate failed: %ld", p);
    EXPECT_EQ(sys_shm_unmap(p), 0);
    /* dup_to over an open slot closes what was there. */
    EXPECT_EQ(sys_handle_dup_to(ro, 200, 0), 200);
    EXPECT_EQ(sys_shm_map(200, 0, PROT_READ), -EACCES); /* rights 0 now */
    EXPECT_EQ(sys_handle_close(200), 0);
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0089,
     "set_clear_tid with a misaligned, kernel or non-canonical address fails with -EINVAL")
{
    EXPECT_EQ(sys_set_clear_tid((long)&futex_words[1] + 1), -EINVAL);
    EXPECT_EQ(sys_set_clear_tid(KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_set_clear_tid(NONCANONICAL), -EINVAL);
    EXPECT_EQ(sys_set_clear_tid(0), sys_gettid());
}

TEST(UBAD0090, "fcall: code 0 -EINVAL, bad buffer -EFAULT, non-file handle -EBADF")
{
    long h = sys_shm_create(PAGE_SIZE);
    CHECK(h >= 0, "shm_create failed: %ld", h);
    char buf[16];
    EXPECT_EQ(sys_fcall(-1, FCALL_SEEK, 0, 0, (long)buf, sizeof buf), -EBADF);
    EXPECT_EQ(sys_fcall(h, FCALL_SEEK, 0, 0, (long)buf, sizeof buf), -EBADF);
    EXPECT_EQ(sys_fcall(h, 0, 0, 0, (long)buf, sizeof buf), -EINVAL);
    EXPECT_EQ(sys_fcall(h, FCALL_SEEK, 0, 0, KERNEL_HALF, 16), -EFAULT);
    EXPECT_EQ(sys_fcall(h, FCALL_SEEK, 0, 0, (long)buf, (16L << 20) + 1), -EINVAL);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0059, "spawn with SPAWN_GRANT_IO from a process that may not do I/O: -EPERM")
{
    /* ktest spawned us without SPAWN_GRANT_IO. */
    EXPECT_EQ(spawn_raw(TINY, TINY_LEN, ARGV, ENVP, SPAWN_GRANT_IO), -EPERM);
}

/* ---- handles -------------------------------------------------------------- */

TEST(UBAD0060, "handle_close of a handle never opened fails with -EBADF")
{
    /* A spawned process starts with no handles (they are not inherited). */
    EXPECT_EQ(sys_handle_close(0), -EBADF);
    EXPECT_EQ(sys_handle_close(5), -EBADF);
    EXPECT_EQ(sys_handle_close(-1), -EBADF);
    EXPECT_EQ(sys_handle_close(1L << 40), -EBADF);
}

TEST(UBAD0061, "handle_close twice: the second fails with -EBADF")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_EQ(sys_handle_close(h), -EBADF);
}

TEST(UBAD0062, "handle_dup of an unknown handle fails with -EBADF")
{
    EXPECT_EQ(sys_handle_dup(-1, HANDLE_RIGHT_READ), -EBADF);
    EXPECT_EQ(sys_handle_dup(4000, HANDLE_RIGHT_READ), -EBADF);
}

TEST(UBAD0063, "handle_dup asking for rights the handle lacks fails with -EPERM")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long ro = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP));
    EXPECT_EQ(sys_handle_dup(ro, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE), -EPERM);
    EXPECT_EQ(sys_handle_dup(ro, 8), -EPERM); /* a right that does not exist */
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

/* ---- exec: fails as spawn does, and the caller goes on --------------------- */

TEST(UBAD0064, "exec with bad arguments fails like spawn and the caller runs on")
{
    const char *motd_argv[] = {"etc/motd", NULL};
    EXPECT_EQ(sys_exec(0, TINY_LEN, ARGV, ENVP), -EFAULT);
    EXPECT_EQ(sys_exec(KERNEL_HALF, TINY_LEN, ARGV, ENVP), -EFAULT);
    EXPECT_EQ(sys_exec(TINY, 0, ARGV, ENVP), -EINVAL);
    EXPECT_EQ(sys_exec((long)"bin/none", 8, ARGV, ENVP), -ENOENT);
    EXPECT_EQ(sys_exec((long)"etc/motd", 8, (long)motd_argv, ENVP), -ENOEXEC);
    EXPECT_EQ(sys_exec((long)"bin/bad/wx", 10, ARGV, ENVP), -ENOEXEC);
    EXPECT_EQ(sys_exec(TINY, TINY_LEN, KERNEL_HALF, ENVP), -EFAULT);
    EXPECT_EQ(sys_exec(TINY, TINY_LEN, ARGV, KERNEL_HALF), -EFAULT);
}

/* ---- signals --------------------------------------------------------------- */

static struct cobalt_sigaction act_of(uint64_t handler, uint64_t flags)
{
    struct cobalt_sigaction a = {handler, flags, 0, 0};
    return a;
}

TEST(UBAD0065, "sigaction of a signal outside 1..64 fails with -EINVAL")
{
    struct cobalt_sigaction a = act_of(COBALT_SIG_IGN, 0);
    EXPECT_EQ(sys_sigaction(0, (long)&a, 0), -EINVAL);
    EXPECT_EQ(sys_sigaction(65, (long)&a, 0), -EINVAL);
    EXPECT_EQ(sys_sigaction(-1, (long)&a, 0), -EINVAL);
}

TEST(UBAD0066, "sigaction changing SIGKILL or SIGSTOP fails with -EINVAL")
{
    struct cobalt_sigaction a = act_of(COBALT_SIG_IGN, 0);
    EXPECT_EQ(sys_sigaction(SIGKILL, (long)&a, 0), -EINVAL);
    EXPECT_EQ(sys_sigaction(SIGSTOP, (long)&a, 0), -EINVAL);
}

TEST(UBAD0067, "sigaction with unknown flags or a handler without a restorer: -EINVAL")
{
    struct cobalt_sigaction a = act_of(COBALT_SIG_IGN, 0x1);
    EXPECT_EQ(sys_sigaction(SIGUSR1, (long)&a, 0), -EINVAL);
    a = act_of((uint64_t)(uintptr_t)thread_ret_entry, 0); /* a handler, no SA_RESTORER */
    EXPECT_EQ(sys_sigaction(SIGUSR1, (long)&a, 0), -EINVAL);
}

TEST(UBAD0068, "sigaction with a bad act or oldact pointer: -EFAULT, the action unchanged")
{
    struct cobalt_sigaction ign = act_of(COBALT_SIG_IGN, 0), dfl = act_of(COBALT_SIG_DFL, 0), old;
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&ign, 0), 0);
    EXPECT_EQ(sys_sigaction(SIGUSR2, KERNEL_HALF, 0), -EFAULT);
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)unmapped(), 0), -EFAULT);
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&dfl, KERNEL_HALF), -EFAULT);
    memset(&old, 0x5a, sizeof old);
    EXPECT_EQ(sys_sigaction(SIGUSR2, 0, (long)&old), 0); /* query */
    EXPECT_EQ(old.handler, COBALT_SIG_IGN);
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&dfl, 0), 0);
}

TEST(UBAD0069, "sigprocmask with a bad how or pointer fails, the mask unchanged")
{
    uint64_t set = 1ULL << (SIGUSR1 - 1), old = 0;
    EXPECT_EQ(sys_sigprocmask(3, (long)&set, 0), -EINVAL);
    EXPECT_EQ(sys_sigprocmask(-1, (long)&set, 0), -EINVAL);
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, KERNEL_HALF, 0), -EFAULT);
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, (long)&set, KERNEL_HALF), -EFAULT);
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, (long)&set, (long)&ro_u64_c), -EFAULT);
    uint64_t none = 0;
    EXPECT_EQ(sys_sigprocmask(SIG_BLOCK, (long)&none, (long)&old), 0);
    EXPECT_EQ(old, 0); /* nothing got blocked by the failed calls */
}

TEST(UBAD0070, "sigreturn with an unreadable frame ends the process with SIGSEGV")
{
    EXPECT_CHILD("sigreturn", "", RT_KILLED(SIGSEGV));
}

/* ---- schemes ------------------------------------------------------------- */

#define REGISTER(name) sys_scheme_register((long)(name), (long)strlen(name))

TEST(UBAD0071, "scheme_register with a bad name fails with -EINVAL or -EFAULT")
{
    EXPECT_EQ(sys_scheme_register((long)"x", 0), -EINVAL);
    EXPECT_EQ(REGISTER("abcdefghijklmnopqrstuvwxyz012345"), -EINVAL); /* 32 characters */
    EXPECT_EQ(REGISTER("Upper"), -EINVAL);
    EXPECT_EQ(REGISTER("a/b"), -EINVAL);
    EXPECT_EQ(REGISTER("a:b"), -EINVAL);
    EXPECT_EQ(sys_scheme_register(KERNEL_HALF, 5), -EFAULT);
    EXPECT_EQ(sys_scheme_register((long)unmapped(), 5), -EFAULT);
}

TEST(UBAD0072, "scheme_register of a name already taken fails with -EEXIST")
{
    long h = EXPECT_OK(REGISTER("ktbad-taken"));
    EXPECT_EQ(REGISTER("ktbad-taken"), -EEXIST);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0073, "scheme_recv: bad handle -EBADF, flags or size -EINVAL, pointer -EFAULT")
{
    static struct scheme_request req;
    static char buf[64];
    long ep = EXPECT_OK(REGISTER("ktbad-recv"));
    long shm = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long R = (long)&req, B = (long)buf;
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, -1, R, B, 64, SCHEME_RECV_NONBLOCK), -EBADF);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, shm, R, B, 64, SCHEME_RECV_NONBLOCK), -EBADF);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, R, B, 64, 2), -EINVAL);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, R, B, SCHEME_PAYLOAD_MAX + 1, SCHEME_RECV_NONBLOCK),
              -EINVAL);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, KERNEL_HALF, B, 64, SCHEME_RECV_NONBLOCK), -EFAULT);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, R, B, 64, SCHEME_RECV_NONBLOCK), -EAGAIN);
    EXPECT_EQ(sys_handle_close(shm), 0);
    EXPECT_EQ(sys_handle_close(ep), 0);
}

TEST(UBAD0074, "scheme_reply to an unknown tag -EINVAL, on a bad handle -EBADF")
{
    long ep = EXPECT_OK(REGISTER("ktbad-reply"));
    EXPECT_EQ(sys_scheme_reply(ep, 12345, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_scheme_reply(-1, 12345, 0, 0, 0), -EBADF);
    EXPECT_EQ(sys_handle_close(ep), 0);
}

#define OPEN(path) sys_open((long)(path), (long)strlen(path), 0)

TEST(UBAD0075, "open: no 'name:' or too long -EINVAL, no such scheme -ENOENT, -EFAULT")
{
    static char longpath[1100];
    memset(longpath, 'a', sizeof longpath - 1);
    memcpy(longpath, "ktbad-none:", 11);
    EXPECT_EQ(OPEN("no-colon-here"), -EINVAL);
    EXPECT_EQ(OPEN(longpath), -EINVAL); /* more than 1024 bytes */
    EXPECT_EQ(OPEN("ktbad-none:file"), -ENOENT);
    EXPECT_EQ(sys_open(KERNEL_HALF, 10, 0), -EFAULT);
}

TEST(UBAD0076, "read, write and fmap on an unknown or non-file handle fail with -EBADF")
{
    static char buf[16];
    long shm = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_EQ(sys_read(-1, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_write(-1, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_fmap(-1, 0, PAGE_SIZE, PROT_READ), -EBADF);
    EXPECT_EQ(sys_read(shm, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_write(shm, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_fmap(shm, 0, PAGE_SIZE, PROT_READ), -EBADF);
    EXPECT_EQ(sys_handle_close(shm), 0);
}

TEST(UBAD0077, "wait_many: bad count or events -EINVAL, bad handle -EBADF, pointer -EFAULT")
{
    static struct wait_item items[WAIT_ITEMS_MAX + 1];
    for (int i = 0; i <= WAIT_ITEMS_MAX; i++)
        items[i] = (struct wait_item){WAIT_CHILDREN, WAIT_READABLE, 0, 0};
    EXPECT_EQ(sys_wait_many((long)items, 0, 0), -EINVAL);
    EXPECT_EQ(sys_wait_many((long)items, WAIT_ITEMS_MAX + 1, 0), -EINVAL);
    items[0].events = 8; /* no such event */
    EXPECT_EQ(sys_wait_many((long)items, 1, 0), -EINVAL);
    items[0].events = WAIT_HANGUP; /* reported, never asked for */
    EXPECT_EQ(sys_wait_many((long)items, 1, 0), -EINVAL);
    items[0] = (struct wait_item){4000, WAIT_READABLE, 0, 0};
    EXPECT_EQ(sys_wait_many((long)items, 1, 0), -EBADF);
    EXPECT_EQ(sys_wait_many(KERNEL_HALF, 1, 0), -EFAULT);
    EXPECT_EQ(sys_wait_many((long)unmapped(), 1, 0), -EFAULT);
}

/* ---- shared memory ----------------------------------------------------------- */

TEST(UBAD0078, "shm_create of 0 bytes or more than 256 MiB fails with -EINVAL")
{
    EXPECT_EQ(sys_shm_create(0), -EINVAL);
    EXPECT_EQ(sys_shm_create((256L << 20) + PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_shm_create(-1), -EINVAL);
}

TEST(UBAD0079, "shm_map: bad handle -EBADF, exec prot -EINVAL, write without the right -EACCES")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long ro = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP));
    EXPECT_EQ(sys_shm_map(-1, 0, PROT_READ), -EBADF);
    EXPECT_EQ(sys_shm_map(h, 0, PROT_READ | PROT_EXEC), -EINVAL);
    EXPECT_EQ(sys_shm_map(ro, 0, PROT_READ | PROT_WRITE), -EACCES);
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0080, "shm_unmap of an address that starts no shared mapping fails with -EINVAL")
{
    long anon = EXPECT_OK(sys_mmap_anon(0, PAGE_SIZE, RW, 0));
    EXPECT_EQ(sys_shm_unmap(anon), -EINVAL);
    EXPECT_EQ(sys_shm_unmap((long)unmapped()), -EINVAL);
    EXPECT_EQ(sys_shm_unmap(KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_munmap(anon, PAGE_SIZE), 0);
}

/* ---- devices: this process may not do I/O ---------------------------------- */

TEST(UBAD0081, "irq_bind, ioport_grant and mmio_map without the I/O grant fail with -EPERM")
{
    EXPECT_EQ(sys_irq_bind(4), -EPERM);
    EXPECT_EQ(sys_ioport_grant(0x3F8, 8), -EPERM);
    EXPECT_EQ(sys_mmio_map(0xFEBF0000L, PAGE_SIZE, RW), -EPERM);
}

TEST(UBAD0082, "irq_ack of an unknown handle fails with -EBADF")
{
    EXPECT_EQ(sys_irq_ack(-1), -EBADF);
    EXPECT_EQ(sys_irq_ack(4000), -EBADF);
}

/* ---- children ------------------------------------------------------------ */

static int child(int argc, char **argv)
{
    (void)argc;
    if (strcmp(argv[1], "sleep") == 0) {
        rt_sleep_ns(5000 * MS);
        return 1;
    }
    if (strcmp(argv[1], "sigreturn") == 0) {
        uintptr_t frame = unmapped();
        __asm__ volatile("mov %0, %%rsp\n"
                         "mov %1, %%eax\n"
                         "syscall\n"
                         "ud2" ::"r"(frame),
                         "i"(SYS_sigreturn)
                         : "memory");
    }
    return 99;
}

KT_MAIN(child)
