/* QEMU's vmmouse through the VMware backdoor (port 0x5658). */
#ifndef VMMOUSE_BACKDOOR_H
#define VMMOUSE_BACKDOOR_H

#include <stdint.h>

#define VMMOUSE_PORT  0x5658
#define VMMOUSE_PORTS 4 /* a 32-bit `in` touches 0x5658..0x565B */

struct vmm_packet {
    uint32_t buttons; /* COBALT_BUTTON_* */
    uint32_t x, y;    /* 0..0xFFFF across the screen */
    int32_t wheel;
};

/* GETVERSION, READ_ID, the id check, then absolute mode: 0 or -ENODEV. */
int vmm_enable(void);
/* Asks for absolute mode again (after the PS/2 mouse was reset). */
void vmm_request_absolute(void);
/* Takes up to max queued packets into out: the count, or -EIO when the device
 * reports an error or an impossible queue length (it is re-enabled). */
int vmm_read(struct vmm_packet *out, int max);

#endif
