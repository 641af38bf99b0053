/* kt_basic: the first calls (docs/syscalls.md): null, getpid, getppid,
 * debug_write, exit and the exit status through wait; the syscall register
 * convention. Owns UBAS*. */
#include "kt.h"

/* ---- the register convention ------------------------------------------------
 * kt_regs_probe(num) loads a distinct pattern into every general register
 * (and, when kt_probe_xmm is set, the low half of every xmm register), makes
 * system call `num`, and stores what the registers hold afterwards in
 * kt_regs_after[]. */
#define NREGS   30
#define NGPREGS 14 /* rax..rsp: the entries before the xmm ones */
uint64_t kt_regs_after[NREGS];
uint64_t kt_regs_sp_before;
unsigned char kt_probe_xmm;
long kt_regs_probe(long num);

__asm__(".text\n"
        ".globl kt_regs_probe\n"
        "kt_regs_probe:\n"
        "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
        "  mov %rsp, kt_regs_sp_before(%rip)\n"
        "  mov %rdi, %rax\n"
        "  cmpb $0, kt_probe_xmm(%rip)\n"
        "  je 1f\n"
        "  movabs $0xC0DE01000000A5A5, %rcx\n movq %rcx, %xmm0\n"
        "  movabs $0xC0DE02000000A5A5, %rcx\n movq %rcx, %xmm1\n"
        "  movabs $0xC0DE03000000A5A5, %rcx\n movq %rcx, %xmm2\n"
        "  movabs $0xC0DE04000000A5A5, %rcx\n movq %rcx, %xmm3\n"
        "  movabs $0xC0DE05000000A5A5, %rcx\n movq %rcx, %xmm4\n"
        "  movabs $0xC0DE06000000A5A5, %rcx\n movq %rcx, %xmm5\n"
        "  movabs $0xC0DE07000000A5A5, %rcx\n movq %rcx, %xmm6\n"
        "  movabs $0xC0DE08000000A5A5, %rcx\n movq %rcx, %xmm7\n"
        "  movabs $0xC0DE09000000A5A5, %rcx\n movq %rcx, %xmm8\n"
        "  movabs $0xC0DE0A000000A5A5, %rcx\n movq %rcx, %xmm9\n"
        "  movabs $0xC0DE0B000000A5A5, %rcx\n movq %rcx, %xmm10\n"
        "  movabs $0xC0DE0C000000A5A5, %rcx\n movq %rcx, %xmm11\n"
        "  movabs $0xC0DE0D000000A5A5, %rcx\n movq %rcx, %xmm12\n"
        "  movabs $0xC0DE0E000000A5A5, %rcx\n movq %rcx, %xmm13\n"
        "  movabs $0xC0DE0F000000A5A5, %rcx\n movq %rcx, %xmm14\n"
        "  movabs $0xC0DE10000000A5A5, %rcx\n movq %rcx, %xmm15\n"
        "1:\n"
        "  movabs $0xC0DE01A5A5A5A501, %rbx\n"
        "  movabs $0xC0DE02A5A5A5A502, %rbp\n"
        "  movabs $0xC0DE03A5A5A5A503, %rdi\n"
        "  movabs $0xC0DE04A5A5A5A504, %rsi\n"
        "  movabs $0xC0DE05A5A5A5A505, %rdx\n"
        "  movabs $0xC0DE06A5A5A5A506, %r8\n"
        "  movabs $0xC0DE07A5A5A5A507, %r9\n"
        "  movabs $0xC0DE08A5A5A5A508, %r10\n"
        "  movabs $0xC0DE09A5A5A5A509, %r12\n"
        "  movabs $0xC0DE0AA5A5A5A50A, %r13\n"
        "  movabs $0xC0DE0BA5A5A5A50B, %r14\n"
        "  movabs $0xC0DE0CA5A5A5A50C, %r15\n"
        "  syscall\n"
        "  mov %rax, kt_regs_after+0(%rip)\n"
        "  mov %rbx, kt_regs_after+8(%rip)\n"
        "  mov %rbp, kt_regs_after+16(%rip)\n"
        "  mov %rdi, kt_regs_after+24(%rip)\n"
        "  mov %rsi, kt_regs_after+32(%rip)\n"
        "  mov %rdx, kt_regs_after+40(%rip)\n"
        "  mov %r8, kt_regs_after+48(%rip)\n"
        "  mov %r9, kt_regs_after+56(%rip)\n"
        "  mov %r10, kt_regs_after+64(%rip)\n"
        "  mov %r12, kt_regs_after+72(%rip)\n"
        "  mov %r13, kt_regs_after+80(%rip)\n"
        "  mov %r14, kt_regs_after+88(%rip)\n"
        "  mov %r15, kt_regs_after+96(%rip)\n"
        "  mov %rsp, kt_regs_after+104(%rip)\n"
        "  cmpb $0, kt_probe_xmm(%rip)\n"
        "  je 2f\n"
        "  movq %xmm0, kt_regs_after+112(%rip)\n"
        "  movq %xmm1, kt_regs_after+120(%rip)\n"
        "  movq %xmm2, kt_regs_after+128(%rip)\n"
        "  movq %xmm3, kt_regs_after+136(%rip)\n"
        "  movq %xmm4, kt_regs_after+144(%rip)\n"
        "  movq %xmm5, kt_regs_after+152(%rip)\n"
        "  movq %xmm6, kt_regs_after+160(%rip)\n"
        "  movq %xmm7, kt_regs_after+168(%rip)\n"
        "  movq %xmm8, kt_regs_after+176(%rip)\n"
        "  movq %xmm9, kt_regs_after+184(%rip)\n"
        "  movq %xmm10, kt_regs_after+192(%rip)\n"
        "  movq %xmm11, kt_regs_after+200(%rip)\n"
        "  movq %xmm12, kt_regs_after+208(%rip)\n"
        "  movq %xmm13, kt_regs_after+216(%rip)\n"
        "  movq %xmm14, kt_regs_after+224(%rip)\n"
        "  movq %xmm15, kt_regs_after+232(%rip)\n"
        "2:\n"
        "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
        "  mov kt_regs_after(%rip), %rax\n"
        "  ret\n");

