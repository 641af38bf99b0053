/* kt_tiny: the smallest valid test program. It exits 42 when its .data holds
 * the initial value and its .bss (one page and a bit) reads as zero, 1 or 2
 * otherwise. kt_spawn runs it, its hand-laid-out twin kt_tiny_packed, and
 * the broken copies mkbadelf.py makes of it (bin/bad/, all refused). */
#include "rt.h"

static volatile int data_word = 0x1234567;
static volatile unsigned char bss_bytes[PAGE_SIZE + 300];

int main(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    if (data_word != 0x1234567)
        return 1;
    for (size_t i = 0; i < sizeof bss_bytes; i++) {
        if (bss_bytes[i])
            return 2;
    }
    return 42;
}
