/* kt_thread: set_fs_base, thread_create, thread_exit, gettid and the futex
 * calls (docs/syscalls.md), with a futex mutex built on them (rt.c). Owns
 * UTHR*. */
#include "kt.h"

#define STACK (64UL << 10)

/* A TLS block whose first word points at itself, as a libc lays it out. */
struct tls {
    struct tls *self;
    long value;
};

static void *stack(void)
{
    return rt_stack_alloc(STACK);
}

#define START(tid, blk, fn, arg, fs)                                                               \
    do {                                                                                           \
        void *top_ = stack();                                                                      \
        CHECK(top_ != NULL, "no stack for a thread (mmap_anon failed)");                           \
        (blk) = -1;                                                                                \
        tid = rt_thread_create(fn, arg, top_, fs, &(blk));                                         \
        if (tid < 0) {                                                                             \
            char b_[32];                                                                           \
            FAIL("thread_create = %s", rt_fmt_result(b_, 32, tid));                                \
        }                                                                                          \
    } while (0)

#define JOIN(blk) EXPECT_EQ(rt_thread_join(&(blk)), 0)

TEST(UTHR0001, "gettid returns a positive id, the same every time")
{
    long tid = sys_gettid();
    CHECK(tid > 0, "gettid() = %ld", tid);
    EXPECT_EQ(sys_gettid(), tid);
}

TEST(UTHR0002, "set_fs_base makes %fs:0 read the TLS block")
{
    static struct tls t = {&t, 1};
    EXPECT_EQ(sys_set_fs_base((long)&t), 0);
    EXPECT_EQ(rt_fs_self(), (uintptr_t)&t);
    static struct tls u = {&u, 2};
    EXPECT_EQ(sys_set_fs_base((long)&u), 0);
    EXPECT_EQ(rt_fs_self(), (uintptr_t)&u);
}

/* ---- a thread sees what it was started with -------------------------------- */

struct seen {
    long tid;
    uintptr_t rsp, fs, arg;
};
extern struct seen seen; /* global: raw_entry's asm stores into it */
struct seen seen;

/* Raw thread entry (no trampoline): records rsp, rdi and %fs:0, then exits. */
void raw_entry(void);
__asm__(".text\n"
        ".globl raw_entry\n"
        "raw_entry:\n"
        "  mov %rsp, seen+8(%rip)\n"
        "  mov %rdi, seen+24(%rip)\n"
        "  mov %fs:0, %rax\n"
        "  mov %rax, seen+16(%rip)\n"
        "  mov $17, %eax\n" /* SYS_gettid */
        "  syscall\n"
        "  mov %rax, seen+0(%rip)\n"
        "  xor %edi, %edi\n"
        "  mov $16, %eax\n" /* SYS_thread_exit */
        "  syscall\n"
        "  ud2\n");
_Static_assert(SYS_gettid == 17 && SYS_thread_exit == 16, "raw_entry's call numbers");

TEST(UTHR0003, "a new thread starts at entry with rdi = arg, rsp = stack_top, its fs_base")
{
    static struct tls t = {&t, 3};
    char *top = stack();
    CHECK(top != NULL, "no stack (mmap_anon failed)");
    volatile int blk = -1;
    long tid = sys_thread_create((long)raw_entry, (long)top, 0x1234abcd, (long)&t, (long)&blk);
    CHECK(tid > 0, "thread_create = %ld", tid);
    CHECK(tid != sys_gettid(), "the new thread got the caller's tid %ld", tid);
    JOIN(blk);
    EXPECT_EQ(seen.arg, 0x1234abcd);
    EXPECT_EQ(seen.rsp, (uintptr_t)top);
    EXPECT_EQ(seen.fs, (uintptr_t)&t);
    EXPECT_EQ(seen.tid, tid);
}

/* ---- clear_tid and join -------------------------------------------------- */

static int return_arg(void *arg)
{
    return (int)(uintptr_t)arg;
}

