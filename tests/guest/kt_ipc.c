/* kt_ipc: scheme IPC works (docs/syscalls.md, docs/kernel.md "IPC: schemes"):
 * what a server receives for open/read/write/close/fmap and what its
 * answers do for the client, exact payloads small and large, handles
 * duplicated and closed, several clients at once, a server that dies or
 * closes its endpoint, a client that dies or is interrupted mid-request,
 * tags, shared memory through fmap. Owns UIPC*.
 *
 * Most cases serve from the main thread, step by step, while client threads
 * (or forked clients) make the blocking calls; handles are per process, so
 * the main thread also uses the files its client threads opened. Scheme
 * names differ per case, so a failed case leaves nothing for the next. */
#include "kt.h"

#define RW (PROT_READ | PROT_WRITE)

static long reg(const char *name)
{
    return sys_scheme_register((long)name, (long)strlen(name));
}

static long open_path(const char *path, long flags)
{
    return sys_open((long)path, (long)strlen(path), flags);
}

static long reply(long ep, uint64_t tag, long result, const void *data, size_t len)
{
    return sys_scheme_reply(ep, (long)tag, result, (long)data, (long)len);
}

static long recv_nb(long ep, struct scheme_request *r, void *buf, size_t cap)
{
    return sys_scheme_recv(ep, (long)r, (long)buf, (long)cap, SCHEME_RECV_NONBLOCK);
}

/* The next request within 3 s (polling, so a missing request fails the case
 * instead of hanging it): recv's result, or -ETIMEDOUT. */
static long take(long ep, struct scheme_request *r, void *buf, size_t cap)
{
    uint64_t end = rt_now_ns() + 3000 * MS;
    for (;;) {
        long n = recv_nb(ep, r, buf, cap);
        if (n != -EAGAIN)
            return n;
        if (rt_now_ns() > end)
            return -ETIMEDOUT;
        sys_sleep(1 * MS);
    }
}

static const char *op_name(uint32_t op)
{
    static const char *const names[] = {"?", "OPEN", "READ", "WRITE", "CLOSE", "FMAP"};
    return op <= SCHEME_FMAP ? names[op] : "?";
}

static struct scheme_request rq;
static char sbuf[8192];

/* Takes the next request into rq/sbuf and checks its op. */
#define TAKE(ep, want_op)                                                                          \
    do {                                                                                           \
        long n_ = take(ep, &rq, sbuf, sizeof sbuf);                                                \
        if (n_ < 0) {                                                                              \
            char b_[32];                                                                           \
            FAIL("waiting for a %s request: %s", op_name(want_op), rt_fmt_result(b_, 32, n_));     \
        }                                                                                          \
        CHECK(rq.op == (want_op), "request op %u (%s), expected %s", rq.op, op_name(rq.op),        \
              op_name(want_op));                                                                   \
    } while (0)

#define EXPECT_NOTHING(ep) EXPECT_EQ(recv_nb(ep, &rq, sbuf, sizeof sbuf), -EAGAIN)

/* ---- client threads ---------------------------------------------------------------- */

struct client {
    volatile int blk; /* clear_tid: 0 once the thread has ended */
    long h;           /* the file it works on */
    const char *path;
    const void *wbuf;
    size_t wlen;
    char *rbuf;
    size_t rlen;
    volatile long r[6]; /* results of its calls */
    char buf[3][64];
};

static struct client ca, cb;

static bool start(struct client *c, rt_thread_fn fn)
{
    if (c->blk != 0)
        return false; /* a thread of an earlier (failed) case still runs */
    void *top = rt_stack_alloc(64 << 10);
    for (int i = 0; i < 6; i++)
        c->r[i] = 0x7777;
    c->blk = -1;
    if (!top || rt_thread_create(fn, c, top, NULL, &c->blk) < 0) {
        c->blk = 0;
        return false;
    }
    return true;
}

