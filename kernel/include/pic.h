/* The legacy 8259 interrupt controllers, remapped to vectors 32..47. */
#ifndef COBALT_PIC_H
#define COBALT_PIC_H

#include <stdbool.h>
#include <stdint.h>

void pic_init(void);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
void pic_eoi(unsigned irq);
bool pic_is_spurious(unsigned irq);
/* The unmasked lines with a request waiting (IRR), the cascade left out. */
uint16_t pic_pending(void);

#endif