TEST(UTHR0004, "thread_exit writes 0 to clear_tid and wakes the joiner")
{
    volatile int blk;
    long tid;
    START(tid, blk, return_arg, (void *)7, NULL);
    (void)tid;
    JOIN(blk);
    EXPECT_EQ(blk, 0);
}

static int sleepy(void *arg)
{
    (void)arg;
    rt_sleep_ns(50 * MS);
    return 0;
}

TEST(UTHR0005, "a joiner blocked in futex_wait is woken when the thread exits")
{
    volatile int blk;
    long tid;
    START(tid, blk, sleepy, NULL, NULL);
    /* The thread sleeps 50 ms: this futex_wait really blocks. */
    int v = blk;
    CHECK(v == -1, "clear_tid changed before the thread ended: %d", v);
    long r = sys_futex_wait((long)&blk, (long)(uint32_t)v, 0);
    CHECK(r == 0 || r == -EAGAIN, "futex_wait on clear_tid = %ld", r);
    JOIN(blk);
    (void)tid;
}

/* ---- the futex mutex under contention ------------------------------------- */

#define WORKERS 4
#define ROUNDS  20000

static rt_mutex counter_lock;
static volatile long counter;

static int worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        rt_mutex_lock(&counter_lock);
        long c = counter; /* a plain read-modify-write: only the mutex protects it */
        if ((i & 1023) == 0)
            sys_yield(); /* hold the lock across a switch now and then */
        counter = c + 1;
        rt_mutex_unlock(&counter_lock);
    }
    return 0;
}

TEST(UTHR0006, "4 threads x 20000 increments under a futex mutex count to 80000")
{
    volatile int blk[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        long tid;
        START(tid, blk[i], worker, NULL, NULL);
        (void)tid;
    }
    for (int i = 0; i < WORKERS; i++)
        JOIN(blk[i]);
    EXPECT_EQ(counter, WORKERS * ROUNDS);
}

/* ---- futex calls ----------------------------------------------------------- */

TEST(UTHR0007, "futex_wait with a value that differs fails at once with -EAGAIN")
{
    static volatile int word = 5;
    EXPECT_EQ(sys_futex_wait((long)&word, 6, 0), -EAGAIN);
    EXPECT_EQ(sys_futex_wait((long)&word, 4, 1000 * MS), -EAGAIN);
}

TEST(UTHR0008, "futex_wait times out with -ETIMEDOUT after at least its timeout")
{
    static volatile int word = 0;
    uint64_t t0 = rt_now_ns();
    EXPECT_EQ(sys_futex_wait((long)&word, 0, 20 * MS), -ETIMEDOUT);
    uint64_t d = rt_now_ns() - t0;
    CHECK(d >= 20 * MS && d < 5000 * MS, "a 20 ms futex_wait lasted %lu ns", d);
}

TEST(UTHR0009, "futex_wake with no waiters returns 0")
{
    static volatile int word = 0;
    EXPECT_EQ(sys_futex_wake((long)&word, 1), 0);
    EXPECT_EQ(sys_futex_wake((long)&word, 100), 0);
}

static volatile int gate;
static volatile int arrived;

static int gate_waiter(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
    while (gate == 0)
        sys_futex_wait((long)&gate, 0, 0);
    return 0;
}

TEST(UTHR0010, "futex_wake wakes at most count waiters and says how many")
{
    volatile int blk[3];
    for (int i = 0; i < 3; i++) {
        long tid;
        START(tid, blk[i], gate_waiter, NULL, NULL);
        (void)tid;
    }
    while (arrived < 3)
        sys_yield();
    EXPECT_EQ(sys_sleep(50 * MS), 0); /* let all three reach futex_wait */
    EXPECT_EQ(sys_futex_wake((long)&gate, 2), 2);
    EXPECT_EQ(sys_sleep(20 * MS), 0); /* the two woken go back to sleep: gate is still 0 */
    gate = 1;
    long woken = sys_futex_wake((long)&gate, 100);
    CHECK(woken == 3, "futex_wake(100) with 3 waiters = %ld", woken);
    for (int i = 0; i < 3; i++)
        JOIN(blk[i]);
}

