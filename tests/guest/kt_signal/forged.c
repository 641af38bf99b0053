/* kt_signal, forged sigreturn frames gain no privilege, the top of user
 * space, sigaction's old action (USIG0028-0034). */
#include "sig.h"

/* ---- forged sigreturn frames ---------------------------------------------------- */

/* kt_raise_usr1(pid): kill(pid, SIGUSR1); the signal arrives on the way back,
 * so the handler's saved rip is kt_raise_resume. */
void kt_raise_usr1(long pid);
extern const char kt_raise_resume[];
__asm__(".text\n.globl kt_raise_usr1\n.globl kt_raise_resume\nkt_raise_usr1:\n"
        "  mov $10, %esi\n"
        "  mov $7, %eax\n"
        "  syscall\n"
        "kt_raise_resume:\n"
        "  ret\n");

static const char *forge_mode;

static uint16_t read_cs(void)
{
    uint16_t v;
    __asm__ volatile("mov %%cs, %0" : "=r"(v));
    return v;
}

static uint16_t read_ss(void)
{
    uint16_t v;
    __asm__ volatile("mov %%ss, %0" : "=r"(v));
    return v;
}

static uint64_t read_rflags(void)
{
    uint64_t v;
    __asm__ volatile("pushfq\n popq %0" : "=r"(v));
    return v;
}

/* Finds the saved user state {rip, cs, rflags, rsp, ss} above the handler's
 * own frame (the layout the CPU pushes) and rewrites it as the mode says. */
static void forge(int sig)
{
    (void)sig;
    uint64_t *p = __builtin_frame_address(0);
    uint64_t cs = read_cs(), ss = read_ss();
    for (int i = 0; i < 512; i++, p++) {
        if (p[0] != (uintptr_t)kt_raise_resume || p[1] != cs || p[4] != ss)
            continue;
        mb->word = 1; /* found */
        if (strcmp(forge_mode, "cs") == 0) {
            p[1] = 0x08; /* kernel code, ring 0 */
            p[4] = 0x10; /* kernel data */
        } else if (strcmp(forge_mode, "rflags") == 0) {
            p[2] = (p[2] | 0x3000 | 0x4000) & ~0x200ULL; /* IOPL 3, NT, IF clear */
        } else if (strcmp(forge_mode, "rip-kernel") == 0) {
            p[0] = 0xFFFFFFFF80100000ULL;
        } else if (strcmp(forge_mode, "rip-noncanonical") == 0) {
            p[0] = 0x0000800000000000ULL;
        } else if (strcmp(forge_mode, "rip-kernel-cs") == 0) {
            p[0] = 0xFFFFFFFF80100000ULL;
            p[1] = 0x08;
        } else if (strcmp(forge_mode, "rsp-kernel") == 0) {
            p[3] = 0xFFFF800000100000ULL;
        }
        return;
    }
}

static int forged(void *arg)
{
    forge_mode = arg;
    mb->word = 0;
    if (rt_sigaction(SIGUSR1, forge, 0, 0) != 0)
        return 1;
    kt_raise_usr1(sys_getpid());
    if (mb->word == 0)
        return 50; /* the saved state was not found: nothing was forged */
    if ((read_cs() & 3) != 3 || (read_ss() & 3) != 3)
        return 2; /* running in ring 0 (never reached if so) */
    uint64_t fl = read_rflags();
    if (fl & 0x3000)
        return 3; /* IOPL raised */
    if (!(fl & 0x200))
        return 4; /* interrupts off in user mode */
    return 0;
}

static void expect_forged(const char *mode, bool may_continue)
{
    int st = -1;
    long r = kt_fork_wait(forged, (void *)mode, &st);
    if (r < 0) {
        char b[32];
        KT_FAIL("fork = %s", rt_fmt_result(b, sizeof b, r));
        return;
    }
    if (st == RT_KILLED(SIGSEGV) || (may_continue && st == RT_EXITED(0)))
        return;
    char s[48];
    KT_FAIL("forged '%s': child ended with %s (50: saved state not found; 2: ring 0, 3: IOPL, "
            "4: IF clear)",
            mode, rt_fmt_status(s, sizeof s, st));
}

TEST(USIG0028, "a sigreturn frame forged with kernel cs/ss resumes in user mode or dies")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("cs", true);
}

TEST(USIG0029, "a sigreturn frame forged with IOPL 3, NT and IF clear gets sane flags")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("rflags", true);
}

TEST(USIG0030, "a sigreturn frame forged with a kernel or non-canonical rip: SIGSEGV")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("rip-kernel", false);
    KT_RETURN_IF_FAILED();
    expect_forged("rip-noncanonical", false);
    KT_RETURN_IF_FAILED();
    expect_forged("rip-kernel-cs", false);
}

TEST(USIG0031, "a sigreturn frame forged with a kernel rsp: SIGSEGV, the kernel lives on")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("rsp-kernel", false);
}

static int sigreturn_no_frame(void *arg)
{
    (void)arg;
    __asm__ volatile("mov %%rsp, %%rbx\n"
                     "movabs $0xFFFF800000100000, %%rsp\n"
                     "mov $26, %%eax\n"
                     "syscall\n"
                     "mov %%rbx, %%rsp"
                     :
                     :
                     : "rax", "rbx", "rcx", "r11", "memory");
    return 1;
}

TEST(USIG0032, "sigreturn with no readable frame (rsp in the kernel) ends with SIGSEGV")
{
    EXPECT_FORK(sigreturn_no_frame, NULL, RT_KILLED(SIGSEGV));
}

/* A syscall instruction in the last two bytes of user space: the address after
 * it, where the kernel returns, is 0x800000000000 (non-canonical). sysret
 * would fault in ring 0 there, iretq faults too: the process must end with
 * SIGSEGV and the kernel must live on. */
TEST(USIG0034, "the last page below 2^47 is never user memory, so no return rip is non-canonical")
{
    /* A syscall in the last two bytes of that page would return to 2^47, a
     * non-canonical rip that faults in ring 0 on real hardware. */
    const long page = 0x00007FFFFFFFF000L;
    EXPECT_EQ(sys_mmap_anon(page, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(page - PAGE_SIZE, 2 * PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(USER_SPACE_TOP, (uint64_t)page);
}

TEST(USIG0033, "sigaction reports the old action: handler, flags, restorer and mask")
{
    INSTALL(SIGUSR2, record, SA_NODEFER, RT_SIGBIT(SIGHUP));
    struct cobalt_sigaction old;
    memset(&old, 0, sizeof old);
    struct cobalt_sigaction dfl = {COBALT_SIG_DFL, 0, 0, 0};
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&dfl, (long)&old), 0);
    EXPECT_EQ(old.handler, (uintptr_t)record);
    EXPECT_EQ(old.flags, SA_NODEFER | SA_RESTORER);
    EXPECT_EQ(old.restorer, (uintptr_t)rt_sigrestorer);
    EXPECT_EQ(old.mask, RT_SIGBIT(SIGHUP));
    EXPECT_EQ(sys_sigaction(SIGUSR2, 0, (long)&old), 0);
    EXPECT_EQ(old.handler, COBALT_SIG_DFL);
}
