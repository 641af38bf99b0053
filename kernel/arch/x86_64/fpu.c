/* FPU/SSE set-up: CR0.MP on and EM off, CR4.OSFXSR and OSXMMEXCPT on, then a
 * clean state (fninit, default MXCSR) saved as the template for new threads. */
#include "fpu.h"

#include "kstring.h"

#define CR0_MP         (1ULL << 1)
#define CR0_EM         (1ULL << 2)
#define CR4_OSFXSR     (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define MXCSR_DEFAULT  0x1F80

static uint8_t clean_state[FPU_STATE_SIZE] __attribute__((aligned(16)));
static uint32_t mxcsr_mask = 0xFFBF; /* the architectural default when the CPU reports 0 */

void fpu_init(void)
{
    uint64_t cr0, cr4;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 | CR0_MP) & ~CR0_EM;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
    uint32_t mxcsr = MXCSR_DEFAULT;
    __asm__ volatile("fninit\n\tldmxcsr %0" : : "m"(mxcsr));
    fpu_save(clean_state);
    uint32_t reported;
    memcpy(&reported, clean_state + 28, sizeof reported); /* fxsave: MXCSR_MASK */
    if (reported)
        mxcsr_mask = reported;
}

uint32_t fpu_mxcsr_mask(void)
{
    return mxcsr_mask;
}

void fpu_init_state(uint8_t *area)
{
    memcpy(area, clean_state, FPU_STATE_SIZE);
}
