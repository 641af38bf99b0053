/* System calls for drivers: irq_bind, irq_ack, ioport_grant, mmio_map,
 * shm_create_device. Only a process allowed to do I/O (the first process, and
 * children it spawns with SPAWN_GRANT_IO) may use them. */
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "device_claims.h"
#include "handle.h"
#include "irq_object.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "sched.h"
#include "shm.h"
#include "syscall.h"
#include "thread.h"
#include "timer_hw.h"
#include "vm.h"

static struct process *self(void)
{
    return current_thread()->proc;
}

long sys_irq_bind(const struct syscall_args *args)
{
    uint64_t line = args->a[0];
    if (!self()->may_do_io)
        return -EPERM;
    if (line >= 16)
        return -EINVAL;
    struct irq_object *irq;
    long err = irq_object_bind((unsigned)line, &irq);
    if (err)
        return err;
    int h = handle_install(self()->handles, &irq->obj, RIGHTS_ALL);
    kobj_unref(&irq->obj);
    return h;
}

long sys_irq_ack(const struct syscall_args *args)
{
    struct kobj *o;
    int err = handle_get(self()->handles, (int64_t)args->a[0], KOBJ_IRQ, 0, &o);
    if (err)
        return err;
    irq_object_ack((struct irq_object *)o);
    return 0;
}

/* Ports the kernel keeps: PICs, PIT, COM2 (the harness channel), debug console. */
static int port_reserved(uint64_t port)
{
    return port == 0x20 || port == 0x21 || port == 0xA0 || port == 0xA1 ||
           (port >= 0x40 && port <= 0x43) || (port >= 0x2F8 && port <= 0x2FF) || port == 0xE9;
}

long sys_ioport_grant(const struct syscall_args *args)
{
    uint64_t base = args->a[0], count = args->a[1];
    struct process *p = self();
    if (!p->may_do_io)
        return -EPERM;
    if (count == 0 || base > 0xFFFF || count > 0x10000 - base)
        return -EINVAL;
    for (uint64_t port = base; port < base + count; port++) {
        if (port_reserved(port))
            return -EBUSY;
    }
    uint8_t *map = p->iomap;
    if (!map) {
        uint64_t pages = pmm_alloc_contig(2);
        if (!pages)
            return -ENOMEM;
        map = phys_to_virt(pages);
        for (unsigned i = 0; i < 2 * PAGE_SIZE; i++)
            map[i] = 0xFF;
    }
    /* Rule: a port belongs to one driver at a time. */
    int err = claim_ports(p, base, count);
    if (err) {
        if (!p->iomap)
            for (unsigned i = 0; i < 2; i++)
                pmm_unref(virt_to_phys(map) + i * PAGE_SIZE);
        return err;
    }
    p->iomap = map;
    for (uint64_t port = base; port < base + count; port++)
        p->iomap[port / 8] &= (uint8_t) ~(1u << (port % 8));
    sched_iomap_changed(p);
    return 0;
}

#define IOAPIC_PHYS 0xFEC00000ULL /* the I/O APIC's usual page (QEMU's, the PC's) */

/* Does [phys, phys + len) touch the page at page? */
static bool touches_page(uint64_t phys, uint64_t len, uint64_t page)
{
    return phys < page + PAGE_SIZE && page < phys + len;
}

/* Checks a device-memory range a driver asked for (the caller checked that
 * it may do I/O): 0, -EINVAL, -EACCES or -EBUSY. */
static long decode_device_range(uint64_t phys, uint64_t len, uint64_t max_len)
{
    /* Rule: whole pages, not empty, no wrap-around, at most max_len bytes. */
    if (len == 0 || (phys | len) & (PAGE_SIZE - 1) || phys + len < phys || len > max_len)
        return -EINVAL;
    /* Rule: the interrupt controllers are the kernel's, like its ports. */
    if (touches_page(phys, len, lapic_phys()) || touches_page(phys, len, IOAPIC_PHYS))
        return -EBUSY;
    /* Rule: device memory only; RAM the kernel manages is never mapped this way. */
    for (uint64_t a = phys; a < phys + len; a += PAGE_SIZE) {
        if (pmm_is_ram(a))
            return -EACCES;
    }
    return 0;
}

long sys_mmio_map(const struct syscall_args *args)
{
    uint64_t phys = args->a[0], len = args->a[1], prot = args->a[2];
    struct process *p = self();
    if (!p->may_do_io)
        return -EPERM;
    if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE) || prot == 0)
        return -EINVAL;
    long bad = decode_device_range(phys, len, 1ULL << 32);
    if (bad)
        return bad;
    uint64_t at = vm_find_free(p->vm, len);
    if (!at)
        return -ENOMEM;
    /* Rule: device memory belongs to one driver at a time. */
    int err = claim_mmio(p, phys, len);
    if (err)
        return err;
    err = vm_add_special(p->vm, at, len, (uint32_t)prot, VM_MMIO, 0, phys);
    if (err)
        return err;
    vm_find_region(p->vm, at)->max_prot = VM_READ | VM_WRITE; /* device memory never runs */
    return (long)at;
}

long sys_shm_create_device(const struct syscall_args *args)
{
    uint64_t phys = args->a[0], size = args->a[1];
    struct process *p = self();
    if (!p->may_do_io)
        return -EPERM;
    long bad = decode_device_range(phys, size, SHM_MAX_BYTES);
    if (bad)
        return bad;
    /* Rule: inside the direct map, where the kernel's IPC copies reach it. */
    if (phys + size > DIRECT_MAP_SIZE)
        return -EINVAL;
    struct shm *s = shm_create_device(phys, size);
    if (!s)
        return -ENOMEM;
    /* Rule: device memory belongs to one driver at a time; the object is that
     * driver's to hand out (fmap), and its mappings outlive the claim. Only a
     * full handle table (-EMFILE) leaves the claim taken: the caller's own,
     * which costs no slot when it claims the range again. */
    int err = claim_mmio(p, phys, size);
    int h = err ? err : handle_install(p->handles, &s->obj, RIGHTS_ALL);
    kobj_unref(&s->obj);
    return h;
}
