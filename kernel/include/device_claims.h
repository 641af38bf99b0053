/* Which process owns which I/O ports and device-memory ranges: a driver's
 * claim is exclusive until it exits, so no other process can touch its device
 * unless the driver hands it a device-memory shm object (shm_create_device). */
#ifndef COBALT_DEVICE_CLAIMS_H
#define COBALT_DEVICE_CLAIMS_H

#include <stdint.h>

struct process;

/* 0, or -EBUSY when another live process holds one of the ports. */
int claim_ports(struct process *p, uint64_t base, uint64_t count);
/* 0 (also when p holds the whole range already), or -EBUSY when another live
 * process holds part of it, -ENOSPC when the claim table is full. */
int claim_mmio(struct process *p, uint64_t phys, uint64_t len);
/* Releases everything p holds (process exit). */
void release_claims(struct process *p);

#endif
