/* The i8042 PS/2 controller: configuration, self-test, enabling the keyboard
 * and the auxiliary (mouse) port. Every wait on the controller is bounded so
 * a missing or broken controller gives -EIO, never a hang; what it answers is
 * checked, never trusted. */
#include "ctrl.h"

#include <cobalt/debug.h>
#include <cobalt/errno.h>
#include <cobalt/portio.h>

#define ST_OUTPUT_FULL 0x01
#define ST_INPUT_FULL  0x02
#define ST_FROM_AUX    0x20

#define CMD_READ_CONFIG  0x20
#define CMD_WRITE_CONFIG 0x60
#define CMD_DISABLE_AUX  0xA7
#define CMD_ENABLE_AUX   0xA8
#define CMD_SELF_TEST    0xAA
#define CMD_DISABLE_KBD  0xAD
#define CMD_ENABLE_KBD   0xAE
#define CMD_WRITE_AUX    0xD4

#define CFG_KBD_IRQ     0x01
#define CFG_AUX_IRQ     0x02
#define CFG_KBD_DISABLE 0x10
#define CFG_AUX_DISABLE 0x20
#define CFG_TRANSLATE   0x40

#define SELF_TEST_OK   0x55
#define DEV_ACK        0xFA
#define DEV_ENABLE     0xF4
#define DEV_DEFAULTS   0xF6
#define SPIN_LIMIT     200000
#define ANSWER_RETRIES 8 /* bytes skipped while looking for an ACK */

static int wait_write(void)
{
    for (int i = 0; i < SPIN_LIMIT; i++)
        if (!(inb(I8042_STATUS) & ST_INPUT_FULL))
            return 0;
    return -EIO;
}

static int wait_read(uint8_t *v)
{
    for (int i = 0; i < SPIN_LIMIT; i++) {
        if (inb(I8042_STATUS) & ST_OUTPUT_FULL) {
            *v = inb(I8042_DATA);
            return 0;
        }
    }
    return -EIO;
}

static int command(uint8_t cmd)
{
    if (wait_write() < 0)
        return -EIO;
    outb(I8042_STATUS, cmd);
    return 0;
}

static int write_data(uint8_t v)
{
    if (wait_write() < 0)
        return -EIO;
    outb(I8042_DATA, v);
    return 0;
}

static void flush(void)
{
    for (int i = 0; i < 256 && (inb(I8042_STATUS) & ST_OUTPUT_FULL); i++)
        (void)inb(I8042_DATA);
}

/* Sends a byte to a device (aux: through the controller's 0xD4) and waits for
 * its ACK, skipping a few unrelated bytes. 0 or -EIO. */
static int device_command(int aux, uint8_t v)
{
    if ((aux && command(CMD_WRITE_AUX) < 0) || write_data(v) < 0)
        return -EIO;
    for (int i = 0; i < ANSWER_RETRIES; i++) {
        uint8_t b;
        if (wait_read(&b) < 0)
            return -EIO;
        if (b == DEV_ACK)
            return 0;
    }
    return -EIO;
}

int ctrl_setup(int *have_mouse)
{
    uint8_t cfg = 0, answer = 0;
    *have_mouse = 0;
    /* Quiet both ports while we configure. */
    if (command(CMD_DISABLE_KBD) < 0 || command(CMD_DISABLE_AUX) < 0)
        return -EIO;
    flush();
    if (command(CMD_READ_CONFIG) < 0 || wait_read(&cfg) < 0)
        return -EIO;
    cfg &= (uint8_t) ~(CFG_KBD_IRQ | CFG_AUX_IRQ);
    if (command(CMD_WRITE_CONFIG) < 0 || write_data(cfg) < 0)
        return -EIO;
    if (command(CMD_SELF_TEST) < 0 || wait_read(&answer) < 0 || answer != SELF_TEST_OK) {
        cobalt_log_printf("i8042: controller self-test failed (answer %#x)", answer);
        return -EIO;
    }
    /* The self-test may reset the configuration: write it again. */
    if (command(CMD_WRITE_CONFIG) < 0 || write_data(cfg) < 0)
        return -EIO;
    if (command(CMD_ENABLE_KBD) < 0 || command(CMD_ENABLE_AUX) < 0)
        return -EIO;
    flush();
    if (device_command(0, DEV_ENABLE) < 0)
        cobalt_log_printf("i8042: keyboard did not acknowledge enable");
    *have_mouse = device_command(1, DEV_DEFAULTS) == 0 && device_command(1, DEV_ENABLE) == 0;
    if (!*have_mouse)
        cobalt_log_printf("i8042: no mouse on the auxiliary port");
    flush();
    /* Interrupts on, both ports enabled, set-1 translation kept on. */
    cfg |= CFG_KBD_IRQ | CFG_AUX_IRQ | CFG_TRANSLATE;
    cfg &= (uint8_t) ~(CFG_KBD_DISABLE | CFG_AUX_DISABLE);
    if (command(CMD_WRITE_CONFIG) < 0 || write_data(cfg) < 0)
        return -EIO;
    return 0;
}

int ctrl_read(uint8_t *byte, int *from_aux)
{
    uint8_t st = inb(I8042_STATUS);
    if (!(st & ST_OUTPUT_FULL))
        return 0;
    *from_aux = (st & ST_FROM_AUX) != 0;
    *byte = inb(I8042_DATA);
    return 1;
}

int ctrl_kbd_write(uint8_t v)
{
    return write_data(v);
}
