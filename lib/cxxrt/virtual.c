/* Cobalt's C++ runtime: what a call through a pure virtual or deleted
 * virtual function slot runs (a program bug: it says so and aborts).
 * __cxa_atexit (destructors of statics) is musl's own. */
#include <stdio.h>
#include <stdlib.h>

void __cxa_pure_virtual(void);
void __cxa_deleted_virtual(void);

void __cxa_pure_virtual(void)
{
    fputs("cxxrt: pure virtual function called\n", stderr);
    abort();
}

void __cxa_deleted_virtual(void)
{
    fputs("cxxrt: deleted virtual function called\n", stderr);
    abort();
}