/* Waits up to 3 s for the thread to end. */
static bool join(struct client *c)
{
    uint64_t end = rt_now_ns() + 3000 * MS;
    int v;
    while ((v = c->blk) != 0) {
        if (rt_now_ns() > end)
            return false;
        sys_futex_wait((long)&c->blk, (long)(uint32_t)v, 50 * MS);
    }
    return true;
}

#define START(c, fn) CHECK(start(c, fn), "could not start a client thread")
#define JOIN(c)      CHECK(join(c), "a client thread is still blocked after 3 s")

static int c_open(void *arg)
{
    struct client *c = arg;
    c->r[0] = open_path(c->path, 0);
    return 0;
}

/* Opens `path` from a client thread and answers the OPEN with `id`; the handle. */
static long open_served(long ep, const char *path, long id)
{
    ca.path = path;
    if (!start(&ca, c_open))
        return -1000;
    long n = take(ep, &rq, sbuf, sizeof sbuf);
    if (n < 0 || rq.op != SCHEME_OPEN || reply(ep, rq.tag, id, NULL, 0) != 0 || !join(&ca))
        return -1001;
    return ca.r[0];
}

#define OPEN_SERVED(ep, path, id)                                                                  \
    __extension__({                                                                                \
        long h_ = open_served(ep, path, id);                                                       \
        CHECK(h_ >= 0, "opening %s through the scheme failed (%ld)", path, h_);                    \
        h_;                                                                                        \
    })

/* ---- open --------------------------------------------------------------------- */

static int c_two_opens(void *arg)
{
    struct client *c = arg;
    sys_sleep(20 * MS); /* the server is blocked in scheme_recv by now */
    c->r[0] = open_path("kt-ipc-a:some/path.txt", 0x42);
    c->r[1] = open_path("kt-ipc-a:", 0);
    return 0;
}

TEST(UIPC0001, "open: the server sees the path after 'name:', the flags, the client pid")
{
    long ep = EXPECT_OK(reg("kt-ipc-a"));
    START(&ca, c_two_opens);
    memset(sbuf, 0, sizeof sbuf);
    long n = sys_scheme_recv(ep, (long)&rq, (long)sbuf, sizeof sbuf, 0); /* blocks */
    EXPECT_EQ(n, 13);
    EXPECT_EQ(rq.op, SCHEME_OPEN);
    CHECK(memcmp(sbuf, "some/path.txt", 13) == 0, "the server got path '%s'", sbuf);
    EXPECT_EQ(rq.payload_len, 13);
    EXPECT_EQ(rq.payload_total, 13);
    EXPECT_EQ(rq.arg[0], 0x42);
    EXPECT_EQ(rq.client_pid, sys_getpid());
    EXPECT_EQ(rq.id, 0);
    uint64_t tag1 = rq.tag;
    EXPECT_EQ(reply(ep, rq.tag, 0x123456789AL, NULL, 0), 0); /* the file id */
    TAKE(ep, SCHEME_OPEN);
    EXPECT_EQ(rq.payload_total, 0); /* "kt-ipc-a:": an empty path */
    CHECK(rq.tag != tag1, "two requests got the same tag %lu", tag1);
    EXPECT_EQ(reply(ep, rq.tag, 2, NULL, 0), 0);
    JOIN(&ca);
    CHECK(ca.r[0] >= 0 && ca.r[1] >= 0 && ca.r[0] != ca.r[1], "open results %ld, %ld", ca.r[0],
          ca.r[1]);
    /* The id travels with later requests on the file. */
    EXPECT_EQ(sys_handle_close(ca.r[0]), 0);
    TAKE(ep, SCHEME_CLOSE);
    EXPECT_EQ(rq.id, 0x123456789AL);
    EXPECT_EQ(sys_handle_close(ep), 0);
    EXPECT_EQ(sys_handle_close(ca.r[1]), 0);
}

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

static int c_write(void *arg)
{
    struct client *c = arg;
    c->r[0] = sys_write(c->h, (long)c->wbuf, (long)c->wlen);
    c->r[1] = sys_write(c->h, (long)c->wbuf, 0);
    return 0;
}

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

