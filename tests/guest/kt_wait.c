/* kt_wait: wait_many works (docs/syscalls.md): it wakes for a request on a
 * scheme endpoint and for an exited child, polls with timeout 0, times out
 * after about the time asked (monotonic clock), reports exactly the ready
 * items, and returns -EINTR for a handled signal. IRQ handles are covered by
 * kt_dev. Owns UWAI*. */
#include "kt.h"

#define RW      (PROT_READ | PROT_WRITE)
#define FOREVER (-1L) /* all ones */
#define GARBAGE 0xA5A5u

static long reg(const char *name)
{
    return sys_scheme_register((long)name, (long)strlen(name));
}

static long open_path(const char *path)
{
    return sys_open((long)path, (long)strlen(path), 0);
}

static void set_items(struct wait_item *it, const long *handles, int n)
{
    for (int i = 0; i < n; i++) {
        it[i].handle = (int32_t)handles[i];
        it[i].events = WAIT_READABLE;
        it[i].revents = GARBAGE; /* the kernel must overwrite it */
        it[i].reserved = 0;
    }
}

static long wait_many(struct wait_item *it, int n, long timeout)
{
    return sys_wait_many((long)it, n, timeout);
}

/* Answers the one pending OPEN (non-blocking) with id 1; 0 or the error. */
static long serve_open(long ep)
{
    struct scheme_request rq;
    char buf[64];
    long n = sys_scheme_recv(ep, (long)&rq, (long)buf, sizeof buf, SCHEME_RECV_NONBLOCK);
    if (n < 0)
        return n;
    if (rq.op != SCHEME_OPEN)
        return -EIO; /* not an OPEN */
    return sys_scheme_reply(ep, (long)rq.tag, 1, 0, 0);
}

/* ---- threads that open a path after a delay ------------------------------------------- */

struct opener {
    volatile int blk;
    const char *path;
    uint64_t delay;
    volatile long result;
};

static int opener_main(void *arg)
{
    struct opener *o = arg;
    if (o->delay)
        sys_sleep((long)o->delay);
    o->result = open_path(o->path);
    return 0;
}

static bool start_opener(struct opener *o, const char *path, uint64_t delay)
{
    void *top = rt_stack_alloc(64 << 10);
    o->path = path;
    o->delay = delay;
    o->result = 0x7777;
    o->blk = -1;
    return top && rt_thread_create(opener_main, o, top, NULL, &o->blk) >= 0;
}

static bool join_opener(struct opener *o)
{
    uint64_t end = rt_now_ns() + 3000 * MS;
    int v;
    while ((v = o->blk) != 0) {
        if (rt_now_ns() > end)
            return false;
        sys_futex_wait((long)&o->blk, (long)(uint32_t)v, 50 * MS);
    }
    return true;
}

/* ---- endpoints ---------------------------------------------------------------------- */

static int open_later(void *arg)
{
    sys_sleep(30 * MS);
    long h = open_path((const char *)arg);
    return h >= 0 ? 0 : 1;
}

