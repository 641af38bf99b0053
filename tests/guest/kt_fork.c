/* kt_fork: fork and exec work (docs/syscalls.md): the child gets private
 * copy-on-write copies of data, bss, anonymous memory and the stack, only
 * the calling thread, copies of the handles, signal actions and mask; exec
 * replaces the program (argv/envp, same pid, handles kept, other threads
 * ended, handlers reset), and a failed exec changes nothing. Owns UFRK*.
 *
 * Parent and child meet in a "mailbox": one shared-memory page mapped before
 * the first fork, so every child shares it with this process. */
#include "kt.h"

#define RW (PROT_READ | PROT_WRITE)

struct mailbox {
    volatile long go;   /* parent → child: "my writes are done" */
    volatile long word; /* child → parent: a value */
    volatile long ticks;
    volatile long stop;
};

static struct mailbox *mb;

/* The mailbox: kt's shared page, mapped before any fork, cleared for each case. */
static struct mailbox *mailbox(void)
{
    return mb = kt_shared_page(NULL);
}

#define NEED_MAILBOX()                                                                             \
    struct mailbox *m = mailbox();                                                                 \
    CHECK(m != NULL, "no mailbox: shm_create/shm_map failed")

static long exec_path(const char *path, const char *const *argv, const char *const *envp)
{
    return sys_exec((long)path, (long)strlen(path), (long)argv, (long)envp);
}

static void *stack_top(void)
{
    return rt_stack_alloc(64 << 10);
}

static volatile long data_var = 1111; /* .data */
static volatile long bss_var;         /* .bss */
static volatile long bss_pages[4 * PAGE_SIZE / sizeof(long)];

/* ---- fork's results ---------------------------------------------------------- */

TEST(UFRK0001, "fork returns the child's pid in the parent and 0 in the child")
{
    NEED_MAILBOX();
    long me = sys_getpid();
    long pid = sys_fork();
    if (pid == 0) {
        m->word = sys_getpid();
        rt_exit(sys_getppid() == me ? 0 : 1);
    }
    CHECK(pid > 0, "fork = %ld", pid);
    CHECK(pid != me, "fork returned the parent's own pid %ld", pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "the child's getppid was not the parent's pid (status %#x)", st);
    EXPECT_EQ(m->word, pid); /* the child's getpid is what fork returned */
}

/* ---- private copies -------------------------------------------------------------- */

static volatile long *heap;

static int private_child(void *arg)
{
    volatile long *stack_var = arg; /* the parent's stack variable, at the same address here */
    if (data_var != 1111 || bss_var != 2222 || heap[0] != 3333 || heap[1023] != 3334 ||
        *stack_var != 4444 || bss_pages[3 * 512] != 5555)
        return 10; /* the child did not start with the parent's values */
    if (!kt_await(&mb->go))
        return 11;
    /* The parent has written its own values by now: none may show here. */
    if (data_var != 1111 || bss_var != 2222 || heap[0] != 3333 || heap[1023] != 3334 ||
        *stack_var != 4444 || bss_pages[3 * 512] != 5555)
        return 12;
    data_var = -1;
    bss_var = -2;
    heap[0] = -3;
    heap[1023] = -4;
    *stack_var = -5;
    bss_pages[3 * 512] = -6;
    if (data_var != -1 || bss_var != -2 || heap[0] != -3 || heap[1023] != -4 || *stack_var != -5 ||
        bss_pages[3 * 512] != -6)
        return 13;
    return 0;
}

TEST(UFRK0002, "parent and child write data, bss, heap and stack: each sees only its own")
{
    NEED_MAILBOX();
    heap = rt_mmap(NULL, 2 * PAGE_SIZE, RW, 0);
    CHECK(heap != NULL, "mmap_anon failed");
    volatile long stack_var = 4444;
    data_var = 1111;
    bss_var = 2222;
    heap[0] = 3333;
    heap[1023] = 3334; /* the last word of the first page */
    bss_pages[3 * 512] = 5555;
    long pid = EXPECT_OK(kt_fork(private_child, (void *)&stack_var));
    data_var = 1;
    bss_var = 2;
    heap[0] = 3;
    heap[1023] = 4;
    stack_var = 5;
    bss_pages[3 * 512] = 6;
    m->go = 1;
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0),
          "child status %#x (10: values at fork wrong, 12: saw the parent's writes)", st);
    CHECK(data_var == 1 && bss_var == 2 && heap[0] == 3 && heap[1023] == 4 && stack_var == 5 &&
              bss_pages[3 * 512] == 6,
          "the child's writes showed in the parent: data %ld bss %ld heap %ld/%ld stack %ld",
          data_var, bss_var, heap[0], heap[1023], stack_var);
    sys_munmap((long)heap, 2 * PAGE_SIZE);
}

