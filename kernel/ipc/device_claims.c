/* Device claims: an owner per I/O port, and a small table of claimed
 * device-memory ranges. Claims are taken by ioport_grant, mmio_map and
 * shm_create_device and released when the owning process exits.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "device_claims.h"

#include "cobalt/errno.h"
#include "log.h"
#include "process.h"
#include "uart.h"

#define PORTS      65536
#define MMIO_SLOTS 64
#define COM1_LAST  (COM1_PORT + 7)

static int port_owner[PORTS]; /* pid, 0 = free; guarded by the kernel lock */

static struct {
    uint64_t start, end;
    int pid;
} mmio[MMIO_SLOTS];

int claim_ports(struct process *p, uint64_t base, uint64_t count)
{
    for (uint64_t port = base; port < base + count; port++) {
        if (port_owner[port] && port_owner[port] != p->pid)
            return -EBUSY;
    }
    for (uint64_t port = base; port < base + count; port++)
        port_owner[port] = p->pid;
    if (base <= COM1_LAST && base + count > COM1_PORT)
        log_com1_handover(true);
    return 0;
}

int claim_mmio(struct process *p, uint64_t phys, uint64_t len)
{
    int free_slot = -1;
    for (int i = 0; i < MMIO_SLOTS; i++) {
        /* Held by p already (claims are exclusive, so no one else overlaps it). */
        if (mmio[i].pid == p->pid && mmio[i].start <= phys && phys + len <= mmio[i].end)
            return 0;
        if (!mmio[i].pid) {
            if (free_slot < 0)
                free_slot = i;
            continue;
        }
        if (phys < mmio[i].end && mmio[i].start < phys + len && mmio[i].pid != p->pid)
            return -EBUSY;
    }
    if (free_slot < 0)
        return -ENOSPC;
    mmio[free_slot].start = phys;
    mmio[free_slot].end = phys + len;
    mmio[free_slot].pid = p->pid;
    return 0;
}

void release_claims(struct process *p)
{
    if (p->iomap) {
        bool had_com1 = port_owner[COM1_PORT] == p->pid;
        for (int port = 0; port < PORTS; port++) {
            if (port_owner[port] == p->pid)
                port_owner[port] = 0;
        }
        if (had_com1)
            log_com1_handover(false);
    }
    for (int i = 0; i < MMIO_SLOTS; i++) {
        if (mmio[i].pid == p->pid)
            mmio[i].pid = 0;
    }
}