TEST(UTHR0017, "futex_wait matches a negative int word given as its 32-bit pattern")
{
    static volatile int word = -2;
    EXPECT_EQ(sys_futex_wait((long)&word, 0xFFFFFFFDL, 0), -EAGAIN);         /* -3: differs */
    EXPECT_EQ(sys_futex_wait((long)&word, 0xFFFFFFFEL, 1 * MS), -ETIMEDOUT); /* -2: waits */
}

static volatile int limit_gate;

static int limit_waiter(void *arg)
{
    (void)arg;
    while (limit_gate == 0)
        sys_futex_wait((long)&limit_gate, 0, 0);
    return 0;
}

TEST(UTHR0018, "thread_create fails with -EAGAIN beyond 64 threads; after they end it works")
{
    static volatile int blk[70];
    int made = 0;
    long r = 0;
    for (; made < 70; made++) {
        void *top = stack();
        CHECK(top != NULL, "no stack for thread %d", made + 1);
        blk[made] = -1;
        r = rt_thread_create(limit_waiter, NULL, top, NULL, &blk[made]);
        if (r < 0)
            break;
    }
    limit_gate = 1;
    sys_futex_wake((long)&limit_gate, 1000);
    for (int i = 0; i < made; i++)
        JOIN(blk[i]);
    /* 64 threads in all: 63 besides this one (or 64 if the main thread is not counted). */
    CHECK(r == -EAGAIN && (made == 63 || made == 64),
          "thread_create number %d returned %ld: expected -EAGAIN at 64 threads", made + 1, r);
    volatile int again = -1;
    long tid;
    START(tid, again, return_arg, NULL, NULL);
    (void)tid;
    JOIN(again);
}

/* ---- exit and faults with several threads (in children) ------------------ */

TEST(UTHR0011, "exit from a second thread ends the whole process with its status")
{
    EXPECT_CHILD("exit-from-thread", "", RT_EXITED(7));
}

TEST(UTHR0012, "when the last thread calls thread_exit, the process exits with status 0")
{
    /* The main thread leaves with thread_exit(3), the other later with thread_exit(5). */
    EXPECT_CHILD("last-thread", "", RT_EXITED(0));
}

TEST(UTHR0013, "a fault in a second thread kills the whole process with SIGSEGV")
{
    EXPECT_CHILD("thread-fault", "", RT_KILLED(SIGSEGV));
}

TEST(UTHR0014, "500 threads created and joined one after another (nothing leaks)")
{
    for (int i = 0; i < 500; i++) {
        static char *top;
        if (!top)
            top = stack(); /* one stack, reused: each thread has ended before the next */
        CHECK(top != NULL, "no stack");
        volatile int blk = -1;
        long tid = rt_thread_create(return_arg, NULL, top, NULL, &blk);
        if (tid < 0) {
            char b[32];
            FAIL("thread %d: thread_create = %s", i + 1, rt_fmt_result(b, sizeof b, tid));
        }
        JOIN(blk);
    }
}

/* ---- thread_kill, set_clear_tid ------------------------------------------- */

static volatile long usr1_tid;
static volatile int target_ready;
static volatile int target_done;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_tid = sys_gettid();
}

static int usr1_target(void *arg)
{
    (void)arg;
    target_ready = 1;
    while (!usr1_tid)
        sys_yield();
    target_done = 1;
    return 0;
}

