/* The vmmouse backdoor protocol: magic in EAX, argument in EBX, command in
 * ECX, one 32-bit `in` from port 0x5658 (every general register may change).
 * What the device answers is checked: an error status or a queue length that
 * cannot be right re-enables the device instead of being trusted. */
#include "backdoor.h"

#include <cobalt/errno.h>
#include <cobalt/input.h>

#define MAGIC          0x564D5868
#define CMD_GETVERSION 10
#define CMD_DATA       39
#define CMD_STATUS     40
#define CMD_COMMAND    41
#define ARG_READ_ID    0x45414552
#define ARG_DISABLE    0x000000F5
#define ARG_ABSOLUTE   0x53424152
#define VMMOUSE_ID     0x3442554A
#define STATUS_ERROR   0xFFFF0000
#define QUEUE_MAX      1024 /* words the device can hold */

#define VM_LEFT   0x20
#define VM_RIGHT  0x10
#define VM_MIDDLE 0x08

struct regs {
    uint32_t a, b, c, d;
};

static struct regs backdoor(uint32_t cmd, uint32_t arg)
{
    struct regs r = {MAGIC, arg, cmd, VMMOUSE_PORT};
    uint32_t si = 0, di = 0;
    __asm__ volatile("inl %%dx, %%eax"
                     : "+a"(r.a), "+b"(r.b), "+c"(r.c), "+d"(r.d), "+S"(si), "+D"(di)
                     :
                     : "memory");
    return r;
}

int vmm_enable(void)
{
    if (backdoor(CMD_GETVERSION, 0).b != MAGIC)
        return -ENODEV;
    backdoor(CMD_COMMAND, ARG_READ_ID);
    uint32_t st = backdoor(CMD_STATUS, 0).a;
    if ((st & STATUS_ERROR) == STATUS_ERROR || (st & 0xFFFF) == 0)
        return -ENODEV;
    if (backdoor(CMD_DATA, 1).a != VMMOUSE_ID)
        return -ENODEV;
    backdoor(CMD_COMMAND, ARG_ABSOLUTE);
    return 0;
}

void vmm_request_absolute(void)
{
    backdoor(CMD_COMMAND, ARG_ABSOLUTE);
}

int vmm_read(struct vmm_packet *out, int max)
{
    int n = 0;
    while (n < max) {
        uint32_t st = backdoor(CMD_STATUS, 0).a;
        uint32_t queued = st & 0xFFFF;
        if ((st & STATUS_ERROR) == STATUS_ERROR || queued > QUEUE_MAX) {
            backdoor(CMD_COMMAND, ARG_DISABLE);
            vmm_enable();
            return -EIO;
        }
        if (queued < 4)
            break;
        struct regs r = backdoor(CMD_DATA, 4);
        uint32_t b = r.a & 0xFFFF;
        out[n].buttons = ((b & VM_LEFT) ? COBALT_BUTTON_LEFT : 0) |
                         ((b & VM_RIGHT) ? COBALT_BUTTON_RIGHT : 0) |
                         ((b & VM_MIDDLE) ? COBALT_BUTTON_MIDDLE : 0);
        out[n].x = r.b & 0xFFFF;
        out[n].y = r.c & 0xFFFF;
        int32_t w = (int32_t)r.d;
        out[n].wheel = w > 127 ? 127 : w < -127 ? -127 : w;
        n++;
    }
    return n;
}
