/* kt_ipc: registration (a taken name), scheme_reply's tag checks and
 * non-blocking scheme_recv. */
#include "ipc.h"

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