#define COW_PAGES  64
#define COW_ROUNDS 40

static volatile long *cow;

static long cow_value(int page, int gen)
{
    return ((long)gen << 20) | page;
}

static int cow_child(void *arg)
{
    int gen = (int)(uintptr_t)arg;
    for (int p = 0; p < COW_PAGES; p++) {
        if (cow[p * 512] != cow_value(p, gen))
            return 1;
    }
    for (int p = 0; p < COW_PAGES; p++)
        cow[p * 512] = cow_value(p, 1000 + gen);
    for (int p = 0; p < COW_PAGES; p++) {
        if (cow[p * 512] != cow_value(p, 1000 + gen))
            return 2;
    }
    return 0;
}

TEST(UFRK0003, "copy-on-write holds over 40 forks with writes on both sides")
{
    cow = rt_mmap(NULL, COW_PAGES * PAGE_SIZE, RW, 0);
    CHECK(cow != NULL, "mmap_anon failed");
    for (int gen = 0; gen < COW_ROUNDS; gen++) {
        for (int p = 0; p < COW_PAGES; p++)
            cow[p * 512] = cow_value(p, gen);
        long pid = EXPECT_OK(kt_fork(cow_child, (void *)(uintptr_t)gen));
        for (int p = 0; p < COW_PAGES; p += 2) /* the parent writes half the pages meanwhile */
            cow[p * 512] = cow_value(p, 500 + gen);
        int st = -1;
        EXPECT_EQ(rt_wait(pid, &st, 0), pid);
        CHECK(st == RT_EXITED(0), "round %d: child status %#x (1: wrong values at fork)", gen, st);
        for (int p = 0; p < COW_PAGES; p++) {
            long want = cow_value(p, p % 2 ? gen : 500 + gen);
            CHECK(cow[p * 512] == want, "round %d page %d: parent reads %#lx, expected %#lx", gen,
                  p, cow[p * 512], want);
        }
    }
    sys_munmap((long)cow, COW_PAGES * PAGE_SIZE);
}

static int grandchild(void *arg)
{
    long child_pid = (long)(uintptr_t)arg;
    if (sys_getppid() != child_pid)
        return 1;
    data_var = 9999;
    return 7;
}

static int forking_child(void *arg)
{
    (void)arg;
    data_var = 4242;
    int st = -1;
    long r = kt_fork_wait(grandchild, (void *)(uintptr_t)sys_getpid(), &st);
    if (r < 0)
        return 2;
    if (st != RT_EXITED(7))
        return 3;
    return data_var == 4242 ? 0 : 4;
}

TEST(UFRK0004, "a forked child forks again; the grandchild's parent is the child")
{
    data_var = 1111;
    EXPECT_FORK(forking_child, NULL, RT_EXITED(0));
    EXPECT_EQ(data_var, 1111);
}

/* ---- fork with several threads ---------------------------------------------------- */

static int ticker(void *arg)
{
    (void)arg;
    while (!mb->stop) {
        mb->ticks++;
        sys_yield();
    }
    return 0;
}

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

/* ---- handles and signals across fork ------------------------------------------------ */

static long shared_handle;

static int handle_child(void *arg)
{
    (void)arg;
    long a = sys_shm_map(shared_handle, 0, RW); /* the same handle number works here */
    if (a < 0)
        return 1;
    *(volatile long *)a = 0xABCD;
    if (sys_shm_unmap(a) != 0)
        return 2;
    return sys_handle_close(shared_handle) == 0 ? 0 : 3;
}

TEST(UFRK0008, "handles are copied: an shm handle works in the child; its close is its own")
{
    shared_handle = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_FORK(handle_child, NULL, RT_EXITED(0));
    long a = EXPECT_OK(sys_shm_map(shared_handle, 0, RW)); /* still open here */
    EXPECT_EQ(*(volatile long *)a, 0xABCD);
    EXPECT_EQ(sys_shm_unmap(a), 0);
    EXPECT_EQ(sys_handle_close(shared_handle), 0);
}

static volatile int usr1_count;

static void on_usr1(int sig)
{
    if (sig == SIGUSR1)
        usr1_count++;
}

