/* kt_ipc: read and write through a scheme: exact, short and empty reads,
 * exact write payloads, 1 MiB each way, a payload bigger than the receive
 * buffer, and the server's errors reaching the client. */
#include "ipc.h"

/* ---- read ----------------------------------------------------------------------- */

static int c_reads(void *arg)
{
    struct client *c = arg;
    memset(c->buf, 0xEE, sizeof c->buf);
    c->r[0] = sys_read(c->h, (long)c->buf[0], 64);
    c->r[1] = sys_read(c->h, (long)c->buf[1], 0);
    c->r[2] = sys_read(c->h, (long)c->buf[2], 4);
    return 0;
}

TEST(UIPC0002, "read returns the server's bytes: exact, short, len 0, never more than asked")
{
    long ep = EXPECT_OK(reg("kt-ipc-b"));
    ca.h = OPEN_SERVED(ep, "kt-ipc-b:f", 9);
    START(&ca, c_reads);
    TAKE(ep, SCHEME_READ);
    EXPECT_EQ(rq.id, 9);
    EXPECT_EQ(rq.arg[0], 64);
    EXPECT_EQ(rq.payload_total, 0);
    EXPECT_EQ(reply(ep, rq.tag, 0, "0123456789", 10), 0); /* a short read */
    TAKE(ep, SCHEME_READ);
    EXPECT_EQ(rq.arg[0], 0);
    EXPECT_EQ(reply(ep, rq.tag, 0, NULL, 0), 0);
    TAKE(ep, SCHEME_READ);
    EXPECT_EQ(rq.arg[0], 4);
    EXPECT_EQ(reply(ep, rq.tag, 0, "ABCDEFGHIJ", 10), 0); /* more than asked */
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], 10);
    CHECK(memcmp(ca.buf[0], "0123456789", 10) == 0, "read got other bytes");
    EXPECT_EQ((unsigned char)ca.buf[0][10], 0xEE); /* nothing past the count */
    EXPECT_EQ(ca.r[1], 0);
    EXPECT_EQ((unsigned char)ca.buf[1][0], 0xEE);
    EXPECT_EQ(ca.r[2], 4);
    CHECK(memcmp(ca.buf[2], "ABCD", 4) == 0, "read of 4 got other bytes");
    EXPECT_EQ((unsigned char)ca.buf[2][4], 0xEE);
    sys_handle_close(ep);
    sys_handle_close(ca.h);
}

/* ---- write ---------------------------------------------------------------------- */

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 7 + seed + (i >> 8));
}

static size_t first_diff(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return i;
    }
    return n;
}

TEST(UIPC0003, "write delivers the exact payload; the client gets the server's count")
{
    static unsigned char data[300];
    fill(data, sizeof data, 1);
    long ep = EXPECT_OK(reg("kt-ipc-c"));
    ca.h = OPEN_SERVED(ep, "kt-ipc-c:f", 3);
    ca.wbuf = data;
    ca.wlen = sizeof data;
    START(&ca, c_write);
    TAKE(ep, SCHEME_WRITE);
    EXPECT_EQ(rq.id, 3);
    EXPECT_EQ(rq.payload_len, 300);
    EXPECT_EQ(rq.payload_total, 300);
    size_t d = first_diff((unsigned char *)sbuf, data, 300);
    CHECK(d == 300, "payload byte %lu differs", d);
    EXPECT_EQ(reply(ep, rq.tag, 123, NULL, 0), 0);
    TAKE(ep, SCHEME_WRITE);
    EXPECT_EQ(rq.payload_total, 0);
    EXPECT_EQ(reply(ep, rq.tag, 0, NULL, 0), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], 123);
    EXPECT_EQ(ca.r[1], 0);
    sys_handle_close(ep);
    sys_handle_close(ca.h);
}

#define MIB (1UL << 20)

