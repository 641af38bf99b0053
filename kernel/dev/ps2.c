/* i8042: leaves the BIOS's scancode translation on (so keys arrive as set 1),
 * enables the auxiliary port and its interrupt, and tells the mouse to report
 * (QEMU's vmmouse rings its doorbell through the PS/2 mouse). Every wait on
 * the controller is bounded. */
#include "ps2.h"

#include "cpu.h"
#include "log.h"

#define PS2_DATA   0x60
#define PS2_STATUS 0x64
#define PS2_CMD    0x64

#define STATUS_OUTPUT_FULL 0x01
#define STATUS_INPUT_FULL  0x02
#define STATUS_FROM_AUX    0x20

#define CMD_READ_CONFIG        0x20
#define CMD_WRITE_CONFIG       0x60
#define CMD_ENABLE_AUX         0xA8
#define CMD_WRITE_AUX          0xD4
#define MOUSE_ENABLE_REPORTING 0xF4

#define CONFIG_KBD_IRQ     0x01
#define CONFIG_AUX_IRQ     0x02
#define CONFIG_AUX_DISABLE 0x20

#define WAIT_LIMIT 100000

static bool wait_can_write(void)
{
    for (int i = 0; i < WAIT_LIMIT; i++) {
        if (!(inb(PS2_STATUS) & STATUS_INPUT_FULL))
            return true;
    }
    return false;
}

static bool wait_can_read(void)
{
    for (int i = 0; i < WAIT_LIMIT; i++) {
        if (inb(PS2_STATUS) & STATUS_OUTPUT_FULL)
            return true;
    }
    return false;
}

static void command(uint8_t cmd)
{
    if (wait_can_write())
        outb(PS2_CMD, cmd);
}

static void write_data(uint8_t v)
{
    if (wait_can_write())
        outb(PS2_DATA, v);
}

void ps2_init(void)
{
    /* Flush whatever the BIOS left behind. */
    for (int i = 0; i < 64 && (inb(PS2_STATUS) & STATUS_OUTPUT_FULL); i++)
        (void)inb(PS2_DATA);
    command(CMD_ENABLE_AUX);
    command(CMD_READ_CONFIG);
    uint8_t config = wait_can_read() ? inb(PS2_DATA) : 0;
    config |= CONFIG_KBD_IRQ | CONFIG_AUX_IRQ;
    config &= ~CONFIG_AUX_DISABLE;
    command(CMD_WRITE_CONFIG);
    write_data(config);
    command(CMD_WRITE_AUX);
    write_data(MOUSE_ENABLE_REPORTING);
    uint8_t ack = wait_can_read() ? inb(PS2_DATA) : 0;
    if (ack != 0xFA)
        klog("ps2: mouse did not acknowledge enable (got %02x)", ack);
    klog("ps2: controller configured (config %02x)", config);
}

bool ps2_read(uint8_t *byte, bool *from_mouse)
{
    uint8_t status = inb(PS2_STATUS);
    if (!(status & STATUS_OUTPUT_FULL))
        return false;
    *from_mouse = (status & STATUS_FROM_AUX) != 0;
    *byte = inb(PS2_DATA);
    return true;
}