static int sigstate_child(void *arg)
{
    (void)arg;
    uint64_t mask = 0;
    struct cobalt_sigaction old;
    if (rt_sigprocmask(SIG_BLOCK, 0, &mask) != 0 || !(mask & RT_SIGBIT(SIGUSR1)) ||
        !(mask & RT_SIGBIT(SIGUSR2)))
        return 1; /* the mask did not come along */
    if (sys_sigaction(SIGUSR1, 0, (long)&old) != 0 || old.handler != (uintptr_t)on_usr1)
        return 2; /* the action did not come along */
    usr1_count = 0;
    rt_sigprocmask(SIG_UNBLOCK, RT_SIGBIT(SIGUSR1), NULL);
    if (usr1_count != 0)
        return 3; /* the parent's pending SIGUSR1 was inherited */
    sys_kill(sys_getpid(), SIGUSR1);
    return usr1_count == 1 ? 0 : 4;
}

TEST(UFRK0009, "the child gets the signal actions and the caller's mask, not pending signals")
{
    EXPECT_EQ(rt_sigaction(SIGUSR1, on_usr1, 0, 0), 0);
    uint64_t old = 0;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1) | RT_SIGBIT(SIGUSR2), &old), 0);
    usr1_count = 0;
    EXPECT_EQ(sys_kill(sys_getpid(), SIGUSR1), 0); /* pending here */
    int st = -1;
    long r = kt_fork_wait(sigstate_child, NULL, &st);
    EXPECT_EQ(usr1_count, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, old, NULL), 0); /* the pending one arrives now */
    EXPECT_EQ(usr1_count, 1);
    EXPECT_EQ(rt_sigaction(SIGUSR1, RT_SIG_DFL, 0, 0), 0);
    EXPECT_OK(r);
    CHECK(st == RT_EXITED(0),
          "child status %#x (1: mask lost, 2: action lost, 3: pending inherited, 4: no handler)",
          st);
}

/* ---- exec ------------------------------------------------------------------------ */

static int exec_tiny(void *arg)
{
    (void)arg;
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    exec_path("bin/kt_tiny", argv, envp);
    return 100; /* exec returned */
}

TEST(UFRK0010, "exec bin/kt_tiny replaces the program: the process exits 42")
{
    EXPECT_FORK(exec_tiny, NULL, RT_EXITED(42));
}

static int exec_check(void *arg)
{
    (void)arg;
    char pid[24], h[24];
    ksnprintf(pid, sizeof pid, "%ld", sys_getpid());
    ksnprintf(h, sizeof h, "%ld", shared_handle);
    const char *argv[] = {kt_self, "exec-check", pid, h, "fourth argument", NULL};
    const char *envp[] = {"KT_A=1", "KT_B=two words", NULL};
    exec_path(kt_self, argv, envp);
    return 100;
}

/* Runs after exec: argv/envp, the same pid, the handle still open. */
static int after_exec_check(int argc, char **argv, char **envp)
{
    if (argc != 5 || strcmp(argv[4], "fourth argument") != 0)
        return 1;
    if (!envp[0] || strcmp(envp[0], "KT_A=1") != 0 || !envp[1] ||
        strcmp(envp[1], "KT_B=two words") != 0 || envp[2])
        return 2;
    if (sys_getpid() != rt_atol(argv[2]))
        return 3;
    long a = sys_shm_map(rt_atol(argv[3]), 0, RW);
    if (a < 0)
        return 4;
    *(volatile long *)a = 0x5EC0;
    return 0;
}

TEST(UFRK0011, "exec passes argv and envp, keeps the pid and the handles")
{
    shared_handle = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_FORK(exec_check, NULL, RT_EXITED(0));
    long a = EXPECT_OK(sys_shm_map(shared_handle, 0, RW));
    EXPECT_EQ(*(volatile long *)a, 0x5EC0);
    sys_shm_unmap(a);
    sys_handle_close(shared_handle);
}

static volatile long spin_ticks;

static int spinner(void *arg)
{
    (void)arg;
    while (spin_ticks >= 0) { /* until the process ends */
        spin_ticks++;
        sys_yield();
    }
    return 0;
}

