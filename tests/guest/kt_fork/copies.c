/* kt_fork: fork's results and the child's private copy-on-write copies of
 * data, bss, heap and stack (also over many forks and from a forked
 * child); copied pages given back, and 20000 forks in a row. */
#include "fork.h"

static volatile long bss_var; /* .bss */
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
