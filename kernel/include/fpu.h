/* x87/SSE register state of user threads: enabled at boot, saved and
 * restored eagerly at every switch between threads (the kernel itself never
 * uses these registers: it is built with -mno-sse -mno-80387). */
#ifndef COBALT_FPU_H
#define COBALT_FPU_H

#include <stdint.h>

#define FPU_STATE_SIZE 512

/* Turns SSE on (CR0/CR4) and records the clean state new threads start with. */
void fpu_init(void);
/* The MXCSR bits this CPU accepts (fxrstor faults on any other). */
uint32_t fpu_mxcsr_mask(void);
/* Copies the clean state into a new thread's save area. */
void fpu_init_state(uint8_t *area);

static inline void fpu_save(uint8_t *area)
{
    __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void fpu_restore(const uint8_t *area)
{
    __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

#endif
