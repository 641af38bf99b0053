/* kt_fault: user-mode CPU exceptions end only the process that caused them,
 * as if killed by SIGSEGV, SIGILL or SIGFPE (docs/syscalls.md, "Faults").
 * Every case runs the fault in a child; this program, still running to
 * print the verdict, is the proof that the parent and the kernel live on.
 * Owns UFLT*. */
#include "kt.h"

static volatile int never; /* keeps the compiler from seeing an endless recursion */

static int __attribute__((noinline)) recurse(int depth)
{
    volatile char pad[256];
    pad[0] = (char)depth;
    if (never)
        return 0;
    return recurse(depth + 1) + pad[0];
}

/* One faulting sequence per mode, in asm so the compiler cannot reason about it. */
static void do_fault(const char *mode)
{
    if (strcmp(mode, "read-null") == 0)
        __asm__ volatile("xor %%eax, %%eax\n mov (%%rax), %%rax" ::: "rax", "memory");
    else if (strcmp(mode, "write-null") == 0)
        __asm__ volatile("xor %%eax, %%eax\n movq $1, (%%rax)" ::: "rax", "memory");
    else if (strcmp(mode, "ud2") == 0)
        __asm__ volatile("ud2");
    else if (strcmp(mode, "div0") == 0)
        __asm__ volatile("xor %%ecx, %%ecx\n xor %%edx, %%edx\n mov $1, %%eax\n div %%ecx" ::
                             : "rax", "rcx", "rdx");
    else if (strcmp(mode, "idiv-overflow") == 0)
        __asm__ volatile("mov $0x80000000, %%eax\n cdq\n mov $-1, %%ecx\n idiv %%ecx" ::
                             : "rax", "rcx", "rdx");
    else if (strcmp(mode, "write-text") == 0)
        __asm__ volatile("movb $0x90, (%0)" ::"r"((void *)do_fault) : "memory");
    else if (strcmp(mode, "noncanonical") == 0)
        __asm__ volatile("movabs $0x0000800000000000, %%rax\n mov (%%rax), %%rax" ::
                             : "rax", "memory");
    else if (strcmp(mode, "read-kernel") == 0)
        __asm__ volatile("movabs $0xFFFFFFFF80100000, %%rax\n mov (%%rax), %%rax" ::
                             : "rax", "memory");
    else if (strcmp(mode, "write-directmap") == 0)
        __asm__ volatile("movabs $0xFFFF800000100000, %%rax\n movq $0, (%%rax)" ::
                             : "rax", "memory");
    else if (strcmp(mode, "jump-kernel") == 0)
        __asm__ volatile("movabs $0xFFFFFFFF80100000, %%rax\n jmp *%%rax" ::: "rax");
    else if (strcmp(mode, "jump-null") == 0)
        __asm__ volatile("xor %%eax, %%eax\n jmp *%%rax" ::: "rax");
    else if (strcmp(mode, "exec-data") == 0) {
        static unsigned char code[16] = {0xc3}; /* ret, in .data (RW, not X) */
        __asm__ volatile("call *%0" ::"r"(code) : "memory");
    } else if (strcmp(mode, "exec-stack") == 0) {
        volatile unsigned char code[16] = {0xc3};
        __asm__ volatile("call *%0" ::"r"(code) : "memory");
    } else if (strcmp(mode, "hlt") == 0)
        __asm__ volatile("hlt");
    else if (strcmp(mode, "cli") == 0)
        __asm__ volatile("cli");
    else if (strcmp(mode, "inb") == 0)
        __asm__ volatile("inb $0x64, %%al" ::: "rax");
    else if (strcmp(mode, "read-cr3") == 0)
        __asm__ volatile("mov %%cr3, %%rax" ::: "rax");
    else if (strcmp(mode, "wrmsr") == 0)
        __asm__ volatile("xor %%eax, %%eax\n xor %%edx, %%edx\n mov $0xC0000100, %%ecx\n wrmsr" ::
                             : "rax", "rcx", "rdx");
    else if (strcmp(mode, "int-timer") == 0)
        __asm__ volatile("int $0x20");
    else if (strcmp(mode, "int-pf") == 0)
        __asm__ volatile("int $0x0e");
    else if (strcmp(mode, "rsp-null") == 0)
        __asm__ volatile("xor %%esp, %%esp\n push %%rax" ::: "memory");
    else if (strcmp(mode, "rsp-kernel-ret") == 0)
        __asm__ volatile("movabs $0xFFFFFFFF80100000, %%rsp\n ret" ::: "memory");
    else if (strcmp(mode, "recurse") == 0)
        recurse(0);
}