static int c_big_read(void *arg)
{
    struct client *c = arg;
    c->r[0] = sys_read(c->h, (long)c->rbuf, (long)c->rlen);
    return 0;
}

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

/* ---- close and dup ---------------------------------------------------------------- */

TEST(UIPC0007, "closing the last handle of a file sends one CLOSE with its id")
{
    long ep = EXPECT_OK(reg("kt-ipc-g"));
    long h5 = OPEN_SERVED(ep, "kt-ipc-g:five", 5);
    long h6 = OPEN_SERVED(ep, "kt-ipc-g:six", 6);
    long d = EXPECT_OK(sys_handle_dup(h5, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE));
    EXPECT_EQ(sys_handle_close(h5), 0);
    EXPECT_NOTHING(ep); /* the duplicate still holds the file */
    EXPECT_EQ(sys_handle_close(d), 0);
    TAKE(ep, SCHEME_CLOSE);
    EXPECT_EQ(rq.id, 5);
    EXPECT_EQ(rq.payload_total, 0);
    EXPECT_NOTHING(ep);
    EXPECT_EQ(sys_handle_close(h6), 0);
    TAKE(ep, SCHEME_CLOSE);
    EXPECT_EQ(rq.id, 6);
    EXPECT_NOTHING(ep);
    sys_handle_close(ep);
}

static int c_one_read(void *arg)
{
    struct client *c = arg;
    memset(c->buf, 0, sizeof c->buf);
    c->r[0] = sys_read(c->h, (long)c->buf[0], 16);
    return 0;
}

TEST(UIPC0008, "a handle_dup'ed file works after the original handle is closed")
{
    long ep = EXPECT_OK(reg("kt-ipc-h"));
    long h = OPEN_SERVED(ep, "kt-ipc-h:f", 8);
    long d = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ));
    EXPECT_EQ(sys_handle_close(h), 0);
    ca.h = d;
    START(&ca, c_one_read);
    TAKE(ep, SCHEME_READ);
    EXPECT_EQ(rq.id, 8);
    EXPECT_EQ(reply(ep, rq.tag, 0, "dup!", 4), 0);
    JOIN(&ca);
    EXPECT_EQ(ca.r[0], 4);
    CHECK(memcmp(ca.buf[0], "dup!", 4) == 0, "read through the duplicate got '%s'", ca.buf[0]);
    EXPECT_EQ(sys_write(d, (long)"x", 1), -EACCES); /* the duplicate has the read right only */
    EXPECT_NOTHING(ep);
    EXPECT_EQ(sys_handle_close(d), 0);
    TAKE(ep, SCHEME_CLOSE);
    EXPECT_EQ(rq.id, 8);
    sys_handle_close(ep);
}

/* ---- several clients -------------------------------------------------------------- */

#define CLIENTS 3
#define ROUNDS  5

static long multi_ep;

static int multi_client(void *arg)
{
    int i = (int)(uintptr_t)arg;
    sys_handle_close(multi_ep); /* inherited from fork: the parent serves it */
    char path[32];
    ksnprintf(path, sizeof path, "kt-ipc-m:c%d", i);
    long h = open_path(path, 0);
    if (h < 0)
        return 1;
    for (int round = 0; round < ROUNDS; round++) {
        char msg[32], back[48];
        int len = ksnprintf(msg, sizeof msg, "hello %d.%d", i, round);
        if (sys_write(h, (long)msg, len) != len)
            return 2;
        long n = sys_read(h, (long)back, sizeof back);
        if (n != len + 5 || memcmp(back, "echo:", 5) != 0 || memcmp(back + 5, msg, len) != 0)
            return 3;
    }
    return sys_handle_close(h) == 0 ? 0 : 4;
}

