/* The interrupt descriptor table, the names of CPU exceptions, and dispatch:
 * exceptions go to the panic report, hardware IRQs to registered handlers. */
#include "trap.h"

#include <stdbool.h>

#include "clock.h"
#include "cpu.h"
#include "gdt.h"
#include "irq_object.h"
#include "panic.h"
#include "pic.h"
#include "sched.h"
#include "timer_hw.h"
#include "user_fault.h"
#include "usercopy.h"

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

struct idt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

extern const uint64_t isr_table[256];

static struct idt_gate idt[256];
static irq_handler_fn irq_handlers[16];

static const char *const exception_names[32] = {
    "divide error",
    "debug",
    "non-maskable interrupt",
    "breakpoint",
    "overflow",
    "bound range exceeded",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack-segment fault",
    "general protection fault",
    "page fault",
    "reserved",
    "x87 floating-point error",
    "alignment check",
    "machine check",
    "SIMD floating-point error",
    "virtualization exception",
    "control protection exception",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "hypervisor injection exception",
    "VMM communication exception",
    "security exception",
    "reserved",
};

const char *trap_name(uint64_t vector)
{
    if (vector < 32)
        return exception_names[vector];
    if (vector < IRQ_BASE_VECTOR + 16)
        return "hardware interrupt";
    return "unexpected interrupt";
}

static void set_gate(unsigned vector, uint64_t handler, uint8_t ist)
{
    idt[vector] = (struct idt_gate){
        .offset_low = handler & 0xFFFF,
        .selector = SEL_KERNEL_CODE,
        .ist = ist,
        .type_attr = 0x8E, /* present, DPL 0, 64-bit interrupt gate */
        .offset_mid = (handler >> 16) & 0xFFFF,
        .offset_high = handler >> 32,
    };
}

void idt_init(void)
{
    for (unsigned v = 0; v < 256; v++)
        set_gate(v, isr_table[v], 0);
    set_gate(2, isr_table[2], IST_NMI);
    set_gate(8, isr_table[8], IST_DOUBLE_FAULT);
    set_gate(18, isr_table[18], IST_MACHINE_CHECK);
    struct idt_pointer idtr = {sizeof idt - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

void irq_register(unsigned irq, irq_handler_fn fn)
{
    if (irq < 16)
        irq_handlers[irq] = fn;
}

int irq_has_kernel_handler(unsigned irq)
{
    return irq < 16 && irq_handlers[irq] != 0;
}

void trap_dispatch(struct trap_frame *f)
{
    bool from_user = f->cs & 3;
    if (f->vector < 32) {
        if (from_user) {
            user_exception(f);
            sched_user_return();
            return;
        }
        /* A fault inside a user copy is the copy's business, not a kernel bug. */
        if (f->vector == 14 && usercopy_fixup(f, read_cr2(), f->error_code & 2))
            return;
        panic_exception(f);
    }
    if (f->vector == TIMER_VECTOR) {
        lapic_eoi();
        sched_tick();
    } else if (f->vector == SPURIOUS_VECTOR) {
        return; /* no end-of-interrupt for a spurious vector */
    } else if (f->vector >= IRQ_BASE_VECTOR && f->vector < IRQ_BASE_VECTOR + 16) {
        unsigned irq = f->vector - IRQ_BASE_VECTOR;
        if (pic_is_spurious(irq))
            return;
        if (irq_handlers[irq])
            irq_handlers[irq]();
        else
            irq_object_fire(irq);
        pic_eoi(irq);
    } else {
        /* Nothing else is routed to the CPU: treat it as a kernel bug. */
        panic_exception(f);
    }
    if (from_user)
        sched_user_return();
}