static const char *const reg_names[NREGS] = {
    "rax",  "rbx",  "rbp",  "rdi",  "rsi",   "rdx",   "r8",    "r9",    "r10",   "r12",
    "r13",  "r14",  "r15",  "rsp",  "xmm0",  "xmm1",  "xmm2",  "xmm3",  "xmm4",  "xmm5",
    "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"};

/* What each register must hold after the call (index 0, rax, is the result). */
static uint64_t reg_expected(int i)
{
    static const uint64_t gp[] = {
        0,
        0xC0DE01A5A5A5A501,
        0xC0DE02A5A5A5A502,
        0xC0DE03A5A5A5A503,
        0xC0DE04A5A5A5A504,
        0xC0DE05A5A5A5A505,
        0xC0DE06A5A5A5A506,
        0xC0DE07A5A5A5A507,
        0xC0DE08A5A5A5A508,
        0xC0DE09A5A5A5A509,
        0xC0DE0AA5A5A5A50A,
        0xC0DE0BA5A5A5A50B,
        0xC0DE0CA5A5A5A50C,
    };
    if (i < 13)
        return gp[i];
    if (i == 13)
        return kt_regs_sp_before;
    return 0xC0DE000000000000ULL | ((uint64_t)(i - 13) << 40) | 0xA5A5;
}

/* First register (other than rax) that the call changed, or -1. */
static int regs_changed(void)
{
    int n = kt_probe_xmm ? NREGS : NGPREGS;
    for (int i = 1; i < n; i++) {
        if (kt_regs_after[i] != reg_expected(i))
            return i;
    }
    return -1;
}

#define EXPECT_REGS_KEPT(num)                                                                      \
    do {                                                                                           \
        kt_regs_probe(num);                                                                        \
        int r_ = regs_changed();                                                                   \
        if (r_ >= 0)                                                                               \
            FAIL("syscall %d (%s) changed %s: %#lx, expected %#lx", num,                           \
                 rt_syscall_name(num) ? rt_syscall_name(num) : "unknown", reg_names[r_],           \
                 kt_regs_after[r_], reg_expected(r_));                                             \
    } while (0)

/* ---- cases ---------------------------------------------------------------- */

TEST(UBAS0001, "null returns 0")
{
    EXPECT_EQ(sys_null(), 0);
}

TEST(UBAS0002, "getpid returns a positive pid, the same every time")
{
    long pid = sys_getpid();
    CHECK(pid > 0, "getpid() = %ld, expected a positive pid", pid);
    for (int i = 0; i < 100; i++)
        EXPECT_EQ(sys_getpid(), pid);
}

TEST(UBAS0003, "a child's getppid is its spawner's pid")
{
    char arg[24];
    ksnprintf(arg, sizeof arg, "%ld", sys_getpid());
    EXPECT_CHILD("ppid", arg, RT_EXITED(0));
}

