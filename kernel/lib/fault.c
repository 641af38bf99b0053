/* Deliberate faults: one small non-inlined function per kind, so the harness
 * can check that the panic's RIP lies inside the function that faulted. */
#include "fault.h"

#include "kstring.h"
#include "log.h"

void fault_trigger_pf(void);
__attribute__((noinline)) void fault_trigger_pf(void)
{
    *(volatile uint64_t *)FAULT_PF_TARGET = 0xC0BA17;
}

void fault_trigger_ud(void);
__attribute__((noinline)) void fault_trigger_ud(void)
{
    __asm__ volatile("ud2");
}

void fault_trigger_de(void);
__attribute__((noinline)) void fault_trigger_de(void)
{
    volatile unsigned divisor = 0;
    volatile unsigned result = 1000u / divisor;
    (void)result;
}

void fault_trigger_gp(void);
__attribute__((noinline)) void fault_trigger_gp(void)
{
    /* A non-canonical address raises #GP rather than a page fault. */
    (void)*(volatile uint64_t *)0x8000000000000000ULL;
}

void fault_trigger(const char *kind)
{
    static const struct {
        const char *kind;
        void (*fn)(void);
    } faults[] = {
        {"pf", fault_trigger_pf},
        {"ud", fault_trigger_ud},
        {"de", fault_trigger_de},
        {"gp", fault_trigger_gp},
    };
    for (unsigned i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        if (strcmp(kind, faults[i].kind) == 0) {
            if (faults[i].fn == fault_trigger_pf)
                klog("fault: pf target %lx", (uint64_t)FAULT_PF_TARGET);
            klog("fault: triggering '%s' on purpose", kind);
            faults[i].fn();
        }
    }
    klog("fault: unknown kind '%s' ignored", kind);
}