TEST(UTHR0019, "thread_kill delivers a signal to exactly the named thread")
{
    usr1_tid = 0, target_ready = 0, target_done = 0;
    EXPECT_EQ(rt_sigaction(SIGUSR1, on_usr1, 0, 0), 0);
    volatile int tid_word = 1;
    void *stack = rt_stack_alloc(64 * 1024);
    CHECK(stack != NULL, "stack allocation failed");
    long tid = rt_thread_create(usr1_target, 0, stack, 0, &tid_word);
    CHECK(tid > 0, "thread_create failed: %ld", tid);
    while (!target_ready)
        sys_yield();
    EXPECT_EQ(sys_thread_kill(tid, SIGUSR1), 0);
    EXPECT_EQ(rt_thread_join(&tid_word), 0);
    EXPECT_EQ(usr1_tid, tid); /* the handler ran on the target, not on us */
    EXPECT_EQ(target_done, 1);
    EXPECT_EQ(sys_thread_kill(tid, 0), -ESRCH); /* it is gone */
    EXPECT_EQ(sys_thread_kill(sys_gettid(), 0), 0);
}

static volatile uint32_t clear_word;

static int set_clear_then_exit(void *arg)
{
    (void)arg;
    long r = sys_set_clear_tid((long)&clear_word);
    return r == sys_gettid() ? 0 : 1;
}

TEST(UTHR0020, "set_clear_tid: the word is zeroed and woken when the thread exits")
{
    clear_word = 7;
    void *stack = rt_stack_alloc(64 * 1024);
    CHECK(stack != NULL, "stack allocation failed");
    long tid = rt_thread_create(set_clear_then_exit, 0, stack, 0, NULL);
    CHECK(tid > 0, "thread_create failed: %ld", tid);
    /* Wait on the word the thread registered for itself. */
    for (int i = 0; i < 1000 && clear_word == 7; i++)
        sys_futex_wait((long)&clear_word, 7, 10 * MS);
    EXPECT_EQ(clear_word, 0);
}

static volatile uint64_t child_mask;

static int report_mask(void *arg)
{
    (void)arg;
    uint64_t m = 0;
    sys_sigprocmask(SIG_BLOCK, 0, (long)&m);
    child_mask = m;
    return 0;
}

TEST(UTHR0021, "a new thread starts with its creator's signal mask (as pthread_create)")
{
    uint64_t block = RT_SIGBIT(SIGUSR2) | RT_SIGBIT(SIGHUP), old = 0;
    EXPECT_EQ(sys_sigprocmask(SIG_SETMASK, (long)&block, (long)&old), 0);
    volatile int tid_word = 1;
    void *stack = rt_stack_alloc(64 * 1024);
    CHECK(stack != NULL, "stack allocation failed");
    long tid = rt_thread_create(report_mask, 0, stack, 0, &tid_word);
    EXPECT_EQ(sys_sigprocmask(SIG_SETMASK, (long)&old, 0), 0);
    CHECK(tid > 0, "thread_create failed: %ld", tid);
    EXPECT_EQ(rt_thread_join(&tid_word), 0);
    EXPECT_EQ(child_mask, block);
}

static volatile uint32_t shared_word;

TEST(UTHR0022, "futex wakes never cross processes, whatever address the other side uses")
{
    shared_word = 0;
    long pid = sys_fork();
    if (pid == 0) {
        /* Aim at the parent's word with every nearby address: none may wake it. */
        for (long k = 0; k < 64; k++) {
            sys_futex_wake((long)&shared_word, 1);
            sys_futex_wake((long)&shared_word ^ (k << 21), 1);
            sys_futex_wake((long)&shared_word ^ (k << 16), 1);
        }
        rt_exit(0);
    }
    CHECK(pid > 0, "fork failed: %ld", pid);
    EXPECT_EQ(sys_futex_wait((long)&shared_word, 0, 200 * MS), -ETIMEDOUT);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
}

static volatile int xmm_bad;

