/* kt_signal, handlers for CPU faults that fix the cause, and faults that end
 * the process (USIG0021-0025). */
#include "sig.h"

/* ---- fault handlers ---------------------------------------------------------------- */

static volatile uintptr_t hole;
static volatile int segv_count;

static void map_the_hole(int sig)
{
    if (sig == SIGSEGV)
        segv_count++;
    sys_mmap_anon((long)hole, PAGE_SIZE, RW, MAP_FIXED_ADDR);
}

TEST(USIG0021, "a SIGSEGV handler that maps the missing page: the access is retried and works")
{
    long a = EXPECT_OK(sys_mmap_anon(0, PAGE_SIZE, RW, 0));
    EXPECT_EQ(sys_munmap(a, PAGE_SIZE), 0);
    hole = (uintptr_t)a;
    segv_count = 0;
    INSTALL(SIGSEGV, map_the_hole, 0, 0);
    *(volatile long *)(hole + 64) = 0x600D; /* faults once; the handler maps; retried */
    long v = *(volatile long *)(hole + 64);
    long z = *(volatile long *)(hole + 128);
    DEFAULT(SIGSEGV);
    EXPECT_EQ(segv_count, 1);
    EXPECT_EQ(v, 0x600D);
    EXPECT_EQ(z, 0);
    sys_munmap(a, PAGE_SIZE);
}

static volatile uint32_t fpe_divisor;
static volatile int fpe_sig;

static void fix_divisor(int sig)
{
    fpe_sig = sig;
    fpe_divisor = 7;
}

TEST(USIG0022, "a SIGFPE handler that fixes the divisor: the division is retried and works")
{
    fpe_divisor = 0;
    fpe_sig = 0;
    INSTALL(SIGFPE, fix_divisor, 0, 0);
    uint32_t q;
    __asm__ volatile("mov $700, %%eax\n xor %%edx, %%edx\n divl %1"
                     : "=&a"(q)
                     : "m"(fpe_divisor)
                     : "rdx", "memory");
    DEFAULT(SIGFPE);
    EXPECT_EQ(fpe_sig, SIGFPE);
    EXPECT_EQ(q, 100);
}

static void exit_with_sig(int sig)
{
    rt_exit(40 + sig);
}

static int ud2_with_handler(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGILL, exit_with_sig, 0, 0) != 0)
        return 1;
    __asm__ volatile("ud2");
    return 2;
}

TEST(USIG0023, "a SIGILL handler runs for an invalid opcode (it exits 40 + sig)")
{
    EXPECT_FORK(ud2_with_handler, NULL, RT_EXITED(40 + SIGILL));
}

static int blocked_fault(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGSEGV, exit_with_sig, 0, 0) != 0)
        return 1;
    rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGSEGV), NULL);
    rt_poke(0);
    return 2;
}

TEST(USIG0024, "a fault whose signal is blocked ends the process with that signal")
{
    EXPECT_FORK(blocked_fault, NULL, RT_KILLED(SIGSEGV));
}

static void fault_again(int sig)
{
    (void)sig;
    rt_poke(8); /* SIGSEGV is blocked in its own handler */
}

static int fault_in_handler(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGSEGV, fault_again, 0, 0) != 0)
        return 1;
    rt_poke(0);
    return 2;
}

TEST(USIG0025, "a fault inside the SIGSEGV handler ends the process with SIGSEGV")
{
    EXPECT_FORK(fault_in_handler, NULL, RT_KILLED(SIGSEGV));
}