TEST(UIPC0009, "three client processes at once, each gets the answers meant for it")
{
    multi_ep = EXPECT_OK(reg("kt-ipc-m"));
    long pids[CLIENTS];
    for (int i = 0; i < CLIENTS; i++)
        pids[i] = EXPECT_OK(kt_fork(multi_client, (void *)(uintptr_t)i));
    static char last[CLIENTS + 1][40];
    static long last_len[CLIENTS + 1];
    int closes = 0, requests = 0;
    while (closes < CLIENTS) {
        long n = take(multi_ep, &rq, sbuf, sizeof sbuf);
        if (n < 0) {
            char b[32];
            FAIL("after %d requests and %d closes: %s", requests, closes,
                 rt_fmt_result(b, sizeof b, n));
        }
        requests++;
        if (rq.op == SCHEME_CLOSE) {
            closes++;
            continue;
        }
        if (rq.op == SCHEME_OPEN) {
            int i = sbuf[1] - '0';
            CHECK(rq.payload_len == 2 && sbuf[0] == 'c' && i >= 0 && i < CLIENTS,
                  "unexpected open path");
            EXPECT_EQ(rq.client_pid, pids[i]);
            EXPECT_EQ(reply(multi_ep, rq.tag, i + 1, NULL, 0), 0);
            continue;
        }
        CHECK(rq.id >= 1 && rq.id <= CLIENTS, "request for unknown file id %lu", rq.id);
        EXPECT_EQ(rq.client_pid, pids[rq.id - 1]);
        if (rq.op == SCHEME_WRITE) {
            CHECK(rq.payload_len < 32, "write of %lu bytes", rq.payload_len);
            memcpy(last[rq.id], "echo:", 5);
            memcpy(last[rq.id] + 5, sbuf, rq.payload_len);
            last_len[rq.id] = (long)rq.payload_len + 5;
            EXPECT_EQ(reply(multi_ep, rq.tag, (long)rq.payload_len, NULL, 0), 0);
        } else {
            EXPECT_EQ(reply(multi_ep, rq.tag, 0, last[rq.id], (size_t)last_len[rq.id]), 0);
        }
    }
    for (int i = 0; i < CLIENTS; i++) {
        int st = -1;
        EXPECT_EQ(rt_wait(pids[i], &st, 0), pids[i]);
        CHECK(st == RT_EXITED(0), "client %d ended with status %#x (2: write, 3: read back)", i,
              st);
    }
    EXPECT_EQ(requests, CLIENTS * (2 + 2 * ROUNDS));
    sys_handle_close(multi_ep);
}

/* ---- a server that goes away ----------------------------------------------------------- */

struct mailbox {
    volatile long ready;
    volatile long word;
    volatile uint64_t arg[3];
};

static struct mailbox *mb;
static long mb_handle;

static struct mailbox *mailbox(void)
{
    return mb = kt_shared_page(&mb_handle);
}

static int dying_server(void *arg)
{
    (void)arg;
    long ep = reg("kt-ipc-die");
    if (ep < 0)
        return 1;
    mb->ready = 1;
    struct scheme_request r;
    char b[64];
    if (sys_scheme_recv(ep, (long)&r, (long)b, sizeof b, 0) < 0 || r.op != SCHEME_OPEN)
        return 2;
    reply(ep, r.tag, 1, NULL, 0);
    if (sys_scheme_recv(ep, (long)&r, (long)b, sizeof b, 0) < 0 || r.op != SCHEME_READ)
        return 3;
    mb->word = 1; /* holds the READ and never answers */
    sys_sleep(10000 * MS);
    return 4;
}

static int c_open_read(void *arg)
{
    struct client *c = arg;
    c->r[0] = c->h = open_path(c->path, 0);
    if (c->h >= 0)
        c->r[1] = sys_read(c->h, (long)c->buf[0], 8);
    return 0;
}

static int c_write_one(void *arg)
{
    struct client *c = arg;
    c->r[0] = sys_write(c->h, (long)"queued", 6);
    return 0;
}