TEST(UIPC0004, "1 MiB written and 1 MiB read arrive exactly")
{
    unsigned char *src = rt_mmap(NULL, MIB, RW, 0);
    unsigned char *dst = rt_mmap(NULL, MIB, RW, 0);
    unsigned char *srv = rt_mmap(NULL, MIB, RW, 0);
    CHECK(src && dst && srv, "mmap_anon of 1 MiB failed");
    fill(src, MIB, 5);
    long ep = EXPECT_OK(reg("kt-ipc-d"));
    ca.h = OPEN_SERVED(ep, "kt-ipc-d:big", 4);
    ca.wbuf = src;
    ca.wlen = MIB;
    START(&ca, c_write);
    long n = take(ep, &rq, srv, MIB);
    EXPECT_EQ(n, MIB);
    EXPECT_EQ(rq.op, SCHEME_WRITE);
    EXPECT_EQ(rq.payload_len, MIB);
    EXPECT_EQ(rq.payload_total, MIB);
    size_t d = first_diff(srv, src, MIB);
    CHECK(d == MIB, "payload byte %lu of 1 MiB differs", d);
    EXPECT_EQ(reply(ep, rq.tag, MIB, NULL, 0), 0);
    TAKE(ep, SCHEME_WRITE); /* the len-0 write */
    EXPECT_EQ(reply(ep, rq.tag, 0, NULL, 0), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], MIB);
    /* And back: the server answers a 1 MiB read with 1 MiB. */
    fill(srv, MIB, 9);
    ca.rbuf = (char *)dst;
    ca.rlen = MIB;
    START(&ca, c_big_read);
    TAKE(ep, SCHEME_READ);
    EXPECT_EQ(rq.arg[0], MIB);
    EXPECT_EQ(reply(ep, rq.tag, 0, srv, MIB), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], MIB);
    d = first_diff(dst, srv, MIB);
    CHECK(d == MIB, "read byte %lu of 1 MiB differs", d);
    sys_handle_close(ep);
    sys_handle_close(ca.h);
    sys_munmap((long)src, MIB);
    sys_munmap((long)dst, MIB);
    sys_munmap((long)srv, MIB);
}

TEST(UIPC0005, "a payload bigger than the receive buffer: payload_total > payload_len")
{
    static unsigned char data[10000];
    fill(data, sizeof data, 3);
    long ep = EXPECT_OK(reg("kt-ipc-e"));
    ca.h = OPEN_SERVED(ep, "kt-ipc-e:f", 1);
    ca.wbuf = data;
    ca.wlen = sizeof data;
    START(&ca, c_write);
    memset(sbuf, 0x77, sizeof sbuf);
    long n = take(ep, &rq, sbuf, 4096);
    EXPECT_EQ(n, 4096);
    EXPECT_EQ(rq.op, SCHEME_WRITE);
    EXPECT_EQ(rq.payload_len, 4096);
    EXPECT_EQ(rq.payload_total, 10000);
    size_t d = first_diff((unsigned char *)sbuf, data, 4096);
    CHECK(d == 4096, "payload byte %lu differs", d);
    for (size_t i = 4096; i < sizeof sbuf; i++)
        CHECK((unsigned char)sbuf[i] == 0x77, "byte %lu past the buffer's length was written", i);
    EXPECT_EQ(reply(ep, rq.tag, 4096, NULL, 0), 0);
    TAKE(ep, SCHEME_WRITE);
    EXPECT_EQ(reply(ep, rq.tag, 0, NULL, 0), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], 4096);
    sys_handle_close(ep);
    sys_handle_close(ca.h);
}

/* ---- errors from the server ------------------------------------------------------ */

static int c_failing_calls(void *arg)
{
    struct client *c = arg;
    memset(c->buf, 0xEE, sizeof c->buf);
    c->r[0] = open_path("kt-ipc-f:missing", 0);
    c->r[1] = sys_read(c->h, (long)c->buf[0], 8);
    c->r[2] = sys_write(c->h, (long)"x", 1);
    c->r[3] = sys_fmap(c->h, 0, PAGE_SIZE, RW);
    return 0;
}

TEST(UIPC0006, "the server's errors reach the client: open, read, write, fmap")
{
    long ep = EXPECT_OK(reg("kt-ipc-f"));
    ca.h = OPEN_SERVED(ep, "kt-ipc-f:f", 1);
    START(&ca, c_failing_calls);
    TAKE(ep, SCHEME_OPEN);
    EXPECT_EQ(reply(ep, rq.tag, -ENOENT, NULL, 0), 0);
    TAKE(ep, SCHEME_READ);
    EXPECT_EQ(reply(ep, rq.tag, -EIO, "ignored", 7), 0);
    TAKE(ep, SCHEME_WRITE);
    EXPECT_EQ(reply(ep, rq.tag, -ENOSPC, NULL, 0), 0);
    TAKE(ep, SCHEME_FMAP);
    EXPECT_EQ(reply(ep, rq.tag, -ENODEV, NULL, 0), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], -ENOENT);
    EXPECT_EQ(ca.r[1], -EIO);
    EXPECT_EQ((unsigned char)ca.buf[0][0], 0xEE); /* an error answer copies no data */
    EXPECT_EQ(ca.r[2], -ENOSPC);
    EXPECT_EQ(ca.r[3], -ENODEV);
    EXPECT_NOTHING(ep); /* a failed open made no file: no CLOSE */
    sys_handle_close(ep);
    sys_handle_close(ca.h);
}
