/* kt_ipc: a server that goes away (killed, its endpoint closed, a thread
 * blocked in scheme_recv) and a client that goes away (killed or
 * interrupted mid-request): calls fail with -EPIPE, late answers with
 * -ESRCH, the server goes on. */
#include "ipc.h"

/* ---- a server that goes away ----------------------------------------------------------- */

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

TEST(UIPC0014, "a client killed mid-request: the answer is dropped (-ESRCH), the server goes on")
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