TEST(UIPC0010, "a killed server: in-flight and queued calls fail with -EPIPE, the name is free")
{
    struct mailbox *m = mailbox();
    CHECK(m != NULL, "no mailbox");
    long pid = EXPECT_OK(kt_fork(dying_server, NULL));
    CHECK(kt_await(&m->ready), "the server never registered");
    ca.path = "kt-ipc-die:x";
    START(&ca, c_open_read);
    CHECK(kt_await(&m->word), "the server never received the READ");
    cb.h = ca.h;
    START(&cb, c_write_one);
    sys_sleep(30 * MS); /* the WRITE waits in the queue */
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
    JOIN(&ca);
    JOIN(&cb);
    CHECK(ca.r[0] >= 0, "open = %ld", ca.r[0]);
    EXPECT_EQ(ca.r[1], -EPIPE);                            /* in flight */
    EXPECT_EQ(cb.r[0], -EPIPE);                            /* queued */
    EXPECT_EQ(sys_read(ca.h, (long)ca.buf[0], 8), -EPIPE); /* later */
    EXPECT_EQ(sys_write(ca.h, (long)"x", 1), -EPIPE);
    EXPECT_EQ(open_path("kt-ipc-die:y", 0), -ENOENT);
    long ep = EXPECT_OK(reg("kt-ipc-die")); /* the name is free again */
    EXPECT_EQ(sys_handle_close(ca.h), 0);
    EXPECT_NOTHING(ep); /* the old file belongs to the old scheme */
    EXPECT_EQ(sys_handle_close(ep), 0);
}

TEST(UIPC0011, "a server closing its endpoint: calls fail with -EPIPE, the name is free")
{
    long ep = EXPECT_OK(reg("kt-ipc-i"));
    long h = OPEN_SERVED(ep, "kt-ipc-i:f", 3);
    EXPECT_EQ(sys_handle_close(ep), 0);
    EXPECT_EQ(sys_read(h, (long)sbuf, 8), -EPIPE);
    EXPECT_EQ(sys_write(h, (long)"x", 1), -EPIPE);
    EXPECT_EQ(sys_fmap(h, 0, PAGE_SIZE, RW), -EPIPE);
    EXPECT_EQ(open_path("kt-ipc-i:f", 0), -ENOENT);
    ep = EXPECT_OK(reg("kt-ipc-i"));
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_NOTHING(ep);
    EXPECT_EQ(sys_handle_close(ep), 0);
}

TEST(UIPC0012, "closing the endpoint fails its queued and in-flight requests with -EPIPE")
{
    long ep = EXPECT_OK(reg("kt-ipc-j"));
    ca.h = OPEN_SERVED(ep, "kt-ipc-j:f", 1);
    START(&ca, c_one_read);
    TAKE(ep, SCHEME_READ); /* in flight */
    uint64_t tag = rq.tag;
    cb.h = ca.h;
    START(&cb, c_write_one);
    sys_sleep(20 * MS); /* queued */
    EXPECT_EQ(sys_handle_close(ep), 0);
    JOIN(&ca);
    JOIN(&cb);
    EXPECT_EQ(ca.r[0], -EPIPE);
    EXPECT_EQ(cb.r[0], -EPIPE);
    EXPECT_EQ(reply(ep, tag, 0, NULL, 0), -EBADF); /* the endpoint handle is gone */
    sys_handle_close(ca.h);
}

static volatile long server_recv_result;

static int blocked_server(void *arg)
{
    long ep = (long)(uintptr_t)arg;
    struct scheme_request r;
    server_recv_result = 1;
    server_recv_result = sys_scheme_recv(ep, (long)&r, 0, 0, 0);
    return 0;
}

