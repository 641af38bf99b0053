/* i8042: the PS/2 controller driver. Owns ports 0x60 and 0x64 and IRQs 1 and
 * 12; serves the keyboard as kbd: (key events with modifiers and the text of
 * the US keymap, read from the boot image: etc/keymaps/us) and the mouse port
 * as ps2mouse: (relative motion and buttons; also the doorbell the vmmouse
 * driver waits on). docs/drivers.md. */
#include "ctrl.h"
#include "kbd.h"
#include "keymap.h"
#include "mouse.h"

#include <cobalt/bootfs.h>
#include "../common/drv.h"
#include "../common/evq.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>

#define KEYMAP_PATH    "etc/keymaps/us"
#define BYTES_PER_WAKE 256 /* bound on one drain: a stuck "data waiting" bit cannot spin us */
#define KBD_SET_LEDS   0xED

static struct evq kbd_q, mouse_q;
static struct kbd_state kbd;
static struct mouse_state mouse;
static struct keymap keymap;
static long irq_kbd, irq_aux;

/* Takes every waiting byte (either port) and turns it into events. */
static void drain(void)
{
    struct cobalt_input_event ev;
    for (int i = 0; i < BYTES_PER_WAKE; i++) {
        uint8_t b;
        int aux;
        if (!ctrl_read(&b, &aux))
            break;
        if (aux) {
            if (mouse_feed(&mouse, b, &ev))
                evq_push(&mouse_q, &ev);
        } else if (kbd_feed(&kbd, &keymap, b, &ev)) {
            evq_push(&kbd_q, &ev);
        }
    }
    if (kbd.leds_changed) {
        kbd.leds_changed = 0;
        /* The keyboard's ACKs come back as bytes the decoder skips. */
        if (ctrl_kbd_write(KBD_SET_LEDS) == 0)
            ctrl_kbd_write(kbd_leds(&kbd));
    }
}

static void irq_ready(void *arg, uint32_t revents)
{
    (void)revents;
    drain();
    cobalt_irq_ack(*(long *)arg);
}

static void load_keymap(void)
{
    size_t size = 0;
    const char *text = bootfs_open() == 0 ? bootfs_find(KEYMAP_PATH, &size) : NULL;
    if (!text) {
        cobalt_log_printf("i8042: no %s in the boot image: keys give no text", KEYMAP_PATH);
        return;
    }
    int bad = keymap_parse(&keymap, text, size, KEYMAP_PATH);
    cobalt_log_printf("i8042: keymap %s: %u keys, %d bad lines", KEYMAP_PATH, keymap.loaded, bad);
}

int main(void)
{
    static struct ss_loop loop;
    int have_mouse = 0;
    if (drv_claim_ports("i8042", I8042_DATA, 1) < 0 ||
        drv_claim_ports("i8042", I8042_STATUS, 1) < 0)
        return 1;
    irq_kbd = drv_bind_irq("i8042", I8042_KBD_IRQ);
    irq_aux = drv_bind_irq("i8042", I8042_AUX_IRQ);
    if (irq_kbd < 0 || irq_aux < 0)
        return 1;
    load_keymap();
    if (ctrl_setup(&have_mouse) < 0) {
        cobalt_log_printf("i8042: the controller does not answer");
        return 1;
    }
    ss_loop_init(&loop);
    evq_init(&kbd_q, "kbd", 1);
    evq_init(&mouse_q, "ps2mouse", 2);
    long r = ss_loop_add_scheme(&loop, &kbd_q.scheme);
    if (r == 0)
        r = ss_loop_add_scheme(&loop, &mouse_q.scheme);
    if (r == 0)
        r = ss_loop_add_watch(&loop, irq_kbd, WAIT_READABLE, irq_ready, &irq_kbd);
    if (r == 0)
        r = ss_loop_add_watch(&loop, irq_aux, WAIT_READABLE, irq_ready, &irq_aux);
    if (r < 0) {
        cobalt_log_printf("i8042: cannot serve: %ld", r);
        return 1;
    }
    drain();
    drv_announce("i8042", have_mouse ? "kbd: and ps2mouse:" : "kbd: (no mouse)");
    r = ss_loop_run(&loop);
    cobalt_log_printf("i8042: wait_many failed: %ld", r);
    return 1;
}
