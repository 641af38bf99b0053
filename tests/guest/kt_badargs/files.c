/* kt_badargs/files.c: bad arguments to schemes and files: scheme_register,
 * scheme_recv, scheme_reply, open, read, write, fmap and fcall.
 * Owns UBAD0071-0076, 0090. */
#include "kt_badargs.h"

/* ---- schemes ------------------------------------------------------------- */

#define REGISTER(name) sys_scheme_register((long)(name), (long)strlen(name))

TEST(UBAD0071, "scheme_register with a bad name fails with -EINVAL or -EFAULT")
{
    EXPECT_EQ(sys_scheme_register((long)"x", 0), -EINVAL);
    EXPECT_EQ(REGISTER("abcdefghijklmnopqrstuvwxyz012345"), -EINVAL); /* 32 characters */
    EXPECT_EQ(REGISTER("Upper"), -EINVAL);
    EXPECT_EQ(REGISTER("a/b"), -EINVAL);
    EXPECT_EQ(REGISTER("a:b"), -EINVAL);
    EXPECT_EQ(sys_scheme_register(KERNEL_HALF, 5), -EFAULT);
    EXPECT_EQ(sys_scheme_register((long)unmapped(), 5), -EFAULT);
}

TEST(UBAD0072, "scheme_register of a name already taken fails with -EEXIST")
{
    long h = EXPECT_OK(REGISTER("ktbad-taken"));
    EXPECT_EQ(REGISTER("ktbad-taken"), -EEXIST);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0073, "scheme_recv: bad handle -EBADF, flags or size -EINVAL, pointer -EFAULT")
{
    static struct scheme_request req;
    static char buf[64];
    long ep = EXPECT_OK(REGISTER("ktbad-recv"));
    long shm = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long R = (long)&req, B = (long)buf;
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, -1, R, B, 64, SCHEME_RECV_NONBLOCK), -EBADF);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, shm, R, B, 64, SCHEME_RECV_NONBLOCK), -EBADF);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, R, B, 64, 2), -EINVAL);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, R, B, SCHEME_PAYLOAD_MAX + 1, SCHEME_RECV_NONBLOCK),
              -EINVAL);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, KERNEL_HALF, B, 64, SCHEME_RECV_NONBLOCK), -EFAULT);
    EXPECT_EQ(rt_syscall5(SYS_scheme_recv, ep, R, B, 64, SCHEME_RECV_NONBLOCK), -EAGAIN);
    EXPECT_EQ(sys_handle_close(shm), 0);
    EXPECT_EQ(sys_handle_close(ep), 0);
}

TEST(UBAD0074, "scheme_reply to an unknown tag -EINVAL, on a bad handle -EBADF")
{
    long ep = EXPECT_OK(REGISTER("ktbad-reply"));
    EXPECT_EQ(sys_scheme_reply(ep, 12345, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_scheme_reply(-1, 12345, 0, 0, 0), -EBADF);
    EXPECT_EQ(sys_handle_close(ep), 0);
}

#define OPEN(path) sys_open((long)(path), (long)strlen(path), 0)

TEST(UBAD0075, "open: no 'name:' or too long -EINVAL, no such scheme -ENOENT, -EFAULT")
{
    static char longpath[1100];
    memset(longpath, 'a', sizeof longpath - 1);
    memcpy(longpath, "ktbad-none:", 11);
    EXPECT_EQ(OPEN("no-colon-here"), -EINVAL);
    EXPECT_EQ(OPEN(longpath), -EINVAL); /* more than 1024 bytes */
    EXPECT_EQ(OPEN("ktbad-none:file"), -ENOENT);
    EXPECT_EQ(sys_open(KERNEL_HALF, 10, 0), -EFAULT);
}

TEST(UBAD0076, "read, write and fmap on an unknown or non-file handle fail with -EBADF")
{
    static char buf[16];
    long shm = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    EXPECT_EQ(sys_read(-1, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_write(-1, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_fmap(-1, 0, PAGE_SIZE, PROT_READ), -EBADF);
    EXPECT_EQ(sys_read(shm, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_write(shm, (long)buf, 16), -EBADF);
    EXPECT_EQ(sys_fmap(shm, 0, PAGE_SIZE, PROT_READ), -EBADF);
    EXPECT_EQ(sys_handle_close(shm), 0);
}

/* ---- fcall ------------------------------------------------------------------- */

TEST(UBAD0090, "fcall: code 0 -EINVAL, bad buffer -EFAULT, non-file handle -EBADF")
{
    long h = sys_shm_create(PAGE_SIZE);
    CHECK(h >= 0, "shm_create failed: %ld", h);
    char buf[16];
    EXPECT_EQ(sys_fcall(-1, FCALL_SEEK, 0, 0, (long)buf, sizeof buf), -EBADF);
    EXPECT_EQ(sys_fcall(h, FCALL_SEEK, 0, 0, (long)buf, sizeof buf), -EBADF);
    EXPECT_EQ(sys_fcall(h, 0, 0, 0, (long)buf, sizeof buf), -EINVAL);
    EXPECT_EQ(sys_fcall(h, FCALL_SEEK, 0, 0, KERNEL_HALF, 16), -EFAULT);
    EXPECT_EQ(sys_fcall(h, FCALL_SEEK, 0, 0, (long)buf, (16L << 20) + 1), -EINVAL);
    EXPECT_EQ(sys_handle_close(h), 0);
}
