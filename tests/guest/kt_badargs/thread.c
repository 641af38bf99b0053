/* kt_badargs/thread.c: bad arguments to the thread calls: set_fs_base,
 * thread_create, thread_kill and set_clear_tid; and thread_ret_entry, the
 * entry point the other files borrow. Owns UBAD0046-0048, 0056-0057, 0087, 0089. */
#include "kt_badargs.h"

/* ---- set_fs_base ------------------------------------------------------------- */

TEST(UBAD0046, "set_fs_base with a non-user address fails with -EINVAL; 0 is allowed")
{
    static struct {
        void *self;
    } tls = {&tls};
    EXPECT_EQ(sys_set_fs_base(0), 0);
    EXPECT_EQ(sys_set_fs_base((long)&tls), 0);
    EXPECT_EQ(sys_set_fs_base(LOW_PTR), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(NONCANONICAL), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(0x8000000000000000L), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_set_fs_base(KERNEL_IMAGE), -EINVAL);
    EXPECT_EQ(rt_fs_self(), (uintptr_t)&tls); /* unchanged by the failures */
}

/* ---- thread_create ----------------------------------------------------------- */

__asm__(".text\n.globl thread_ret_entry\nthread_ret_entry:\n"
        "  xor %edi, %edi\n mov $16, %eax\n syscall\n ud2\n");

TEST(UBAD0047, "thread_create with a NULL, kernel or non-canonical entry fails with -EINVAL")
{
    char *top = rt_stack_alloc(PAGE_SIZE * 4);
    CHECK(top != NULL, "mmap_anon failed");
    EXPECT_EQ(sys_thread_create(0, (long)top, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(KERNEL_IMAGE, (long)top, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(KERNEL_HALF, (long)top, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(NONCANONICAL, (long)top, 0, 0, 0), -EINVAL);
}

TEST(UBAD0048, "thread_create with a kernel or non-canonical stack fails with -EINVAL")
{
    EXPECT_EQ(sys_thread_create((long)thread_ret_entry, KERNEL_HALF, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create((long)thread_ret_entry, KERNEL_IMAGE, 0, 0, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create((long)thread_ret_entry, NONCANONICAL + PAGE_SIZE, 0, 0, 0),
              -EINVAL);
}

TEST(UBAD0056, "thread_create with a non-user fs_base fails with -EINVAL")
{
    char *top = rt_stack_alloc(PAGE_SIZE * 4);
    CHECK(top != NULL, "mmap_anon failed");
    long e = (long)thread_ret_entry;
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, NONCANONICAL, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, KERNEL_HALF, 0), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, LOW_PTR, 0), -EINVAL);
}

TEST(UBAD0057, "thread_create with a misaligned or non-user clear_tid_ptr fails with -EINVAL")
{
    char *top = rt_stack_alloc(PAGE_SIZE * 4);
    CHECK(top != NULL, "mmap_anon failed");
    long e = (long)thread_ret_entry;
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, (long)&futex_words[1] + 1), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, (long)&futex_words[1] + 2), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, NONCANONICAL), -EINVAL);
    EXPECT_EQ(sys_thread_create(e, (long)top, 0, 0, LOW_PTR), -EINVAL);
}

/* ---- thread_kill ------------------------------------------------------------- */

TEST(UBAD0087, "thread_kill: a bad signal is -EINVAL, another process's or no thread -ESRCH")
{
    EXPECT_EQ(sys_thread_kill(sys_gettid(), 65), -EINVAL);
    EXPECT_EQ(sys_thread_kill(sys_gettid(), -1), -EINVAL);
    EXPECT_EQ(sys_thread_kill(999999, 0), -ESRCH);
    EXPECT_EQ(sys_thread_kill(-1, 0), -ESRCH);
    EXPECT_EQ(sys_thread_kill(1, 0), -ESRCH); /* tid 1 is ktest's thread: another process */
}

/* ---- set_clear_tid ----------------------------------------------------------- */

TEST(UBAD0089,
     "set_clear_tid with a misaligned, kernel or non-canonical address fails with -EINVAL")
{
    EXPECT_EQ(sys_set_clear_tid((long)&futex_words[1] + 1), -EINVAL);
    EXPECT_EQ(sys_set_clear_tid(KERNEL_HALF), -EINVAL);
    EXPECT_EQ(sys_set_clear_tid(NONCANONICAL), -EINVAL);
    EXPECT_EQ(sys_set_clear_tid(0), sys_gettid());
}
