/* Input echo: PS/2 scancode bytes become "KEY xx" lines, vmmouse packets
 * become "POINTER x y buttons" (framebuffer pixels), and the screen shows the
 * last scancodes and a marker at the pointer. */
#include "input_echo.h"

#include <stdint.h>

#include "bootscreen.h"
#include "channel.h"
#include "fb.h"
#include "fmt.h"
#include "log.h"
#include "pic.h"
#include "ps2.h"
#include "vmmouse.h"

#define HISTORY 24

static bool have_mouse;
static uint8_t history[HISTORY];
static unsigned history_len;
static int pointer_x, pointer_y;
static uint32_t pointer_buttons;
static unsigned key_count, pointer_count;

static void remember_key(uint8_t code)
{
    if (history_len == HISTORY) {
        for (unsigned i = 1; i < HISTORY; i++)
            history[i - 1] = history[i];
        history_len--;
    }
    history[history_len++] = code;
    key_count++;
}

static void redraw(void)
{
    if (!fb_present())
        return;
    bootscreen_background();
    fb_text(64, 64, "Input echo", 0xE8EEFC, 2);
    char line[128];
    ksnprintf(line, sizeof line, "keys: %u scancode bytes   pointer: %u events", key_count,
              pointer_count);
    fb_text(64, 112, line, 0xDCE4F5, 1);
    int n = 0;
    line[0] = '\0';
    for (unsigned i = 0; i < history_len; i++)
        n += ksnprintf(line + n, sizeof line - (unsigned)n, "%02x ", history[i]);
    fb_text(64, 140, history_len ? line : "(no keys yet)", 0xDCE4F5, 1);
    ksnprintf(line, sizeof line, "pointer %d,%d  buttons %u", pointer_x, pointer_y,
              pointer_buttons);
    fb_text(64, 168, line, 0xDCE4F5, 1);
    /* The pointer marker: a cross, red while a button is down. */
    uint32_t rgb = pointer_buttons ? 0xFF4040 : 0xFFFFFF;
    fb_fill(pointer_x - 8, pointer_y, 17, 1, rgb);
    fb_fill(pointer_x, pointer_y - 8, 1, 17, rgb);
}

void input_echo_init(void)
{
    ps2_init();
    have_mouse = vmmouse_init();
    pointer_x = (int)fb_width() / 2;
    pointer_y = (int)fb_height() / 2;
    pic_unmask(PS2_KEYBOARD_IRQ);
    pic_unmask(2);
    pic_unmask(PS2_MOUSE_IRQ);
    redraw();
}

bool input_echo_drain(void)
{
    bool changed = false;
    uint8_t byte;
    bool from_mouse;
    while (ps2_read(&byte, &from_mouse)) {
        if (from_mouse)
            continue; /* the vmmouse doorbell byte: the packet is read below */
        channel_send("KEY %02x", byte);
        remember_key(byte);
        changed = true;
    }
    struct vmmouse_event ev;
    while (have_mouse && vmmouse_read(&ev)) {
        pointer_x = (int)((uint64_t)ev.x * fb_width() / 0x10000);
        pointer_y = (int)((uint64_t)ev.y * fb_height() / 0x10000);
        pointer_buttons = ev.buttons;
        pointer_count++;
        channel_send("POINTER %d %d %u", pointer_x, pointer_y, pointer_buttons);
        changed = true;
    }
    if (changed)
        redraw();
    return changed;
}