TEST(UBAS0004, "the pid spawn returns is the child's own getpid, and not the parent's")
{
    long pid = EXPECT_OK(kt_spawn_self("pid", ""));
    CHECK(pid != sys_getpid(), "spawn returned the parent's own pid %ld", pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    /* The child exits with the low 8 bits of its getpid(). */
    EXPECT_EQ(st, RT_EXITED(pid & 0xff));
}

TEST(UBAS0005, "debug_write to the kernel log (channel 0) returns len")
{
    static const char msg[] = "kt_basic: hello from user space on the kernel log";
    EXPECT_EQ(rt_write(DEBUG_CHANNEL_LOG, msg, sizeof msg - 1), sizeof msg - 1);
}

TEST(UBAS0006, "debug_write on the harness channel (channel 1) returns len")
{
    /* This case's PASS line is itself the write under test. */
    static const char line[] = "TEST UBAS0006 PASS";
    EXPECT_EQ(rt_write(DEBUG_CHANNEL_HARNESS, line, sizeof line - 1), sizeof line - 1);
    kt_pass_written();
}

TEST(UBAS0007, "debug_write of exactly 4096 bytes (the maximum) is accepted")
{
    static char big[DEBUG_WRITE_MAX];
    memset(big, '=', sizeof big);
    memcpy(big, "kt_basic: 4096 bytes ", 21);
    EXPECT_EQ(rt_write(DEBUG_CHANNEL_LOG, big, sizeof big), DEBUG_WRITE_MAX);
}

TEST(UBAS0008, "exit(0) reaches the parent as wait status 0")
{
    EXPECT_CHILD("exit", "0", RT_EXITED(0));
}

TEST(UBAS0009, "exit(1) reaches the parent as wait status 1 << 8")
{
    EXPECT_CHILD("exit", "1", RT_EXITED(1));
}

TEST(UBAS0010, "exit(255) reaches the parent as wait status 255 << 8")
{
    EXPECT_CHILD("exit", "255", RT_EXITED(255));
}

TEST(UBAS0011, "returning 42 from main exits with status 42")
{
    EXPECT_CHILD("ret", "42", RT_EXITED(42));
}

TEST(UBAS0012, "syscall keeps every general register except rax, rcx and r11")
{
    EXPECT_REGS_KEPT(SYS_null);
    EXPECT_REGS_KEPT(SYS_getpid);
    EXPECT_REGS_KEPT(SYS_getppid);
    EXPECT_REGS_KEPT(999); /* the -ENOSYS path too */
}

TEST(UBAS0013, "garbage in unused argument registers is ignored")
{
    long pid = sys_getpid();
    EXPECT_EQ(kt_regs_probe(SYS_null), 0);
    EXPECT_EQ(kt_regs_probe(SYS_getpid), pid);
    EXPECT_EQ(kt_regs_probe(SYS_getppid), sys_getppid());
}

TEST(UBAS0014, "a new process has its .data initialised and its .bss zero (kt_tiny)")
{
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    long pid = EXPECT_OK(rt_spawn("bin/kt_tiny", argv, envp));
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    /* kt_tiny exits 42 when all is well, 1 for bad .data, 2 for dirty .bss. */
    EXPECT_EQ(st, RT_EXITED(42));
}

TEST(UBAS0015, "exit status is the low 8 bits: exit(256 + 7) gives 7")
{
    EXPECT_CHILD("exit", "263", RT_EXITED(7));
}

/* SSE is part of the x86_64 baseline: every compiler and libc uses it. These
 * run in children, so that a kernel without SSE support fails only them. */
TEST(UBAS0016, "SSE instructions work in user mode")
{
    EXPECT_CHILD("sse", "", RT_EXITED(0));
}

TEST(UBAS0017, "syscall keeps xmm0..xmm15")
{
    EXPECT_CHILD("xmm-probe", "", RT_EXITED(0));
}

/* Adds 1 to both halves of a 128-bit value with paddq; returns the low half. */
uint64_t kt_sse_add(uint64_t v);
__asm__(".text\n.globl kt_sse_add\nkt_sse_add:\n"
        "  movq %rdi, %xmm0\n"
        "  pcmpeqd %xmm1, %xmm1\n" /* all ones = -1 in each quadword */
        "  psubq %xmm1, %xmm0\n"   /* x - (-1) = x + 1 */
        "  movq %xmm0, %rax\n"
        "  ret\n");

TEST(UBAS0018, "sysinfo describes the framebuffer, the boot options and memory")
{
    struct cobalt_fb_info fb;
    EXPECT_EQ(sys_sysinfo(SYSINFO_FRAMEBUFFER, (long)&fb, sizeof fb), (long)sizeof fb);
    EXPECT_EQ(fb.width, 1024);
    EXPECT_EQ(fb.height, 768);
    EXPECT_EQ(fb.bpp, 32);
    CHECK(fb.phys != 0 && fb.pitch >= 4 * fb.width, "framebuffer at %lx pitch %u",
          (unsigned long)fb.phys, fb.pitch);
    char opts[256];
    long n = sys_sysinfo(SYSINFO_OPTIONS, (long)opts, sizeof opts);
    CHECK(n > 0 && opts[n - 1] == '\0', "options: %ld", n);
    bool found = false;
    for (const char *o = opts; *o && !found; o++)
        found = strncmp(o, "init=bin/ktest", 14) == 0;
    CHECK(found, "options '%s' lack init=bin/ktest", opts);
    struct cobalt_mem_info m;
    EXPECT_EQ(sys_sysinfo(SYSINFO_MEMORY, (long)&m, sizeof m), (long)sizeof m);
    EXPECT_EQ(m.page_size, PAGE_SIZE);
    CHECK(m.free_pages > 0 && m.free_pages < m.total_pages, "free %lu of %lu pages",
          (unsigned long)m.free_pages, (unsigned long)m.total_pages);
}

TEST(UBAS0019, "sysinfo lists this process and its parent, with names")
{
    static struct cobalt_proc_info list[256];
    long n = sys_sysinfo(SYSINFO_PROCESSES, (long)list, sizeof list);
    CHECK(n > 0 && n % (long)sizeof list[0] == 0, "processes: %ld bytes", n);
    bool me = false, parent = false;
    for (long i = 0; i < n / (long)sizeof list[0]; i++) {
        if (list[i].pid == sys_getpid())
            me = list[i].ppid == sys_getppid() && strcmp(list[i].name, "kt_basic") == 0 &&
                 list[i].threads == 1 && list[i].state == 0;
        if (list[i].pid == sys_getppid())
            parent = strcmp(list[i].name, "ktest") == 0;
    }
    CHECK(me, "this process is missing or wrong in the list");
    CHECK(parent, "ktest is missing or wrong in the list");
}

TEST(UBAS0020, "sysinfo: unknown what -EINVAL, a short buffer -ERANGE, bad pointer -EFAULT")
{
    char small[4];
    EXPECT_EQ(sys_sysinfo(99, (long)small, sizeof small), -EINVAL);
    EXPECT_EQ(sys_sysinfo(0, (long)small, sizeof small), -EINVAL);
    EXPECT_EQ(sys_sysinfo(SYSINFO_FRAMEBUFFER, (long)small, sizeof small), -ERANGE);
    EXPECT_EQ(sys_sysinfo(SYSINFO_MEMORY, 0xFFFF800000000000L, 64), -EFAULT);
    EXPECT_EQ(sys_bootfs_map(), -EPERM); /* ktest spawned us without the I/O grant */
}

static int child(int argc, char **argv)
{
    const char *mode = argv[1];
    long arg = argc > 2 ? rt_atol(argv[2]) : 0;
    if (strcmp(mode, "exit") == 0)
        rt_exit((int)arg); /* the exit call itself, not main's return */
    if (strcmp(mode, "ret") == 0)
        return (int)arg;
    if (strcmp(mode, "ppid") == 0)
        return sys_getppid() == arg ? 0 : 1;
    if (strcmp(mode, "pid") == 0)
        return (int)(sys_getpid() & 0xff);
    if (strcmp(mode, "sse") == 0)
        return kt_sse_add(41) == 42 ? 0 : 1;
    if (strcmp(mode, "xmm-probe") == 0) {
        kt_probe_xmm = 1;
        static const long calls[] = {SYS_null, SYS_getpid, SYS_yield, 999};
        for (int i = 0; i < 4; i++) {
            kt_regs_probe(calls[i]);
            int r = regs_changed();
            if (r >= 0) {
                rt_log("kt_basic: syscall %ld changed %s: %#lx, expected %#lx", calls[i],
                       reg_names[r], kt_regs_after[r], reg_expected(r));
                return 1;
            }
        }
        return 0;
    }
    return 99;
}

KT_MAIN(child)
