/* Interrupt lines handed to user-space drivers: a bound line is masked when
 * it fires and marked pending (readable for wait_many) until irq_ack. */
#ifndef COBALT_IRQ_OBJECT_H
#define COBALT_IRQ_OBJECT_H

#include "handle.h"

struct irq_object {
    struct kobj obj;
    unsigned line;
    int pending;
};

/* A new binding of line, or -EINVAL (no such line), -EBUSY (taken). */
long irq_object_bind(unsigned line, struct irq_object **out);
void irq_object_ack(struct irq_object *irq);
/* Called by the interrupt dispatcher for a line with no kernel handler;
 * returns 0 when nobody has bound it. */
int irq_object_fire(unsigned line);

#endif
