/* kt_badargs/mem.c: bad arguments to the memory calls: mmap_anon, munmap,
 * mprotect and shared memory (shm_create, shm_map, shm_unmap).
 * Owns UBAD0035-0044, 0078-0080, 0083-0085. */
#include "kt_badargs.h"

/* ---- mmap_anon ---------------------------------------------------------- */

TEST(UBAD0035, "mmap_anon with length 0 fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(0, 0, RW, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR, 0, RW, MAP_FIXED_ADDR), -EINVAL);
}

TEST(UBAD0036, "mmap_anon with unknown prot bits or write+exec fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, 8, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, PROT_READ | 0x100, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, -1, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, PROT_WRITE | PROT_EXEC, 0), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, 7, 0), -EINVAL);
}

TEST(UBAD0037, "mmap_anon with unknown flags fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, RW, 2), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, RW, -1), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR, PAGE_SIZE, RW, MAP_FIXED_ADDR | 0x10), -EINVAL);
}

TEST(UBAD0038, "mmap_anon fixed at a misaligned address fails with -EINVAL")
{
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR + 1, PAGE_SIZE, RW, MAP_FIXED_ADDR), -EINVAL);
    EXPECT_EQ(sys_mmap_anon(FIXED_ADDR + 0x800, PAGE_SIZE, RW, MAP_FIXED_ADDR), -EINVAL);
}

TEST(UBAD0039, "mmap_anon of a length no address space holds fails with -ENOMEM")
{
    EXPECT_EQ(sys_mmap_anon(0, 1L << 47, RW, 0), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(0, 1L << 62, RW, 0), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(0, -1L, RW, 0), -ENOMEM); /* rounding up wraps to 0 */
    EXPECT_EQ(sys_mmap_anon(0, -4096L - 1, RW, 0), -ENOMEM);
}