static int failed_exec(void *arg)
{
    (void)arg;
    volatile long stack_var = 31337;
    data_var = 77;
    if (rt_sigaction(SIGUSR1, on_usr1, 0, 0) != 0)
        return 20;
    void *top = stack_top();
    if (!top || rt_thread_create(spinner, NULL, top, NULL, NULL) < 0)
        return 21;
    static const struct {
        const char *path;
        long err;
    } cases[] = {{"bin/does-not-exist", -ENOENT}, {"bin/bad/machine", -ENOEXEC},
                 {"bin/bad/wx", -ENOEXEC},        {"bin/bad/empty", -ENOEXEC},
                 {"etc/motd", -ENOEXEC},          {"bin/kt_tiny", 0}};
    for (int i = 0; cases[i].err; i++) {
        const char *argv[] = {cases[i].path, NULL};
        const char *envp[] = {NULL};
        long r = exec_path(cases[i].path, argv, envp);
        if (r != cases[i].err) {
            rt_log("kt_fork: exec(%s) = %ld, expected %ld", cases[i].path, r, cases[i].err);
            return 1 + i;
        }
    }
    if (data_var != 77 || stack_var != 31337)
        return 10; /* memory changed */
    long t0 = spin_ticks;
    sys_sleep(30 * MS);
    if (spin_ticks == t0)
        return 11; /* the other thread is gone */
    usr1_count = 0;
    sys_kill(sys_getpid(), SIGUSR1);
    if (usr1_count != 1)
        return 12; /* the handler is gone */
    return 0;
}

TEST(UFRK0012, "a failed exec (missing file, bad ELF) returns its error and changes nothing")
{
    EXPECT_FORK(failed_exec, NULL, RT_EXITED(0));
}

static int exec_threads(void *arg)
{
    (void)arg;
    long h = sys_shm_create(PAGE_SIZE);
    long a = h >= 0 ? sys_shm_map(h, 0, RW) : -1;
    if (a < 0)
        return 20;
    mb = (struct mailbox *)a; /* the tickers count in this page */
    for (int i = 0; i < 2; i++) {
        void *top = stack_top();
        if (!top || rt_thread_create(ticker, NULL, top, NULL, NULL) < 0)
            return 21;
    }
    while (mb->ticks < 10)
        sys_yield();
    char hs[24];
    ksnprintf(hs, sizeof hs, "%ld", h);
    const char *argv[] = {kt_self, "after-exec", hs, NULL};
    const char *envp[] = {NULL};
    exec_path(kt_self, argv, envp);
    return 100;
}

/* Runs after exec: the tickers of the old program must be gone. */
static int after_exec_threads(char **argv)
{
    long a = sys_shm_map(rt_atol(argv[2]), 0, RW);
    if (a < 0)
        return 1;
    volatile struct mailbox *box = (struct mailbox *)a;
    long t0 = box->ticks;
    sys_sleep(80 * MS);
    return box->ticks == t0 ? 0 : 2;
}

TEST(UFRK0013, "exec from a multi-threaded process ends the other threads")
{
    EXPECT_FORK(exec_threads, NULL, RT_EXITED(0));
}

static void on_usr2(int sig)
{
    (void)sig;
}

static int exec_sigs(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGUSR1, on_usr1, 0, 0) || rt_sigaction(SIGUSR2, RT_SIG_IGN, 0, 0) ||
        rt_sigaction(SIGTERM, on_usr2, 0, 0))
        return 20;
    rt_sigprocmask(SIG_SETMASK, RT_SIGBIT(SIGHUP), NULL);
    const char *argv[] = {kt_self, "exec-sigs", NULL};
    const char *envp[] = {NULL};
    exec_path(kt_self, argv, envp);
    return 100;
}

static int after_exec_sigs(void)
{
    struct cobalt_sigaction a;
    if (sys_sigaction(SIGUSR1, 0, (long)&a) != 0 || a.handler != COBALT_SIG_DFL)
        return 1;
    if (sys_sigaction(SIGTERM, 0, (long)&a) != 0 || a.handler != COBALT_SIG_DFL)
        return 2;
    if (sys_sigaction(SIGUSR2, 0, (long)&a) != 0 || a.handler != COBALT_SIG_IGN)
        return 3;
    uint64_t mask = 0;
    if (rt_sigprocmask(SIG_BLOCK, 0, &mask) != 0 || mask != RT_SIGBIT(SIGHUP))
        return 4;
    sys_kill(sys_getpid(), SIGUSR2); /* ignored: nothing happens */
    return 0;
}

TEST(UFRK0014, "exec resets handlers to COBALT_SIG_DFL, keeps COBALT_SIG_IGN and the mask (POSIX)")
{
    int st = -1;
    long r = kt_fork_wait(exec_sigs, NULL, &st);
    EXPECT_OK(r);
    CHECK(
        st == RT_EXITED(0),
        "status %#x (1, 2: a handler survived exec, 3: COBALT_SIG_IGN was reset, 4: mask changed)",
        st);
}

/* ---- many forks -------------------------------------------------------------------- */

#define BIG_PAGES  2048 /* 8 MiB */
#define BIG_ROUNDS 40   /* 320 MiB of copies in all: more than the machine has */

static volatile char *big;

