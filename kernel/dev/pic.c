/* 8259 PIC pair: remap to vectors 32..47, everything masked until a driver
 * unmasks its line; end-of-interrupt and spurious-IRQ (7 and 15) checks. */
#include "pic.h"

#include <stdint.h>

#include "cpu.h"
#include "trap.h"

#define PIC1_CMD     0x20
#define PIC1_DATA    0x21
#define PIC2_CMD     0xA0
#define PIC2_DATA    0xA1
#define PIC_EOI      0x20
#define PIC_READ_ISR 0x0B
#define PIC_READ_IRR 0x0A

static uint16_t mask = 0xFFFF;

static void write_mask(void)
{
    outb(PIC1_DATA, mask & 0xFF);
    outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
    outb(PIC1_CMD, 0x11); /* ICW1: init, ICW4 follows */
    io_wait();
    outb(PIC2_CMD, 0x11);
    io_wait();
    outb(PIC1_DATA, IRQ_BASE_VECTOR); /* ICW2: vector base */
    io_wait();
    outb(PIC2_DATA, IRQ_BASE_VECTOR + 8);
    io_wait();
    outb(PIC1_DATA, 4); /* ICW3: slave on IRQ 2 */
    io_wait();
    outb(PIC2_DATA, 2);
    io_wait();
    outb(PIC1_DATA, 1); /* ICW4: 8086 mode */
    io_wait();
    outb(PIC2_DATA, 1);
    io_wait();
    mask = 0xFFFF & ~(1u << 2); /* cascade line open, all else masked */
    write_mask();
}

void pic_unmask(unsigned irq)
{
    if (irq >= 16)
        return;
    mask &= ~(1u << irq);
    write_mask();
}

void pic_mask(unsigned irq)
{
    if (irq >= 16 || irq == 2)
        return;
    mask |= 1u << irq;
    write_mask();
}

void pic_eoi(unsigned irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

/* Rule: IRQ 7/15 with no in-service bit set is spurious and gets no EOI from
 * its own chip (the master still needs one for a spurious 15). */
bool pic_is_spurious(unsigned irq)
{
    if (irq == 7) {
        outb(PIC1_CMD, PIC_READ_ISR);
        return !(inb(PIC1_CMD) & 0x80);
    }
    if (irq == 15) {
        outb(PIC2_CMD, PIC_READ_ISR);
        if (!(inb(PIC2_CMD) & 0x80)) {
            outb(PIC1_CMD, PIC_EOI);
            return true;
        }
    }
    return false;
}

uint16_t pic_pending(void)
{
    outb(PIC1_CMD, PIC_READ_IRR);
    outb(PIC2_CMD, PIC_READ_IRR);
    uint16_t irr = (uint16_t)(inb(PIC1_CMD) | inb(PIC2_CMD) << 8);
    return irr & ~mask & ~(1u << 2);
}