/* kt_xmm_yield(v): puts v in xmm3, yields 5 times, returns what xmm3 holds. */
uint64_t kt_xmm_yield(uint64_t v);
__asm__(".text\n.globl kt_xmm_yield\nkt_xmm_yield:\n"
        "  movq %rdi, %xmm3\n"
        "  mov $5, %r8d\n"
        "1: mov $8, %eax\n" /* SYS_yield; r8 survives the call */
        "  syscall\n"
        "  dec %r8d\n jnz 1b\n"
        "  movq %xmm3, %rax\n"
        "  ret\n");
_Static_assert(SYS_yield == 8, "kt_xmm_yield's call number");

static int xmm_worker(void *arg)
{
    uint64_t seed = (uintptr_t)arg * 0x9E3779B97F4A7C15ULL;
    for (int round = 0; round < 300; round++) {
        if (kt_xmm_yield(seed) != seed)
            xmm_bad = 1;
        seed += 0x1111;
    }
    return 0;
}

TEST(UTHR0015, "xmm registers are per thread across yields")
{
    EXPECT_CHILD("xmm-threads", "", RT_EXITED(0));
}

static int fs_worker(void *arg)
{
    struct tls *t = arg;
    for (int i = 0; i < 200; i++) {
        if (rt_fs_self() != (uintptr_t)t)
            return 1;
        sys_yield();
    }
    return 0;
}

static volatile int fs_results[3];

static int fs_worker_wrap(void *arg)
{
    struct tls *t = arg;
    fs_results[t->value] = fs_worker(arg) ? 1 : 2;
    return 0;
}

TEST(UTHR0016, "each thread keeps its own fs_base across switches")
{
    static struct tls t[3];
    volatile int blk[3];
    for (int i = 0; i < 3; i++) {
        t[i].self = &t[i];
        t[i].value = i;
        long tid;
        START(tid, blk[i], fs_worker_wrap, &t[i], &t[i]);
        (void)tid;
    }
    for (int i = 0; i < 3; i++)
        JOIN(blk[i]);
    for (int i = 0; i < 3; i++)
        CHECK(fs_results[i] == 2, "thread %d saw a wrong %%fs:0 (result %d)", i, fs_results[i]);
}

/* ---- children ---------------------------------------------------------- */

static int exit_seven(void *arg)
{
    (void)arg;
    rt_exit(7);
}

static int late_five(void *arg)
{
    (void)arg;
    rt_sleep_ns(30 * MS);
    return 5;
}

static int fault_thread(void *arg)
{
    (void)arg;
    rt_poke(16);
    return 0;
}

static int xmm_threads(void)
{
    volatile int blk[3];
    for (int i = 0; i < 3; i++) {
        void *top = stack();
        blk[i] = -1;
        if (!top ||
            rt_thread_create(xmm_worker, (void *)(uintptr_t)(i + 1), top, NULL, &blk[i]) < 0)
            return 2;
    }
    for (int i = 0; i < 3; i++) {
        if (rt_thread_join(&blk[i]) != 0)
            return 3;
    }
    return xmm_bad ? 1 : 0;
}

static int child(int argc, char **argv)
{
    (void)argc;
    const char *mode = argv[1];
    rt_thread_fn fn = NULL;
    if (strcmp(mode, "exit-from-thread") == 0)
        fn = exit_seven;
    else if (strcmp(mode, "last-thread") == 0)
        fn = late_five;
    else if (strcmp(mode, "thread-fault") == 0)
        fn = fault_thread;
    else if (strcmp(mode, "xmm-threads") == 0)
        return xmm_threads();
    else
        return 99;
    void *top = stack();
    if (!top)
        return 98;
    if (rt_thread_create(fn, NULL, top, NULL, NULL) < 0)
        return 97;
    if (fn == late_five)
        rt_thread_exit(3); /* the main thread ends first; the process lives on */
    static volatile int forever;
    for (;;) /* blocks until the other thread ends the process */
        sys_futex_wait((long)&forever, 0, 0);
}

KT_MAIN(child)
