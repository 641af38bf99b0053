/* kt_fork: fork in a multi-threaded process (only the calling thread
 * comes along, also when that is not the main thread) and the registers,
 * xmm included, that the child resumes with. */
#include "fork.h"

/* ---- fork with several threads ---------------------------------------------------- */

static volatile long private_ticks;

static int private_ticker(void *arg)
{
    (void)arg;
    while (!mb->stop) {
        private_ticks++;
        sys_yield();
    }
    return 0;
}

static int quiet_child(void *arg)
{
    (void)arg;
    /* Only the forking thread came along: nobody here moves private_ticks. */
    long t0 = private_ticks;
    sys_sleep(60 * MS);
    return private_ticks == t0 ? 0 : 1;
}

TEST(UFRK0005, "fork in a multi-threaded process copies only the calling thread")
{
    NEED_MAILBOX();
    void *top = stack_top();
    CHECK(top != NULL, "no stack");
    volatile int blk = -1;
    private_ticks = 0;
    EXPECT_OK(rt_thread_create(private_ticker, NULL, top, NULL, &blk));
    while (private_ticks < 3)
        sys_yield();
    int st = -1;
    long r = kt_fork_wait(quiet_child, NULL, &st);
    long before = private_ticks;
    sys_sleep(20 * MS);
    long after = private_ticks;
    m->stop = 1;
    EXPECT_EQ(rt_thread_join(&blk), 0);
    EXPECT_OK(r);
    CHECK(st == RT_EXITED(0), "a thread ran on in the child (status %#x)", st);
    CHECK(after > before, "the parent's own thread stopped after fork (%ld, %ld)", before, after);
}

static volatile int main_gate;
static volatile long fork_pid;

static int forking_thread(void *arg)
{
    long parent = (long)(uintptr_t)arg;
    long pid = sys_fork();
    if (pid == 0) {
        /* The child: only this thread. Wake a copied main thread if there were one. */
        main_gate = 1;
        sys_futex_wake((long)&main_gate, 10);
        sys_sleep(60 * MS);
        rt_exit(sys_getppid() == parent ? 0 : 2);
    }
    fork_pid = pid;
    main_gate = 1;
    sys_futex_wake((long)&main_gate, 10);
    return 0;
}

TEST(UFRK0006, "fork from a second thread: the child has that thread only")
{
    long me = sys_getpid();
    main_gate = 0;
    fork_pid = 0;
    void *top = stack_top();
    CHECK(top != NULL, "no stack");
    volatile int blk = -1;
    EXPECT_OK(rt_thread_create(forking_thread, (void *)(uintptr_t)me, top, NULL, &blk));
    while (main_gate == 0)
        sys_futex_wait((long)&main_gate, 0, 1000 * MS);
    if (sys_getpid() != me)
        rt_exit(66); /* a copy of this (main) thread ran in the child */
    EXPECT_EQ(rt_thread_join(&blk), 0);
    CHECK(fork_pid > 0, "fork from a thread = %ld", fork_pid);
    int st = -1;
    EXPECT_EQ(rt_wait(fork_pid, &st, 0), fork_pid);
    CHECK(st != RT_EXITED(66), "the main thread was copied into the child and ran there");
    EXPECT_EQ(st, RT_EXITED(0));
}

/* ---- registers ------------------------------------------------------------------- */

/* kt_fork_probe(out): loads rbx, rbp, r12..r15 and xmm0..xmm15 with patterns,
 * forks, and stores them (and fork's result) in out[0..22] in both
 * processes; returns fork's result. */
long kt_fork_probe(uint64_t *out);
__asm__(".text\n.globl kt_fork_probe\nkt_fork_probe:\n"
        "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
        "  push %rdi\n"
        "  movabs $0xF0F0000000000001, %rbx\n"
        "  movabs $0xF0F0000000000002, %rbp\n"
        "  movabs $0xF0F0000000000003, %r12\n"
        "  movabs $0xF0F0000000000004, %r13\n"
        "  movabs $0xF0F0000000000005, %r14\n"
        "  movabs $0xF0F0000000000006, %r15\n"
        "  movabs $0xF0F0000000000010, %rax\n movq %rax, %xmm0\n"
        "  inc %rax\n movq %rax, %xmm1\n inc %rax\n movq %rax, %xmm2\n"
        "  inc %rax\n movq %rax, %xmm3\n inc %rax\n movq %rax, %xmm4\n"
        "  inc %rax\n movq %rax, %xmm5\n inc %rax\n movq %rax, %xmm6\n"
        "  inc %rax\n movq %rax, %xmm7\n inc %rax\n movq %rax, %xmm8\n"
        "  inc %rax\n movq %rax, %xmm9\n inc %rax\n movq %rax, %xmm10\n"
        "  inc %rax\n movq %rax, %xmm11\n inc %rax\n movq %rax, %xmm12\n"
        "  inc %rax\n movq %rax, %xmm13\n inc %rax\n movq %rax, %xmm14\n"
        "  inc %rax\n movq %rax, %xmm15\n"
        "  mov $22, %eax\n" /* SYS_fork */
        "  syscall\n"
        "  pop %rdi\n"
        "  mov %rax, 0(%rdi)\n"
        "  mov %rbx, 8(%rdi)\n mov %rbp, 16(%rdi)\n mov %r12, 24(%rdi)\n"
        "  mov %r13, 32(%rdi)\n mov %r14, 40(%rdi)\n mov %r15, 48(%rdi)\n"
        "  movq %xmm0, 56(%rdi)\n movq %xmm1, 64(%rdi)\n movq %xmm2, 72(%rdi)\n"
        "  movq %xmm3, 80(%rdi)\n movq %xmm4, 88(%rdi)\n movq %xmm5, 96(%rdi)\n"
        "  movq %xmm6, 104(%rdi)\n movq %xmm7, 112(%rdi)\n movq %xmm8, 120(%rdi)\n"
        "  movq %xmm9, 128(%rdi)\n movq %xmm10, 136(%rdi)\n movq %xmm11, 144(%rdi)\n"
        "  movq %xmm12, 152(%rdi)\n movq %xmm13, 160(%rdi)\n movq %xmm14, 168(%rdi)\n"
        "  movq %xmm15, 176(%rdi)\n"
        "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
        "  ret\n");
_Static_assert(SYS_fork == 22, "kt_fork_probe's call number");

/* The first register of out[] that does not hold its pattern, or -1. */
static int probe_mismatch(const uint64_t *out)
{
    for (int i = 1; i <= 6; i++) {
        if (out[i] != (0xF0F0000000000000ULL | (uint64_t)i))
            return i;
    }
    for (int i = 7; i <= 22; i++) {
        if (out[i] != 0xF0F0000000000010ULL + (uint64_t)(i - 7))
            return i;
    }
    return -1;
}

TEST(UFRK0007, "the child resumes with the caller's registers, xmm0..xmm15 included")
{
    static uint64_t out[23];
    memset(out, 0, sizeof out);
    long pid = kt_fork_probe(out);
    if (pid == 0)
        rt_exit(probe_mismatch(out) < 0 ? 0 : 10 + probe_mismatch(out));
    CHECK(pid > 0, "fork = %ld", pid);
    int bad = probe_mismatch(out);
    CHECK(bad < 0, "in the parent, register %d after fork is %#lx", bad, out[bad]);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0),
          "in the child, register %d differed (1..6 rbx rbp r12..r15, 7.. xmm0..) (status %#x)",
          ((st >> 8) & 0xff) - 10, st);
}
