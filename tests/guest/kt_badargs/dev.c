/* kt_badargs/dev.c: bad arguments to debug_write, unknown and truncated call
 * numbers, and the device calls (irq_bind, ioport_grant, mmio_map, irq_ack,
 * shm_create_device) from a process without the I/O grant. Owns UBAD0001-0010,
 * 0053-0054, 0081-0082, 0091. Their bad ranges need the grant: kt_devshm. */
#include "kt_badargs.h"

/* ---- debug_write ----------------------------------------------------------- */

static const char msg[] = "kt_badargs: this line must not be written";

TEST(UBAD0001, "debug_write with a NULL buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(0, 5, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(0, 5, 1), -EFAULT);
}

TEST(UBAD0002, "debug_write with a buffer below 0x200000 fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(LOW_PTR, 5, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(USER_SPACE_BASE - 4, 8, 0), -EFAULT); /* starts just below */
}

TEST(UBAD0003, "debug_write with a kernel-half buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(KERNEL_HALF, 16, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(KERNEL_IMAGE, 16, 0), -EFAULT);
}

TEST(UBAD0004, "debug_write with a non-canonical buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(NONCANONICAL, 16, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(0x8000000000000000L, 16, 0), -EFAULT);
}

TEST(UBAD0005, "debug_write with an unmapped user buffer fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(unmapped(), 16, 0), -EFAULT);
}

TEST(UBAD0006, "debug_write with a buffer running into an unmapped page fails with -EFAULT")
{
    NEED_EDGE();
    memset(e + PAGE_SIZE - 8, 'x', 8);
    EXPECT_EQ(sys_debug_write((long)(e + PAGE_SIZE - 8), 16, 0), -EFAULT);
}

TEST(UBAD0007, "debug_write with a buffer crossing the top of user space fails with -EFAULT")
{
    EXPECT_EQ(sys_debug_write(USER_SPACE_TOP - 16, 32, 0), -EFAULT);
    EXPECT_EQ(sys_debug_write(-16L, 32, 0), -EFAULT); /* wraps around 2^64 */
}

TEST(UBAD0008, "debug_write to a channel other than 0 or 1 fails with -EINVAL")
{
    EXPECT_EQ(sys_debug_write((long)msg, sizeof msg - 1, 2), -EINVAL);
    EXPECT_EQ(sys_debug_write((long)msg, sizeof msg - 1, -1), -EINVAL);
    EXPECT_EQ(sys_debug_write((long)msg, sizeof msg - 1, 0x100000000L), -EINVAL);
}

TEST(UBAD0009, "debug_write of more than 4096 bytes fails with -EMSGSIZE")
{
    static char big[8192];
    memset(big, 'y', sizeof big);
    EXPECT_EQ(sys_debug_write((long)big, DEBUG_WRITE_MAX + 1, 0), -EMSGSIZE);
    EXPECT_EQ(sys_debug_write((long)big, sizeof big, 0), -EMSGSIZE);
    EXPECT_EQ(sys_debug_write((long)big, DEBUG_WRITE_MAX + 1, 1), -EMSGSIZE);
}

TEST(UBAD0010, "debug_write of 0 bytes returns 0")
{
    EXPECT_EQ(sys_debug_write((long)msg, 0, 0), 0);
}

/* ---- call numbers -------------------------------------------------------- */

TEST(UBAD0053, "unknown call numbers fail with -ENOSYS")
{
    EXPECT_EQ(rt_syscall0(999), -ENOSYS);
    EXPECT_EQ(rt_syscall0(SYS_COUNT), -ENOSYS);
    EXPECT_EQ(rt_syscall0(-1), -ENOSYS);
    EXPECT_EQ(rt_syscall0(0x7fffffffffffffffL), -ENOSYS);
    EXPECT_EQ(rt_syscall0(0x8000000000000000L), -ENOSYS);
}

TEST(UBAD0054, "a number whose low 32 bits name a call (2^32 + 3) fails with -ENOSYS")
{
    EXPECT_EQ(rt_syscall0(0x100000000L + SYS_getpid), -ENOSYS);
    EXPECT_EQ(rt_syscall0(0x100000000L + SYS_null), -ENOSYS);
}

/* UBAD0055 (every planned call returns -ENOSYS) retired: no call is planned any more. */

/* ---- devices: this process may not do I/O ---------------------------------- */

TEST(UBAD0081, "irq_bind, ioport_grant and mmio_map without the I/O grant fail with -EPERM")
{
    EXPECT_EQ(sys_irq_bind(4), -EPERM);
    EXPECT_EQ(sys_ioport_grant(0x3F8, 8), -EPERM);
    EXPECT_EQ(sys_mmio_map(0xFEBF0000L, PAGE_SIZE, RW), -EPERM);
}

TEST(UBAD0091, "shm_create_device without the I/O grant fails with -EPERM, whatever the range")
{
    EXPECT_EQ(sys_shm_create_device(0xFD000000L, 2 * PAGE_SIZE), -EPERM); /* the framebuffer */
    EXPECT_EQ(sys_shm_create_device(0xFD000001L, PAGE_SIZE), -EPERM);     /* unaligned */
    EXPECT_EQ(sys_shm_create_device(0xFD000000L, 0), -EPERM);             /* empty */
    EXPECT_EQ(sys_shm_create_device(0x100000, PAGE_SIZE), -EPERM);        /* RAM */
    EXPECT_EQ(sys_shm_create_device(-PAGE_SIZE, 2 * PAGE_SIZE), -EPERM);  /* wraps */
}

TEST(UBAD0082, "irq_ack of an unknown handle fails with -EBADF")
{
    EXPECT_EQ(sys_irq_ack(-1), -EBADF);
    EXPECT_EQ(sys_irq_ack(4000), -EBADF);
}
