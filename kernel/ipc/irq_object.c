/* User-space interrupt lines. At most one binding per line; the kernel's own
 * lines (the cascade, COM2 for the harness channel, and any line a kernel
 * handler registered) cannot be bound.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "irq_object.h"

#include "cobalt/errno.h"
#include "kheap.h"
#include "pic.h"
#include "readiness.h"
#include "trap.h"
#include "uart.h"

#define LINES 16

static struct irq_object *bound[LINES]; /* guarded by the kernel lock */

static void irq_destroy(struct kobj *o)
{
    struct irq_object *irq = (struct irq_object *)o;
    pic_mask(irq->line);
    bound[irq->line] = 0;
    kfree(irq);
}

long irq_object_bind(unsigned line, struct irq_object **out)
{
    if (line >= LINES || line == 2)
        return -EINVAL;
    if (bound[line] || line == COM2_IRQ || irq_has_kernel_handler(line))
        return -EBUSY;
    struct irq_object *irq = kzalloc(sizeof *irq);
    if (!irq)
        return -ENOMEM;
    kobj_init(&irq->obj, KOBJ_IRQ, irq_destroy);
    irq->line = line;
    bound[line] = irq;
    pic_unmask(line);
    *out = irq;
    return 0;
}

void irq_object_ack(struct irq_object *irq)
{
    irq->pending = 0;
    pic_unmask(irq->line);
}

int irq_object_fire(unsigned line)
{
    struct irq_object *irq = line < LINES ? bound[line] : 0;
    if (!irq)
        return 0;
    /* Masked until the driver has served the device and acknowledged. */
    pic_mask(line);
    irq->pending = 1;
    readiness_changed();
    return 1;
}