TEST(UIPC0013, "a server thread blocked in scheme_recv gets -EPIPE when the endpoint closes")
{
    long ep = EXPECT_OK(reg("kt-ipc-k"));
    void *top = rt_stack_alloc(64 << 10);
    CHECK(top != NULL, "no stack");
    volatile int blk = -1;
    EXPECT_OK(rt_thread_create(blocked_server, (void *)(uintptr_t)ep, top, NULL, &blk));
    sys_sleep(30 * MS);
    EXPECT_EQ(server_recv_result, 1); /* still blocked */
    EXPECT_EQ(sys_handle_close(ep), 0);
    uint64_t end = rt_now_ns() + 3000 * MS;
    while (blk != 0 && rt_now_ns() < end)
        sys_futex_wait((long)&blk, -1, 50 * MS);
    CHECK(blk == 0, "the server thread is still blocked in scheme_recv");
    EXPECT_EQ(server_recv_result, -EPIPE);
}

/* ---- a client that goes away ------------------------------------------------------- */

static int open_and_read(void *arg)
{
    long h = open_path((const char *)arg, 0);
    char b[8];
    if (h >= 0)
        sys_read(h, (long)b, sizeof b);
    return 1; /* killed before this */
}

TEST(UIPC0014,
     "a client killed mid-request: the answer is dropped (reply -ESRCH), the server goes on")
{
    long ep = EXPECT_OK(reg("kt-ipc-l"));
    long pid = EXPECT_OK(kt_fork(open_and_read, "kt-ipc-l:f"));
    TAKE(ep, SCHEME_OPEN);
    EXPECT_EQ(rq.client_pid, pid);
    EXPECT_EQ(reply(ep, rq.tag, 11, NULL, 0), 0);
    TAKE(ep, SCHEME_READ); /* in flight */
    uint64_t tag = rq.tag;
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
    EXPECT_EQ(reply(ep, tag, 0, "too late", 8), -ESRCH);
    TAKE(ep, SCHEME_CLOSE); /* its handle closed with it */
    EXPECT_EQ(rq.id, 11);
    EXPECT_NOTHING(ep);
    /* Killed while its OPEN waits in the queue: the request is withdrawn. */
    pid = EXPECT_OK(kt_fork(open_and_read, "kt-ipc-l:g"));
    sys_sleep(30 * MS);
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_NOTHING(ep);
    /* The server still works. */
    long h = OPEN_SERVED(ep, "kt-ipc-l:h", 12);
    EXPECT_EQ(sys_handle_close(h), 0);
    TAKE(ep, SCHEME_CLOSE);
    EXPECT_EQ(rq.id, 12);
    sys_handle_close(ep);
}

static volatile int usr1_seen;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_seen = 1;
}

static int interrupted_read(void *arg)
{
    long h = open_path((const char *)arg, 0);
    char b[8];
    if (h < 0)
        return 2;
    long r = sys_read(h, (long)b, sizeof b);
    return r == -EINTR && usr1_seen ? 0 : 1;
}

TEST(UIPC0015, "a read interrupted by a handled signal returns -EINTR; the late reply gets -ESRCH")
{
    long ep = EXPECT_OK(reg("kt-ipc-n"));
    EXPECT_EQ(rt_sigaction(SIGUSR1, on_usr1, 0, 0), 0);
    long pid = kt_fork(interrupted_read, "kt-ipc-n:f");
    rt_sigaction(SIGUSR1, RT_SIG_DFL, 0, 0);
    EXPECT_OK(pid);
    TAKE(ep, SCHEME_OPEN);
    EXPECT_EQ(reply(ep, rq.tag, 1, NULL, 0), 0);
    TAKE(ep, SCHEME_READ);
    uint64_t tag = rq.tag;
    EXPECT_EQ(sys_kill(pid, SIGUSR1), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "client status %#x (1: read did not return -EINTR)", st);
    EXPECT_EQ(reply(ep, tag, 0, "late", 4), -ESRCH);
    TAKE(ep, SCHEME_CLOSE);
    sys_handle_close(ep);
}

/* ---- registration, tags, recv ------------------------------------------------------------ */

static int register_taken(void *arg)
{
    (void)arg;
    return reg("kt-ipc-o") == -EEXIST ? 0 : 1;
}