static int dirty_all(void *arg)
{
    (void)arg;
    for (int p = 0; p < BIG_PAGES; p++)
        big[p * PAGE_SIZE] = (char)(p + 1);
    return 0;
}

TEST(UFRK0015, "copied pages are given back: 40 children each copy 8 MiB")
{
    big = rt_mmap(NULL, BIG_PAGES * PAGE_SIZE, RW, 0);
    CHECK(big != NULL, "mmap_anon of 8 MiB failed");
    for (int p = 0; p < BIG_PAGES; p++)
        big[p * PAGE_SIZE] = 1;
    for (int i = 0; i < BIG_ROUNDS; i++) {
        int st = -1;
        long r = kt_fork_wait(dirty_all, NULL, &st);
        if (r < 0) {
            char b[32];
            FAIL("round %d: fork = %s", i, rt_fmt_result(b, sizeof b, r));
        }
        CHECK(st == RT_EXITED(0), "round %d: child status %#x", i, st);
    }
    for (int p = 0; p < BIG_PAGES; p++)
        CHECK(big[p * PAGE_SIZE] == 1, "page %d changed in the parent", p);
    dirty_all(NULL); /* the parent owns its pages alone again */
    EXPECT_EQ(sys_munmap((long)big, BIG_PAGES * PAGE_SIZE), 0);
}

static int exit_arg(void *arg)
{
    return (int)(uintptr_t)arg;
}

/* A 16 KiB kernel stack leaked per process would exhaust memory long before the end. */
#define FORKS 20000

TEST(UFRK0016, "20000 forks in a row, each child's exit status reaches the parent")
{
    long last = 0;
    for (int i = 0; i < FORKS; i++) {
        long pid = kt_fork(exit_arg, (void *)(uintptr_t)(i & 0xff));
        if (pid < 0) {
            char b[32];
            FAIL("fork number %d = %s", i + 1, rt_fmt_result(b, sizeof b, pid));
        }
        CHECK(pid != last, "fork %d returned the pid of the previous child", i + 1);
        last = pid;
        int st = -1;
        EXPECT_EQ(rt_wait(pid, &st, 0), pid);
        EXPECT_EQ(st, RT_EXITED(i & 0xff));
    }
}

/* ---- fork inside a handler, orphans ----------------------------------------------------- */

static volatile long handler_fork;

static void fork_in_handler(int sig)
{
    (void)sig;
    handler_fork = sys_fork();
}

TEST(UFRK0017, "fork inside a signal handler: both return through sigreturn")
{
    long me = sys_getpid();
    handler_fork = -1;
    EXPECT_EQ(rt_sigaction(SIGUSR1, fork_in_handler, 0, 0), 0);
    EXPECT_EQ(sys_kill(me, SIGUSR1), 0);
    if (sys_getpid() != me) {
        /* The child, back from its own sigreturn: the handler's mask undone. */
        uint64_t mask = ~0ULL;
        rt_sigprocmask(SIG_BLOCK, 0, &mask);
        rt_exit(handler_fork == 0 && !(mask & RT_SIGBIT(SIGUSR1)) ? 0 : 1);
    }
    EXPECT_EQ(rt_sigaction(SIGUSR1, RT_SIG_DFL, 0, 0), 0);
    long pid = handler_fork;
    CHECK(pid > 0, "fork in the handler = %ld", pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "the child's return from the handler went wrong (status %#x)", st);
}

static int orphan_maker(void *arg)
{
    (void)arg;
    long pid = sys_fork();
    if (pid == 0) {
        sys_sleep(100 * MS); /* the parent is gone by then */
        mb->word = sys_getppid();
        mb->go = 1;
        rt_exit(0);
    }
    return pid > 0 ? 0 : 1; /* exits at once: its child is an orphan */
}

TEST(UFRK0018, "an orphan's getppid is no longer its dead parent's pid, nor 0 (POSIX)")
{
    NEED_MAILBOX();
    long pid = EXPECT_OK(kt_fork(orphan_maker, NULL));
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    CHECK(kt_await(&m->go), "the orphan never reported");
    CHECK(m->word != pid && m->word != 0,
          "the orphan's getppid() = %ld (its parent %ld has exited; POSIX reparents it to a "
          "system process)",
          m->word, pid);
}

static int child(int argc, char **argv)
{
    const char *mode = argv[1];
    if (strcmp(mode, "exec-check") == 0)
        return after_exec_check(argc, argv, rt_envp);
    if (strcmp(mode, "after-exec") == 0 && argc == 3)
        return after_exec_threads(argv);
    if (strcmp(mode, "exec-sigs") == 0)
        return after_exec_sigs();
    return 99;
}

KT_MAIN(child)