TEST(UBAD0040, "mmap_anon fixed outside user space fails with -ENOMEM (as POSIX)")
{
    EXPECT_EQ(sys_mmap_anon(LAST_PAGE, 2 * PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(KERNEL_HALF, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(LOW_PTR, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(0, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
}

TEST(UBAD0041, "mmap_anon fixed over the program image fails with -EEXIST")
{
    EXPECT_EQ(sys_mmap_anon(0x400000, PAGE_SIZE, RW, MAP_FIXED_ADDR), -EEXIST);
}

/* ---- munmap ------------------------------------------------------------------ */

TEST(UBAD0042, "munmap at a misaligned address fails with -EINVAL")
{
    long p = EXPECT_OK(sys_mmap_anon(0, 2 * PAGE_SIZE, RW, 0));
    *(volatile char *)p = 1;
    EXPECT_EQ(sys_munmap(p + 1, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(p + 0x800, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(*(volatile char *)p, 1); /* still mapped */
    EXPECT_EQ(sys_munmap(p, 2 * PAGE_SIZE), 0);
}

TEST(UBAD0043, "munmap with length 0 fails with -EINVAL")
{
    long p = EXPECT_OK(sys_mmap_anon(0, PAGE_SIZE, RW, 0));
    EXPECT_EQ(sys_munmap(p, 0), -EINVAL);
    EXPECT_EQ(sys_munmap(p, PAGE_SIZE), 0);
}

TEST(UBAD0044, "munmap of a range outside user space fails with -EINVAL")
{
    EXPECT_EQ(sys_munmap(KERNEL_HALF, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(KERNEL_IMAGE, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(NONCANONICAL, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(LOW_PTR, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(0, PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_munmap(LAST_PAGE, 2 * PAGE_SIZE), -EINVAL); /* runs past the top */
    EXPECT_EQ(sys_munmap(FIXED_ADDR, 1L << 62), -EINVAL);
    EXPECT_EQ(sys_munmap(FIXED_ADDR, -4096L), -EINVAL); /* wraps around */
}

/* ---- mprotect ---------------------------------------------------------------- */

TEST(UBAD0083, "mprotect with length 0, misaligned, unknown bits or write+exec fails with -EINVAL")
{
    long p = sys_mmap_anon(0, PAGE_SIZE, RW, 0);
    CHECK(p > 0, "mmap_anon failed: %ld", p);
    EXPECT_EQ(sys_mprotect(p, 0, PROT_READ), -EINVAL);
    EXPECT_EQ(sys_mprotect(p + 1, PAGE_SIZE, PROT_READ), -EINVAL);
    EXPECT_EQ(sys_mprotect(p, PAGE_SIZE, 8), -EINVAL);
    EXPECT_EQ(sys_mprotect(p, PAGE_SIZE, PROT_WRITE | PROT_EXEC), -EINVAL);
    EXPECT_EQ(sys_munmap(p, PAGE_SIZE), 0);
}

TEST(UBAD0084, "mprotect of unmapped, kernel or non-canonical ranges fails with -ENOMEM")
{
    EXPECT_EQ(sys_mprotect((long)unmapped(), PAGE_SIZE, PROT_READ), -ENOMEM);
    EXPECT_EQ(sys_mprotect(KERNEL_HALF, PAGE_SIZE, PROT_READ), -ENOMEM);
    EXPECT_EQ(sys_mprotect(NONCANONICAL, PAGE_SIZE, PROT_READ), -ENOMEM);
    EXPECT_EQ(sys_mprotect(USER_SPACE_TOP - PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ), -ENOMEM);
}

TEST(UBAD0085, "mprotect cannot make a read-only shared mapping writable (-EACCES)")
{
    long h = sys_shm_create(PAGE_SIZE);
    CHECK(h >= 0, "shm_create failed: %ld", h);
    long ro = sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP);
    CHECK(ro >= 0, "handle_dup failed: %ld", ro);
    long p = sys_shm_map(ro, 0, PROT_READ);
    CHECK(p > 0, "shm_map failed: %ld", p);
    EXPECT_EQ(sys_mprotect(p, PAGE_SIZE, PROT_READ | PROT_WRITE), -EACCES);
    EXPECT_EQ(sys_shm_unmap(p), 0);
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

/* ---- shared memory ----------------------------------------------------------- */

TEST(UBAD0078, "shm_create of 0 bytes or more than 256 MiB fails with -EINVAL")
{
    EXPECT_EQ(sys_shm_create(0), -EINVAL);
    EXPECT_EQ(sys_shm_create((256L << 20) + PAGE_SIZE), -EINVAL);
    EXPECT_EQ(sys_shm_create(-1), -EINVAL);
}

TEST(UBAD0079, "shm_map: bad handle -EBADF, exec prot -EINVAL, write without the right -EACCES")
{
    long h = EXPECT_OK(sys_shm_create(PAGE_SIZE));
    long ro = EXPECT_OK(sys_handle_dup(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_MAP));
    EXPECT_EQ(sys_shm_map(-1, 0, PROT_READ), -EBADF);
    EXPECT_EQ(sys_shm_map(h, 0, PROT_READ | PROT_EXEC), -EINVAL);
    EXPECT_EQ(sys_shm_map(ro, 0, PROT_READ | PROT_WRITE), -EACCES);
    EXPECT_EQ(sys_handle_close(ro), 0);
    EXPECT_EQ(sys_handle_close(h), 0);
}

TEST(UBAD0080, "shm_unmap of an address that starts no shared mapping fails with -EINVAL")
{
    long anon = EXPECT_OK(sys_mmap_anon(0, PAGE_SIZE, RW, 0));
    EXPECT_EQ(sys_shm_unmap(anon), -EINVAL);
    EXPECT_EQ(sys_shm_unmap((long)unmapped()), -EINVAL);
    EXPECT_EQ(sys_shm_unmap(KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_munmap(anon, PAGE_SIZE), 0);
}