TEST(UIPC0016, "registering a taken name fails with -EEXIST, also from another process")
{
    long ep = EXPECT_OK(reg("kt-ipc-o"));
    EXPECT_EQ(reg("kt-ipc-o"), -EEXIST);
    EXPECT_FORK(register_taken, NULL, RT_EXITED(0));
    EXPECT_EQ(sys_handle_close(ep), 0);
    ep = EXPECT_OK(reg("kt-ipc-o"));
    EXPECT_EQ(sys_handle_close(ep), 0);
}

TEST(UIPC0017, "scheme_reply with an unknown, answered, CLOSE or other scheme's tag: -EINVAL")
{
    long ep = EXPECT_OK(reg("kt-ipc-p"));
    long other = EXPECT_OK(reg("kt-ipc-q"));
    ca.path = "kt-ipc-p:f";
    START(&ca, c_open);
    TAKE(ep, SCHEME_OPEN);
    uint64_t tag = rq.tag;
    EXPECT_EQ(reply(ep, tag + 1000, 1, NULL, 0), -EINVAL); /* never received */
    EXPECT_EQ(reply(ep, 0, 1, NULL, 0), -EINVAL);
    EXPECT_EQ(reply(other, tag, 1, NULL, 0), -EINVAL); /* another scheme's request */
    EXPECT_EQ(reply(ep, tag, 1, NULL, 0), 0);
    EXPECT_EQ(reply(ep, tag, 1, NULL, 0), -EINVAL); /* answered already */
    JOIN(&ca);
    CHECK(ca.r[0] >= 0, "open = %ld", ca.r[0]);
    EXPECT_EQ(sys_handle_close(ca.r[0]), 0);
    TAKE(ep, SCHEME_CLOSE);
    EXPECT_EQ(reply(ep, rq.tag, 0, NULL, 0), -EINVAL); /* a CLOSE is not answered */
    sys_handle_close(ep);
    sys_handle_close(other);
}

TEST(UIPC0018, "scheme_recv NONBLOCK on an empty queue: -EAGAIN at once")
{
    long ep = EXPECT_OK(reg("kt-ipc-r"));
    uint64_t t0 = rt_now_ns();
    for (int i = 0; i < 10; i++)
        EXPECT_NOTHING(ep);
    uint64_t d = rt_now_ns() - t0;
    CHECK(d < 500 * MS, "10 non-blocking receives took %lu ms", d / MS);
    EXPECT_EQ(open_path("kt-ipc-nosuch:x", 0), -ENOENT);
    EXPECT_EQ(open_path("no-colon-here", 0), -EINVAL);
    sys_handle_close(ep);
}

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

/* ---- exec with a request in flight ----------------------------------------------------- */

/* The client's buffers: at the same address in every process forked from
 * this one, so a copy made into (or from) the wrong address space shows. */
static char victim_buf[16];

static int exec_reader_thread(void *arg)
{
    long h = (long)(uintptr_t)arg;
    sys_read(h, (long)victim_buf, sizeof victim_buf); /* in flight when the process execs */
    return 0;
}

static int exec_writer_thread(void *arg)
{
    long h = (long)(uintptr_t)arg;
    sys_write(h, (long)victim_buf, sizeof victim_buf); /* queued when the process execs */
    return 0;
}

/* Forked client: a second thread reads (held by the server) or writes
 * (queued), then the main thread execs this program in mode post-exec,
 * which ends that thread. */
static int exec_with_request(void *arg)
{
    bool reading = strcmp((const char *)arg, "read") == 0;
    long h = open_path("kt-ipc-x:f", 0);
    void *top = rt_stack_alloc(64 << 10);
    if (h < 0 || !top ||
        rt_thread_create(reading ? exec_reader_thread : exec_writer_thread, (void *)(uintptr_t)h,
                         top, NULL, NULL) < 0)
        return 1;
    if (reading && !kt_await(&mb->ready)) /* the server holds the READ */
        return 2;
    if (!reading)
        sys_sleep(30 * MS); /* the WRITE waits in the queue */
    char hs[24];
    ksnprintf(hs, sizeof hs, "%ld", mb_handle);
    const char *argv[] = {kt_self, "post-exec", hs, NULL};
    const char *envp[] = {NULL};
    sys_exec((long)kt_self, (long)strlen(kt_self), (long)argv, (long)envp);
    return 3;
}