#define FAULT_TEST(ID, mode, sig, what)                                                            \
    TEST(ID, what " kills only the child, with " #sig)                                             \
    {                                                                                              \
        EXPECT_CHILD(mode, "", RT_KILLED(sig));                                                    \
    }

FAULT_TEST(UFLT0001, "read-null", SIGSEGV, "a read from NULL")
FAULT_TEST(UFLT0002, "write-null", SIGSEGV, "a write to NULL")
FAULT_TEST(UFLT0003, "ud2", SIGILL, "an invalid opcode (ud2)")
FAULT_TEST(UFLT0004, "div0", SIGFPE, "a division by zero")
FAULT_TEST(UFLT0005, "idiv-overflow", SIGFPE, "INT_MIN / -1 (idiv overflow)")
FAULT_TEST(UFLT0006, "write-text", SIGSEGV, "a write to the program's own code")
FAULT_TEST(UFLT0007, "noncanonical", SIGSEGV, "a non-canonical address (#GP)")
FAULT_TEST(UFLT0008, "read-kernel", SIGSEGV, "a read of the kernel image")
FAULT_TEST(UFLT0009, "write-directmap", SIGSEGV, "a write to the kernel's direct map")
FAULT_TEST(UFLT0010, "jump-kernel", SIGSEGV, "a jump into kernel code")
FAULT_TEST(UFLT0011, "jump-null", SIGSEGV, "a jump to address 0")
FAULT_TEST(UFLT0012, "exec-data", SIGSEGV, "executing .data (no-execute)")
FAULT_TEST(UFLT0013, "exec-stack", SIGSEGV, "executing the stack (no-execute)")
FAULT_TEST(UFLT0014, "hlt", SIGSEGV, "hlt in user mode")
FAULT_TEST(UFLT0015, "cli", SIGSEGV, "cli in user mode")
FAULT_TEST(UFLT0016, "inb", SIGSEGV, "an I/O port read in user mode")
FAULT_TEST(UFLT0017, "read-cr3", SIGSEGV, "reading cr3 in user mode")
FAULT_TEST(UFLT0018, "wrmsr", SIGSEGV, "wrmsr in user mode")
FAULT_TEST(UFLT0019, "int-timer", SIGSEGV, "int $0x20 (a hardware interrupt vector)")
FAULT_TEST(UFLT0020, "int-pf", SIGSEGV, "int $0x0e (the page-fault vector, no error code)")
FAULT_TEST(UFLT0021, "rsp-null", SIGSEGV, "a push with rsp = 0")
FAULT_TEST(UFLT0022, "rsp-kernel-ret", SIGSEGV, "a ret with rsp in the kernel")
FAULT_TEST(UFLT0023, "recurse", SIGSEGV, "a stack overflow (endless recursion)")

TEST(UFLT0024, "a syscall made with a garbage rsp works (the kernel uses its own stack)")
{
    EXPECT_CHILD("syscall-badrsp", "", RT_EXITED(0));
}

TEST(UFLT0025, "100 faulting children in a row are all reported with their signal")
{
    static const struct {
        const char *mode;
        int sig;
    } kinds[] = {
        {"write-null", SIGSEGV}, {"ud2", SIGILL}, {"div0", SIGFPE}, {"noncanonical", SIGSEGV}};
    for (int i = 0; i < 100; i++) {
        int st = -1;
        long r = kt_run_child(kinds[i % 4].mode, "", &st);
        if (r < 0 || st != RT_KILLED(kinds[i % 4].sig)) {
            char b[32], s[48];
            FAIL("child %d (%s): %s, %s", i + 1, kinds[i % 4].mode, rt_fmt_result(b, sizeof b, r),
                 rt_fmt_status(s, sizeof s, st));
        }
    }
}

static int child(int argc, char **argv)
{
    (void)argc;
    const char *mode = argv[1];
    if (strcmp(mode, "syscall-badrsp") == 0) {
        long pid = sys_getpid(), got;
        __asm__ volatile("mov %%rsp, %%r12\n"
                         "movabs $0xDEAD00000000BEEF, %%rsp\n" /* non-canonical */
                         "mov %1, %%rax\n"
                         "syscall\n"
                         "mov %%r12, %%rsp"
                         : "=a"(got)
                         : "i"(SYS_getpid)
                         : "rcx", "r11", "r12", "memory");
        return got == pid ? 0 : 1;
    }
    do_fault(mode);
    return 100; /* the fault did not happen */
}

KT_MAIN(child)
