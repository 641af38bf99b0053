/* kt_ipc: what a server receives for an open (path, flags, client pid),
 * readiness posted right after an OPEN's answer, and closing and
 * duplicating a scheme file (one CLOSE with its id for the last handle). */
#include "ipc.h"

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

TEST(UIPC0026, "readiness posted right after an OPEN's answer reaches the new file")
{
    long ep = EXPECT_OK(reg("kt-ipc-y"));
    ca.path = "kt-ipc-y:f";
    START(&ca, c_open);
    TAKE(ep, SCHEME_OPEN);
    EXPECT_EQ(reply(ep, rq.tag, 9, NULL, 0), 0);
    /* The client has not run since: its file must exist already. */
    EXPECT_EQ(sys_scheme_notify(ep, 9, WAIT_READABLE), 1);
    JOIN(&ca);
    long h = ca.r[0];
    CHECK(h >= 0, "the open failed (%ld)", h);
    struct wait_item it = {.handle = (int32_t)h, .events = WAIT_READABLE};
    EXPECT_EQ(sys_wait_many((long)&it, 1, 0), 1);
    EXPECT_EQ(it.revents, WAIT_READABLE);
    EXPECT_EQ(sys_handle_close(h), 0);
    TAKE(ep, SCHEME_CLOSE);
    EXPECT_EQ(rq.id, 9);
    sys_handle_close(ep);
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
