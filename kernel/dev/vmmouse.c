/* vmmouse: the backdoor protocol (magic in EAX, command in ECX, one 32-bit
 * `in` from port 0x5658). Enable sequence: GETVERSION, READ_ID, STATUS,
 * DATA(1) == VMMOUSE id, REQUEST_ABSOLUTE. Events are four words: buttons,
 * x, y, wheel. */
#include "vmmouse.h"

#include "log.h"

#define VMMOUSE_MAGIC  0x564D5868
#define VMMOUSE_PORT   0x5658
#define CMD_GETVERSION 10
#define CMD_DATA       39
#define CMD_STATUS     40
#define CMD_COMMAND    41
#define ARG_READ_ID    0x45414552
#define ARG_DISABLE    0x000000F5
#define ARG_ABSOLUTE   0x53424152
#define VMMOUSE_ID     0x3442554A
#define STATUS_ERROR   0xFFFF0000

#define VM_LEFT   0x20
#define VM_RIGHT  0x10
#define VM_MIDDLE 0x08

struct regs {
    uint32_t a, b, c, d;
};

static struct regs backdoor(uint32_t cmd, uint32_t arg)
{
    struct regs r = {VMMOUSE_MAGIC, arg, cmd, VMMOUSE_PORT};
    uint32_t si = 0, di = 0;
    __asm__ volatile("inl %%dx, %%eax"
                     : "+a"(r.a), "+b"(r.b), "+c"(r.c), "+d"(r.d), "+S"(si), "+D"(di)
                     :
                     : "memory");
    return r;
}

bool vmmouse_init(void)
{
    if (backdoor(CMD_GETVERSION, 0).b != VMMOUSE_MAGIC) {
        klog("vmmouse: not present");
        return false;
    }
    backdoor(CMD_COMMAND, ARG_READ_ID);
    struct regs st = backdoor(CMD_STATUS, 0);
    if ((st.a & STATUS_ERROR) == STATUS_ERROR || (st.a & 0xFFFF) == 0) {
        klog("vmmouse: no id after READ_ID (status %x)", st.a);
        return false;
    }
    uint32_t id = backdoor(CMD_DATA, 1).a;
    if (id != VMMOUSE_ID) {
        klog("vmmouse: unexpected id %x", id);
        return false;
    }
    backdoor(CMD_COMMAND, ARG_ABSOLUTE);
    klog("vmmouse: absolute mode on");
    return true;
}

bool vmmouse_read(struct vmmouse_event *ev)
{
    uint32_t status = backdoor(CMD_STATUS, 0).a;
    if ((status & STATUS_ERROR) == STATUS_ERROR) {
        klog("vmmouse: error status, re-enabling");
        backdoor(CMD_COMMAND, ARG_DISABLE);
        vmmouse_init();
        return false;
    }
    if ((status & 0xFFFF) < 4)
        return false;
    struct regs r = backdoor(CMD_DATA, 4);
    uint32_t b = r.a & 0xFFFF;
    ev->buttons = ((b & VM_LEFT) ? 1u : 0) | ((b & VM_RIGHT) ? 2u : 0) | ((b & VM_MIDDLE) ? 4u : 0);
    ev->x = r.b & 0xFFFF;
    ev->y = r.c & 0xFFFF;
    return true;
}
