/* kt_ipc: bad client buffers (unmapped while the request waits) and
 * copy-on-write buffers on both sides of a request. */
#include "ipc.h"

/* ---- bad client buffers, copy-on-write buffers ----------------------------------------- */

TEST(UIPC0021,
     "a client buffer unmapped while its request waits: -EFAULT, the server never sees it")
{
    long ep = EXPECT_OK(reg("kt-ipc-t"));
    ca.h = OPEN_SERVED(ep, "kt-ipc-t:f", 2);
    char *w = rt_mmap(NULL, 2 * PAGE_SIZE, RW, 0);
    CHECK(w != NULL, "mmap_anon failed");
    memset(w, 'w', 2 * PAGE_SIZE);
    ca.wbuf = w + 100;
    ca.wlen = PAGE_SIZE;
    START(&ca, c_write);
    sys_sleep(20 * MS); /* queued */
    EXPECT_EQ(sys_munmap((long)w, 2 * PAGE_SIZE), 0);
    EXPECT_NOTHING(ep);     /* the bad request is dropped, not handed over */
    TAKE(ep, SCHEME_WRITE); /* the len-0 write after it */
    EXPECT_EQ(rq.payload_total, 0);
    EXPECT_EQ(reply(ep, rq.tag, 0, NULL, 0), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], -EFAULT);
    /* A read whose buffer goes away before the answer: -EFAULT, and reply says 0. */
    char *r = rt_mmap(NULL, PAGE_SIZE, RW, 0);
    CHECK(r != NULL, "mmap_anon failed");
    ca.rbuf = r;
    ca.rlen = 64;
    START(&ca, c_big_read);
    TAKE(ep, SCHEME_READ);
    EXPECT_EQ(sys_munmap((long)r, PAGE_SIZE), 0);
    EXPECT_EQ(reply(ep, rq.tag, 0, "0123456789", 10), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], -EFAULT);
    sys_handle_close(ep);
    sys_handle_close(ca.h);
}

static char srv_cow[256], cli_cow[64];

static int cow_client(void *arg)
{
    (void)arg;
    long h = open_path("kt-ipc-u:f", 0);
    if (h < 0)
        return 1;
    if (sys_write(h, (long)"hello", 5) != 5)
        return 2;
    if (sys_read(h, (long)cli_cow, 8) != 8 || memcmp(cli_cow, "REPLY123", 8) != 0)
        return 3;
    for (size_t i = 0; i < sizeof srv_cow; i++) {
        if (srv_cow[i] != 'S')
            return 4; /* the server's receive landed in this process's copy */
    }
    return 0;
}

TEST(UIPC0022, "payload and reply copies into copy-on-write buffers stay private to their side")
{
    memset(srv_cow, 'S', sizeof srv_cow);
    memset(cli_cow, 'C', sizeof cli_cow);
    long ep = EXPECT_OK(reg("kt-ipc-u"));
    long pid = EXPECT_OK(kt_fork(cow_client, NULL)); /* both buffers now shared copy-on-write */
    struct scheme_request r;
    EXPECT_EQ(take(ep, &r, srv_cow, sizeof srv_cow), 1);
    EXPECT_EQ(r.op, SCHEME_OPEN);
    EXPECT_EQ(reply(ep, r.tag, 1, NULL, 0), 0);
    EXPECT_EQ(take(ep, &r, srv_cow, sizeof srv_cow), 5);
    EXPECT_EQ(r.op, SCHEME_WRITE);
    CHECK(memcmp(srv_cow, "hello", 5) == 0, "the payload did not land in the server's buffer");
    EXPECT_EQ(reply(ep, r.tag, 5, NULL, 0), 0);
    EXPECT_EQ(take(ep, &r, srv_cow, sizeof srv_cow), 0);
    EXPECT_EQ(r.op, SCHEME_READ);
    EXPECT_EQ(reply(ep, r.tag, 0, "REPLY123", 8), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "client status %#x (3: wrong reply, 4: saw the server's copy)", st);
    for (size_t i = 0; i < sizeof cli_cow; i++)
        CHECK(cli_cow[i] == 'C', "the reply for the child landed in the server's copy (byte %lu)",
              i);
    sys_handle_close(ep);
}
