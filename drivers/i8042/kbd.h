/* The keyboard decoder: set-1 scancode bytes in, key events out (key code,
 * press/release, modifiers, text through the keymap). */
#ifndef I8042_KBD_H
#define I8042_KBD_H

#include "keymap.h"

#include <cobalt/input.h>

struct kbd_state {
    int prefix; /* 0, 0xE0 seen, or bytes of a Pause (E1) sequence left */
    int e1_left;
    uint32_t mods; /* COBALT_MOD_* */
    uint8_t down[KEYMAP_KEYS / 8];
    int leds_changed; /* a lock key toggled: the LEDs need an update */
};

/* Feeds one byte; returns 1 and fills *ev when it completes a key event. Any
 * byte sequence is accepted (garbage gives odd keys, never a crash). */
int kbd_feed(struct kbd_state *k, const struct keymap *km, uint8_t byte,
             struct cobalt_input_event *ev);
/* The keyboard LED byte (command 0xED) for the lock modifiers. */
uint8_t kbd_leds(const struct kbd_state *k);

#endif