static int victim(void *arg)
{
    (void)arg;
    sys_sleep(50 * MS); /* the server answers meanwhile */
    for (size_t i = 0; i < sizeof victim_buf; i++) {
        if (victim_buf[i] != 'V')
            return 1;
    }
    return 0;
}

/* Forks the client (mode "read" or "write"), serves its OPEN; its pid. */
static long start_exec_client(long ep, const char *mode)
{
    struct mailbox *m = mailbox();
    if (!m)
        return -1000;
    memset(victim_buf, 'V', sizeof victim_buf);
    long pid = kt_fork(exec_with_request, (void *)mode);
    if (pid < 0)
        return pid;
    if (take(ep, &rq, sbuf, sizeof sbuf) < 0 || rq.op != SCHEME_OPEN ||
        reply(ep, rq.tag, 1, NULL, 0) != 0)
        return -1002;
    return pid;
}

/* Stays runnable until the client has exec'd, so as to act before the
 * ended thread runs again. */
static bool await_exec(void)
{
    uint64_t end = rt_now_ns() + 3000 * MS;
    while (!mb->word && rt_now_ns() < end)
        sys_yield();
    return mb->word != 0;
}

TEST(UIPC0023, "exec while a thread's read is in flight: the late answer goes nowhere")
{
    long ep = EXPECT_OK(reg("kt-ipc-x"));
    long pid = start_exec_client(ep, "read");
    CHECK(pid > 0, "starting the client failed (%ld)", pid);
    TAKE(ep, SCHEME_READ);
    uint64_t tag = rq.tag;
    mb->ready = 1;
    CHECK(await_exec(), "the client never exec'd");
    long vpid = EXPECT_OK(kt_fork(victim, NULL));
    long r = reply(ep, tag, 0, "EVILEVILEVILEVIL", 16);
    int st = -1;
    EXPECT_EQ(rt_wait(vpid, &st, 0), vpid);
    CHECK(st == RT_EXITED(0), "the answer for the exec'd process landed in another process");
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    EXPECT_EQ(r, -ESRCH);
    sys_handle_close(ep);
}

TEST(UIPC0024, "exec while a thread's write is queued: the server gets nothing or that payload")
{
    long ep = EXPECT_OK(reg("kt-ipc-x"));
    long pid = start_exec_client(ep, "write");
    CHECK(pid > 0, "starting the client failed (%ld)", pid);
    CHECK(await_exec(), "the client never exec'd");
    memset(victim_buf, 'W', sizeof victim_buf); /* this process's copy differs now */
    memset(sbuf, 0, sizeof sbuf);
    long n = recv_nb(ep, &rq, sbuf, sizeof sbuf);
    rt_log("kt_ipc: UIPC0024: recv right after the exec = %ld", n);
    if (n != -EAGAIN) {
        CHECK(n == 16 && rq.op == SCHEME_WRITE, "recv after the exec = %ld, op %u", n, rq.op);
        for (int i = 0; i < 16; i++)
            CHECK(sbuf[i] == 'V', "payload byte %d is %#x, not what the client wrote", i,
                  (unsigned char)sbuf[i]);
        EXPECT_EQ(reply(ep, rq.tag, 16, NULL, 0), 0);
    }
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    sys_handle_close(ep);
}

static int post_exec(char **argv)
{
    long a = sys_shm_map(rt_atol(argv[2]), 0, RW);
    if (a < 0)
        return 1;
    ((volatile struct mailbox *)a)->word = 1;
    sys_sleep(100 * MS);
    return 0;
}

static int child(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "post-exec") == 0)
        return post_exec(argv);
    return 99;
}

KT_MAIN(child)
