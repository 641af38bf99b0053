/* CPU exceptions and hardware interrupts: the saved register frame and the
 * registration of interrupt handlers. */
#ifndef COBALT_TRAP_H
#define COBALT_TRAP_H

#include <stdint.h>

/* Pushed by isr.S (general registers) and the CPU (vector onwards). */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

#define IRQ_BASE_VECTOR 32

typedef void (*irq_handler_fn)(void);

void idt_init(void);
void irq_register(unsigned irq, irq_handler_fn fn);
int irq_has_kernel_handler(unsigned irq);
void trap_dispatch(struct trap_frame *f);
const char *trap_name(uint64_t vector);

#endif