TEST(UWAI0001, "an endpoint item wakes when another process's request arrives")
{
    long ep = EXPECT_OK(reg("kt-wait-a"));
    long pid = EXPECT_OK(kt_fork(open_later, "kt-wait-a:x"));
    struct wait_item it[1];
    set_items(it, &ep, 1);
    uint64_t t0 = rt_now_ns();
    long r = wait_many(it, 1, 3000 * MS);
    uint64_t d = rt_now_ns() - t0;
    EXPECT_EQ(r, 1);
    EXPECT_EQ(it[0].revents, WAIT_READABLE);
    CHECK(d >= 10 * MS, "wait_many returned after %lu us: before the request was sent", d / 1000);
    EXPECT_EQ(serve_open(ep), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    sys_handle_close(ep);
}

TEST(UWAI0002, "an endpoint item wakes when another thread's request arrives (forever timeout)")
{
    long ep = EXPECT_OK(reg("kt-wait-b"));
    static struct opener o;
    CHECK(start_opener(&o, "kt-wait-b:y", 30 * MS), "could not start a thread");
    struct wait_item it[1];
    set_items(it, &ep, 1);
    uint64_t t0 = rt_now_ns();
    long r = wait_many(it, 1, FOREVER);
    uint64_t d = rt_now_ns() - t0;
    EXPECT_EQ(r, 1);
    EXPECT_EQ(it[0].revents, WAIT_READABLE);
    CHECK(d >= 10 * MS, "wait_many returned after %lu us: before the request was sent", d / 1000);
    EXPECT_EQ(serve_open(ep), 0);
    CHECK(join_opener(&o), "the opening thread hangs");
    CHECK(o.result >= 0, "open = %ld", o.result);
    sys_handle_close(o.result);
    sys_handle_close(ep);
}

TEST(UWAI0003, "a waiting request stays ready until it is received")
{
    long ep = EXPECT_OK(reg("kt-wait-c"));
    static struct opener o;
    CHECK(start_opener(&o, "kt-wait-c:z", 0), "could not start a thread");
    struct wait_item it[1];
    set_items(it, &ep, 1);
    EXPECT_EQ(wait_many(it, 1, 3000 * MS), 1);
    set_items(it, &ep, 1);
    EXPECT_EQ(wait_many(it, 1, 0), 1); /* still there */
    EXPECT_EQ(it[0].revents, WAIT_READABLE);
    EXPECT_EQ(serve_open(ep), 0);
    set_items(it, &ep, 1);
    EXPECT_EQ(wait_many(it, 1, 0), 0); /* taken */
    EXPECT_EQ(it[0].revents, 0);
    CHECK(join_opener(&o), "the opening thread hangs");
    sys_handle_close(o.result);
    sys_handle_close(ep);
}

/* ---- children ------------------------------------------------------------------------- */

static int exit_after(void *arg)
{
    sys_sleep((long)(uintptr_t)arg);
    return 5;
}

TEST(UWAI0004, "WAIT_CHILDREN wakes when a child exits; not before, not after it is reaped")
{
    long pid = EXPECT_OK(kt_fork(exit_after, (void *)(uintptr_t)(40 * MS)));
    long wc = WAIT_CHILDREN;
    struct wait_item it[1];
    set_items(it, &wc, 1);
    EXPECT_EQ(wait_many(it, 1, 0), 0); /* running: nothing to collect */
    EXPECT_EQ(it[0].revents, 0);
    set_items(it, &wc, 1);
    EXPECT_EQ(wait_many(it, 1, 3000 * MS), 1);
    EXPECT_EQ(it[0].revents, WAIT_READABLE);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), pid);
    EXPECT_EQ(st, RT_EXITED(5));
    set_items(it, &wc, 1);
    EXPECT_EQ(wait_many(it, 1, 0), 0); /* reaped */
}

TEST(UWAI0005, "WAIT_CHILDREN with a child that exited already returns at once")
{
    long pid = EXPECT_OK(kt_fork(exit_after, (void *)0));
    sys_sleep(30 * MS);
    long wc = WAIT_CHILDREN;
    struct wait_item it[1];
    set_items(it, &wc, 1);
    uint64_t t0 = rt_now_ns();
    EXPECT_EQ(wait_many(it, 1, 2000 * MS), 1);
    CHECK(rt_now_ns() - t0 < 500 * MS, "wait_many took %lu ms", (rt_now_ns() - t0) / MS);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
}

/* ---- timeouts ------------------------------------------------------------------------ */

TEST(UWAI0006, "timeout 0 polls: returns 0 at once and clears every revents")
{
    long ep = EXPECT_OK(reg("kt-wait-d"));
    long handles[2] = {ep, WAIT_CHILDREN};
    struct wait_item it[2];
    uint64_t t0 = rt_now_ns();
    for (int i = 0; i < 20; i++) {
        set_items(it, handles, 2);
        EXPECT_EQ(wait_many(it, 2, 0), 0);
        EXPECT_EQ(it[0].revents, 0);
        EXPECT_EQ(it[1].revents, 0);
    }
    uint64_t d = rt_now_ns() - t0;
    CHECK(d < 200 * MS, "20 polls took %lu ms", d / MS);
    sys_handle_close(ep);
}

static void timed(long timeout_ms)
{
    long ep = reg("kt-wait-e");
    if (ep < 0) {
        KT_FAIL("scheme_register = %ld", ep);
        return;
    }
    long handles[2] = {ep, WAIT_CHILDREN};
    struct wait_item it[2];
    set_items(it, handles, 2);
    uint64_t t0 = rt_now_ns();
    long r = wait_many(it, 2, timeout_ms * (long)MS);
    uint64_t d = rt_now_ns() - t0;
    sys_handle_close(ep);
    if (r != 0 || it[0].revents || it[1].revents)
        KT_FAIL("wait_many(%ld ms) = %ld, revents %u %u", timeout_ms, r, it[0].revents,
                it[1].revents);
    else if (d < (uint64_t)timeout_ms * MS || d > (uint64_t)timeout_ms * MS + 500 * MS)
        KT_FAIL("a %ld ms wait_many lasted %lu us", timeout_ms, d / 1000);
}

