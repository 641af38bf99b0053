/* kt_signal, handler frames that do not fit the stack end the process
 * (USIG0026-0027). */
#include "sig.h"

/* ---- handler frames that do not fit ------------------------------------------------------ */

/* kt_kill_on_stack(pid, rsp): sends SIGUSR1 to pid with rsp switched to
 * `rsp` during the call, so the handler frame must go there. Returns 0 if
 * the process lives on. */
long kt_kill_on_stack(long pid, uintptr_t rsp);
__asm__(".text\n.globl kt_kill_on_stack\nkt_kill_on_stack:\n"
        "  push %rbx\n"
        "  mov %rsp, %rbx\n"
        "  mov %rsi, %rsp\n"
        "  mov $10, %esi\n" /* SIGUSR1 */
        "  mov $7, %eax\n"  /* SYS_kill */
        "  syscall\n"
        "  mov %rbx, %rsp\n"
        "  pop %rbx\n"
        "  ret\n");
_Static_assert(SYS_kill == 7 && SIGUSR1 == 10, "kt_kill_on_stack's numbers");

static int tight_stack(void *arg)
{
    const char *how = arg;
    if (rt_sigaction(SIGUSR1, record, 0, 0) != 0)
        return 1;
    uintptr_t rsp;
    if (strcmp(how, "tiny") == 0) {
        /* One mapped page with nothing below: 256 bytes left, the frame needs more. */
        long a = sys_mmap_anon(0, 2 * PAGE_SIZE, RW, 0);
        if (a < 0 || sys_munmap(a, PAGE_SIZE) != 0)
            return 2;
        rsp = (uintptr_t)a + PAGE_SIZE + 256;
    } else if (strcmp(how, "kernel") == 0) {
        rsp = 0xFFFF800000200000UL; /* the kernel's direct map */
    } else {
        rsp = 0x0000000000100000UL; /* below user space */
    }
    kt_kill_on_stack(sys_getpid(), rsp);
    return 3; /* the handler frame was written somewhere */
}

TEST(USIG0026, "a handler frame that does not fit the stack ends the process with SIGSEGV")
{
    EXPECT_FORK(tight_stack, "tiny", RT_KILLED(SIGSEGV));
    EXPECT_FORK(tight_stack, "kernel", RT_KILLED(SIGSEGV));
    EXPECT_FORK(tight_stack, "low", RT_KILLED(SIGSEGV));
}

static volatile int never;

static int __attribute__((noinline)) recurse(int depth)
{
    volatile char pad[256];
    pad[0] = (char)depth;
    if (never)
        return 0;
    return recurse(depth + 1) + pad[0];
}

static int overflow_with_handler(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGSEGV, record, 0, 0) != 0)
        return 1;
    recurse(0);
    return 2;
}

TEST(USIG0027, "a stack overflow with a SIGSEGV handler (no room for its frame): SIGSEGV")
{
    EXPECT_FORK(overflow_with_handler, NULL, RT_KILLED(SIGSEGV));
}
