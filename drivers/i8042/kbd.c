/* Set-1 scancode decoding (the controller translates the keyboard's set 2):
 * the 0xE0 prefix makes extended keys (code 0x80 | make code), the Pause
 * key's 0xE1 sequence and the fake shifts around Print Screen are skipped,
 * controller answers (ACK, resend, errors) are not keys. Modifiers are kept
 * per key; lock keys toggle on their first press (not on auto-repeat). */
#include "kbd.h"

#include <string.h>

#define SC_EXTENDED 0xE0
#define SC_PAUSE    0xE1
#define SC_RELEASE  0x80
#define PAUSE_BYTES 5 /* after 0xE1: 1D 45 E1 9D C5 */

static uint32_t modifier_of(unsigned code)
{
    switch (code) {
    case COBALT_KEY_LSHIFT:
        return COBALT_MOD_LSHIFT;
    case COBALT_KEY_RSHIFT:
        return COBALT_MOD_RSHIFT;
    case COBALT_KEY_LCTRL:
        return COBALT_MOD_LCTRL;
    case COBALT_KEY_RCTRL:
        return COBALT_MOD_RCTRL;
    case COBALT_KEY_LALT:
        return COBALT_MOD_LALT;
    case COBALT_KEY_RALT:
        return COBALT_MOD_RALT;
    case COBALT_KEY_LMETA:
        return COBALT_MOD_LMETA;
    case COBALT_KEY_RMETA:
        return COBALT_MOD_RMETA;
    default:
        return 0;
    }
}

static uint32_t lock_of(unsigned code)
{
    switch (code) {
    case COBALT_KEY_CAPSLOCK:
        return COBALT_MOD_CAPS;
    case COBALT_KEY_NUMLOCK:
        return COBALT_MOD_NUM;
    case COBALT_KEY_SCROLLLOCK:
        return COBALT_MOD_SCROLL;
    default:
        return 0;
    }
}

int kbd_feed(struct kbd_state *k, const struct keymap *km, uint8_t byte,
             struct cobalt_input_event *ev)
{
    if (k->e1_left > 0) {
        k->e1_left--;
        return 0;
    }
    /* Not keys: ACK, resend, echo, and the two error bytes. */
    if (byte == 0xFA || byte == 0xFE || byte == 0xEE || byte == 0x00 || byte == 0xFF) {
        k->prefix = 0;
        return 0;
    }
    if (byte == SC_EXTENDED) {
        k->prefix = SC_EXTENDED;
        return 0;
    }
    if (byte == SC_PAUSE) {
        k->prefix = 0;
        k->e1_left = PAUSE_BYTES;
        return 0;
    }
    int extended = k->prefix == SC_EXTENDED;
    k->prefix = 0;
    unsigned code = (byte & ~SC_RELEASE) | (extended ? 0x80u : 0);
    int release = (byte & SC_RELEASE) != 0;
    /* E0 2A / E0 36: fake shifts the keyboard sends around some keys. */
    if (code == (0x80 | COBALT_KEY_LSHIFT) || code == (0x80 | COBALT_KEY_RSHIFT))
        return 0;
    uint8_t bit = (uint8_t)(1u << (code & 7));
    int was_down = (k->down[code >> 3] & bit) != 0;
    if (release)
        k->down[code >> 3] &= (uint8_t)~bit;
    else
        k->down[code >> 3] |= bit;
    uint32_t mod = modifier_of(code);
    if (mod) {
        if (release)
            k->mods &= ~mod;
        else
            k->mods |= mod;
    }
    uint32_t lock = lock_of(code);
    if (lock && !release && !was_down) {
        k->mods ^= lock;
        k->leds_changed = 1;
    }
    memset(ev, 0, sizeof *ev);
    ev->type = COBALT_INPUT_KEY;
    ev->flags = release ? COBALT_INPUT_F_RELEASE : COBALT_INPUT_F_PRESS;
    ev->code = code;
    ev->mods = k->mods;
    if (!release)
        keymap_text(km, code, k->mods, ev->text, sizeof ev->text);
    return 1;
}

uint8_t kbd_leds(const struct kbd_state *k)
{
    return (uint8_t)(((k->mods & COBALT_MOD_SCROLL) ? 1 : 0) |
                     ((k->mods & COBALT_MOD_NUM) ? 2 : 0) | ((k->mods & COBALT_MOD_CAPS) ? 4 : 0));
}
