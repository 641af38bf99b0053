/* kt_ipc: fmap: the client maps the server's shared memory, answers with
 * too small an object or a bad handle fail, and a read-only handle gives
 * no writable mapping. */
#include "ipc.h"

/* ---- fmap ----------------------------------------------------------------------------- */

static int fmap_server(void *arg)
{
    (void)arg;
    long ep = reg("kt-ipc-fmap");
    long shm = sys_shm_create(3 * PAGE_SIZE);
    long a = shm >= 0 ? sys_shm_map(shm, 0, RW) : -1;
    if (ep < 0 || a < 0)
        return 1;
    memcpy((char *)a, "page0", 6);
    memcpy((char *)a + PAGE_SIZE, "page1", 6);
    mb->ready = 1;
    struct scheme_request r;
    char b[64];
    for (;;) {
        if (sys_scheme_recv(ep, (long)&r, (long)b, sizeof b, 0) < 0)
            return 2;
        if (r.op == SCHEME_OPEN) {
            reply(ep, r.tag, 1, NULL, 0);
        } else if (r.op == SCHEME_FMAP) {
            mb->arg[0] = r.arg[0];
            mb->arg[1] = r.arg[1];
            mb->arg[2] = r.arg[2];
            if (reply(ep, r.tag, shm, NULL, 0) != 0)
                return 3;
            break;
        }
    }
    volatile long *page1 = (volatile long *)(a + PAGE_SIZE);
    uint64_t end = rt_now_ns() + 5000 * MS;
    while (page1[1] != 0xC11E) {
        if (rt_now_ns() > end)
            return 4; /* the client's write never showed here */
        sys_sleep(1 * MS);
    }
    page1[2] = 0x5E7;
    return 0;
}

TEST(UIPC0019, "fmap: the client maps the server's shared memory; writes show both ways")
{
    struct mailbox *m = mailbox();
    CHECK(m != NULL, "no mailbox");
    long pid = EXPECT_OK(kt_fork(fmap_server, NULL));
    CHECK(kt_await(&m->ready), "the server never got ready");
    long h = EXPECT_OK(open_path("kt-ipc-fmap:x", 0));
    long a = EXPECT_OK(sys_fmap(h, PAGE_SIZE, 2 * PAGE_SIZE, RW));
    EXPECT_EQ(m->arg[0], PAGE_SIZE);
    EXPECT_EQ(m->arg[1], 2 * PAGE_SIZE);
    EXPECT_EQ(m->arg[2], RW);
    CHECK(memcmp((char *)a, "page1", 6) == 0, "the mapping starts with '%s', not page 1",
          (char *)a);
    EXPECT_EQ(*(volatile long *)(a + PAGE_SIZE), 0); /* page 2: untouched, zero */
    volatile long *w = (volatile long *)a;
    w[1] = 0xC11E;
    uint64_t end = rt_now_ns() + 5000 * MS;
    while (w[2] != 0x5E7 && rt_now_ns() < end)
        sys_sleep(1 * MS);
    EXPECT_EQ(w[2], 0x5E7);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "server status %#x (4: the client's write never showed)", st);
    CHECK(memcmp((char *)a, "page1", 6) == 0, "the mapping changed when the server exited");
    EXPECT_EQ(sys_shm_unmap(a), 0);
    sys_handle_close(h);
}

static int c_fmaps(void *arg)
{
    struct client *c = arg;
    c->r[0] = sys_fmap(c->h, 0, 2 * PAGE_SIZE, RW);
    c->r[1] = sys_fmap(c->h, PAGE_SIZE, PAGE_SIZE, PROT_READ);
    c->r[2] = sys_fmap(c->h, 0, PAGE_SIZE, RW);
    c->r[3] = sys_fmap(c->h, 0, PAGE_SIZE, RW);
    c->r[4] = sys_fmap(c->h, 0, PAGE_SIZE, RW);
    return 0;
}

TEST(UIPC0020, "fmap answered with too small an object or a bad handle fails with -EIO")
{
    long ep = EXPECT_OK(reg("kt-ipc-s"));
    long small = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long nomap = EXPECT_OK(sys_handle_dup(small, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE));
    ca.h = OPEN_SERVED(ep, "kt-ipc-s:f", 1);
    START(&ca, c_fmaps);
    TAKE(ep, SCHEME_FMAP); /* 2 pages from a 1-page object */
    EXPECT_EQ(reply(ep, rq.tag, small, NULL, 0), 0);
    TAKE(ep, SCHEME_FMAP); /* page 1 of a 1-page object */
    EXPECT_EQ(reply(ep, rq.tag, small, NULL, 0), 0);
    TAKE(ep, SCHEME_FMAP);
    long r = reply(ep, rq.tag, ep, NULL, 0); /* not shared memory */
    CHECK(r < 0, "answering FMAP with an endpoint handle: reply = %ld", r);
    TAKE(ep, SCHEME_FMAP);
    r = reply(ep, rq.tag, nomap, NULL, 0); /* no map right */
    CHECK(r < 0, "answering FMAP with a handle without the map right: reply = %ld", r);
    TAKE(ep, SCHEME_FMAP);
    EXPECT_EQ(reply(ep, rq.tag, small, NULL, 0), 0); /* this one fits */
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], -EIO);
    EXPECT_EQ(ca.r[1], -EIO);
    EXPECT_EQ(ca.r[2], -EIO);
    EXPECT_EQ(ca.r[3], -EIO);
    CHECK(ca.r[4] > 0, "a fitting fmap = %ld", ca.r[4]);
    sys_shm_unmap(ca.r[4]);
    sys_handle_close(ep);
    sys_handle_close(ca.h);
    sys_handle_close(small);
    sys_handle_close(nomap);
}

static int c_fmap_rw_then_ro(void *arg)
{
    struct client *c = arg;
    c->r[0] = sys_fmap(c->h, 0, PAGE_SIZE, RW);
    c->r[1] = sys_fmap(c->h, 0, PAGE_SIZE, PROT_READ);
    return 0;
}

TEST(UIPC0025, "fmap: a server cannot hand out a writable mapping of an object it holds read-only")
{
    long ep = EXPECT_OK(reg("kt-ipc-ro"));
    long obj = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long ro = EXPECT_OK(sys_handle_dup(obj, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP));
    ca.h = OPEN_SERVED(ep, "kt-ipc-ro:f", 1);
    START(&ca, c_fmap_rw_then_ro);
    TAKE(ep, SCHEME_FMAP); /* asks for read/write */
    long r = reply(ep, rq.tag, ro, NULL, 0);
    CHECK(r < 0, "answering a writable FMAP with a read-only handle: reply = %ld", r);
    TAKE(ep, SCHEME_FMAP); /* asks for read-only */
    EXPECT_EQ(reply(ep, rq.tag, ro, NULL, 0), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], -EIO);
    CHECK(ca.r[1] > 0, "a read-only fmap = %ld", ca.r[1]);
    EXPECT_EQ(sys_mprotect(ca.r[1], PAGE_SIZE, RW), -EACCES);
    sys_shm_unmap(ca.r[1]);
    sys_handle_close(ep);
    sys_handle_close(ca.h);
    sys_handle_close(ro);
    sys_handle_close(obj);
}
