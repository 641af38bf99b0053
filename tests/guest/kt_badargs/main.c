/* kt_badargs/main.c: the helpers the other files share (kt_badargs.h) and
 * the program's children. Owns no cases. */
#include "kt_badargs.h"

const int ro_word_c = 0x5a5a5a5a;
const uint64_t ro_u64_c = 0x1122334455667788ULL;

volatile uint32_t futex_words[4];

uintptr_t unmapped(void)
{
    long r = sys_mmap_anon(0, PAGE_SIZE, RW, 0);
    if (r > 0 && sys_munmap(r, PAGE_SIZE) == 0)
        return (uintptr_t)r;
    return 0x0000300000000000UL; /* without mmap: a spot far from everything */
}

unsigned char *edge(void)
{
    long r = sys_mmap_anon(0, 2 * PAGE_SIZE, RW, 0);
    if (r > 0 && sys_munmap(r + PAGE_SIZE, PAGE_SIZE) == 0)
        return (unsigned char *)r;
    return NULL;
}

/* ---- children ------------------------------------------------------------ */

static int child(int argc, char **argv)
{
    (void)argc;
    if (strcmp(argv[1], "sleep") == 0) {
        rt_sleep_ns(5000 * MS);
        return 1;
    }
    if (strcmp(argv[1], "sigreturn") == 0) {
        uintptr_t frame = unmapped();
        __asm__ volatile("mov %0, %%rsp\n"
                         "mov %1, %%eax\n"
                         "syscall\n"
                         "ud2" ::"r"(frame),
                         "i"(SYS_sigreturn)
                         : "memory");
    }
    return 99;
}

KT_MAIN(child)