TEST(UWAI0007, "a finite timeout returns 0 ready after about that long (50 ms, 120 ms)")
{
    timed(50);
    KT_RETURN_IF_FAILED();
    timed(120);
}

/* ---- several items ------------------------------------------------------------------------ */

TEST(UWAI0008, "of several items only the ready one is reported, with its revents")
{
    long eps[4];
    eps[0] = EXPECT_OK(reg("kt-wait-f0"));
    eps[1] = EXPECT_OK(reg("kt-wait-f1"));
    eps[2] = EXPECT_OK(reg("kt-wait-f2"));
    eps[3] = WAIT_CHILDREN;
    static struct opener o;
    CHECK(start_opener(&o, "kt-wait-f1:a", 20 * MS), "could not start a thread");
    struct wait_item it[4];
    set_items(it, eps, 4);
    EXPECT_EQ(wait_many(it, 4, 3000 * MS), 1);
    EXPECT_EQ(it[0].revents, 0);
    EXPECT_EQ(it[1].revents, WAIT_READABLE);
    EXPECT_EQ(it[2].revents, 0);
    EXPECT_EQ(it[3].revents, 0);
    EXPECT_EQ(serve_open(eps[1]), 0);
    CHECK(join_opener(&o), "the opening thread hangs");
    sys_handle_close(o.result);
    for (int i = 0; i < 3; i++)
        sys_handle_close(eps[i]);
}

TEST(UWAI0009, "two ready items of three: both reported, the count is 2")
{
    long eps[3];
    eps[0] = EXPECT_OK(reg("kt-wait-g0"));
    eps[1] = EXPECT_OK(reg("kt-wait-g1"));
    eps[2] = WAIT_CHILDREN;
    static struct opener o1;
    CHECK(start_opener(&o1, "kt-wait-g0:a", 0), "could not start a thread");
    long pid = EXPECT_OK(kt_fork(exit_after, (void *)0));
    sys_sleep(30 * MS); /* the open is queued and the child has exited */
    struct wait_item it[3];
    set_items(it, eps, 3);
    EXPECT_EQ(wait_many(it, 3, 3000 * MS), 2);
    EXPECT_EQ(it[0].revents, WAIT_READABLE);
    EXPECT_EQ(it[1].revents, 0);
    EXPECT_EQ(it[2].revents, WAIT_READABLE);
    EXPECT_EQ(serve_open(eps[0]), 0);
    CHECK(join_opener(&o1), "the opening thread hangs");
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    sys_handle_close(o1.result);
    sys_handle_close(eps[0]);
    sys_handle_close(eps[1]);
}

/* ---- signals ------------------------------------------------------------------------- */

struct mailbox {
    volatile long ready;
};

static struct mailbox *mb;

static volatile int usr1_seen;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_seen = 1;
}

static int interrupted_waiter(void *arg)
{
    (void)arg;
    long ep = reg("kt-wait-h");
    if (ep < 0)
        return 3;
    long handles[2] = {ep, WAIT_CHILDREN};
    struct wait_item it[2];
    set_items(it, handles, 2);
    mb->ready = 1;
    long r = wait_many(it, 2, FOREVER);
    return r == -EINTR ? (usr1_seen ? 0 : 2) : 1;
}

TEST(UWAI0010, "wait_many returns -EINTR when a handled signal arrives")
{
    if (!mb) {
        long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
        mb = (struct mailbox *)EXPECT_OK(sys_shm_map(h, 0, RW));
    }
    mb->ready = 0;
    EXPECT_EQ(rt_sigaction(SIGUSR1, on_usr1, 0, 0), 0);
    long pid = kt_fork(interrupted_waiter, NULL);
    rt_sigaction(SIGUSR1, RT_SIG_DFL, 0, 0);
    EXPECT_OK(pid);
    uint64_t end = rt_now_ns() + 3000 * MS;
    while (!mb->ready && rt_now_ns() < end)
        sys_sleep(1 * MS);
    CHECK(mb->ready, "the child never got ready");
    sys_sleep(30 * MS); /* it blocks in wait_many now */
    EXPECT_EQ(sys_kill(pid, SIGUSR1), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "child status %#x (1: wait_many did not return -EINTR)", st);
}

KT_MAIN(NULL)
