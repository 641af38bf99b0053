/* kt_badargs/handles.c: bad arguments to the handle calls: handle_close,
 * handle_dup and handle_dup_to. Owns UBAD0060-0063, 0088. */
#include "kt_badargs.h"

/* ---- handles ----------------------------------------------------------------- */

TEST(UBAD0088, "handle_dup_to: bad handles or targets -EBADF, more rights -EPERM")
{
    long h = sys_shm_create(PAGE_SIZE);
    CHECK(h >= 0, "shm_create failed: %ld", h);
    EXPECT_EQ(sys_handle_dup_to(-1, 10, 0), -EBADF);
    EXPECT_EQ(sys_handle_dup_to(255, 10, 0), -EBADF);
    EXPECT_EQ(sys_handle_dup_to(h, 256, 0), -EBADF);
    EXPECT_EQ(sys_handle_dup_to(h, -1, 0), -EBADF);
    long ro = sys_handle_dup(h, HANDLE_RIGHT_READ);
    CHECK(ro >= 0, "handle_dup failed: %ld", ro);
    EXPECT_EQ(sys_handle_dup_to(ro, 200, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE), -EPERM);
    EXPECT_EQ(sys_handle_dup_to(h, 200, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP), 200);
    EXPECT_EQ(sys_handle_dup_to(h, h, 0), h); /* same slot: nothing changes */
    /* 200 now names the object with READ|MAP: mapping it read-only works. */
    long p = sys_shm_map(200, 0, PROT_READ);
    CHECK(p > 0, "shm_map through the duplicate failed: %ld", p);
    EXPECT_EQ(sys_shm_unmap(p), 0);
    /* dup_to over an open slot closes what was there. */
    EXPECT_EQ(sys_handle_dup_to(ro, 200, 0), 200);
    EXPECT_EQ(sys_shm_map(200, 0, PROT_READ), -EACCES); /* rights 0 now */
    EXPECT_EQ(sys_handle_close(200), 0);
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0060, "handle_close of a handle never opened fails with -EBADF")
{
    /* A spawned process starts with no handles (they are not inherited). */
    EXPECT_EQ(sys_handle_close(0), -EBADF);
    EXPECT_EQ(sys_handle_close(5), -EBADF);
    EXPECT_EQ(sys_handle_close(-1), -EBADF);
    EXPECT_EQ(sys_handle_close(1L << 40), -EBADF);
}

TEST(UBAD0061, "handle_close twice: the second fails with -EBADF")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_EQ(sys_handle_close(h), 0);
    EXPECT_EQ(sys_handle_close(h), -EBADF);
}

TEST(UBAD0062, "handle_dup of an unknown handle fails with -EBADF")
{
    EXPECT_EQ(sys_handle_dup(-1, HANDLE_RIGHT_READ), -EBADF);
    EXPECT_EQ(sys_handle_dup(4000, HANDLE_RIGHT_READ), -EBADF);
}

TEST(UBAD0063, "handle_dup asking for rights the handle lacks fails with -EPERM")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long ro = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP));
    EXPECT_EQ(sys_handle_dup(ro, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE), -EPERM);
    EXPECT_EQ(sys_handle_dup(ro, 8), -EPERM); /* a right that does not exist */
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}
