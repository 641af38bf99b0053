/* Cobalt's input event ABI: the one record every input driver's read returns
 * (kbd: from the i8042 driver, ps2mouse: from its mouse port, pointer: from
 * the vmmouse driver), key codes and modifier bits. docs/drivers.md.
 *
 * A read returns whole records only: a buffer smaller than one record is
 * EINVAL, a larger one gets as many whole records as are queued (at least
 * one: the read waits). Each open file has its own bounded queue; when a
 * client does not read, the OLDEST events are dropped (the driver never
 * blocks) and the next record read carries COBALT_INPUT_F_DROPPED. */
#ifndef COBALT_INPUT_H
#define COBALT_INPUT_H

#include <stdint.h>

enum cobalt_input_type {
    COBALT_INPUT_KEY = 1, /* code: COBALT_KEY_*, flags: PRESS/RELEASE, mods, text */
    COBALT_INPUT_REL = 2, /* x, y: relative motion (y grows downwards), buttons, wheel */
    COBALT_INPUT_ABS = 3, /* x, y: absolute screen pixel, buttons, wheel (relative steps) */
};

#define COBALT_INPUT_F_PRESS   0x0001 /* KEY: pressed (or auto-repeated) */
#define COBALT_INPUT_F_RELEASE 0x0002 /* KEY: released */
#define COBALT_INPUT_F_DROPPED 0x8000 /* events before this one were lost (queue full) */

/* Modifier bits (mods): the state after this event. */
#define COBALT_MOD_LSHIFT 0x0001
#define COBALT_MOD_RSHIFT 0x0002
#define COBALT_MOD_LCTRL  0x0004
#define COBALT_MOD_RCTRL  0x0008
#define COBALT_MOD_LALT   0x0010
#define COBALT_MOD_RALT   0x0020 /* AltGr */
#define COBALT_MOD_LMETA  0x0040
#define COBALT_MOD_RMETA  0x0080
#define COBALT_MOD_CAPS   0x0100 /* caps lock is on */
#define COBALT_MOD_NUM    0x0200 /* num lock is on */
#define COBALT_MOD_SCROLL 0x0400 /* scroll lock is on */
#define COBALT_MOD_SHIFT  (COBALT_MOD_LSHIFT | COBALT_MOD_RSHIFT)
#define COBALT_MOD_CTRL   (COBALT_MOD_LCTRL | COBALT_MOD_RCTRL)
#define COBALT_MOD_ALT    (COBALT_MOD_LALT | COBALT_MOD_RALT)

/* Pointer buttons. */
#define COBALT_BUTTON_LEFT   0x1
#define COBALT_BUTTON_RIGHT  0x2
#define COBALT_BUTTON_MIDDLE 0x4

struct cobalt_input_event {
    uint64_t time_ns; /* monotonic clock when the driver took the event */
    uint16_t type;    /* enum cobalt_input_type */
    uint16_t flags;   /* COBALT_INPUT_F_* */
    uint32_t code;    /* KEY: COBALT_KEY_*; else 0 */
    uint32_t mods;    /* KEY: COBALT_MOD_* after the event; else 0 */
    uint32_t buttons; /* REL/ABS: COBALT_BUTTON_* held */
    int32_t x, y;     /* REL: dx, dy; ABS: pixel */
    int32_t wheel;    /* REL/ABS: wheel steps, positive = towards the user */
    char text[12];    /* KEY press: UTF-8 the key types with these modifiers, NUL-padded */
};
_Static_assert(sizeof(struct cobalt_input_event) == 48, "the input record is 48 bytes");

/* Key codes: a key's PS/2 scancode set 1 make code (1..0x7F), or 0x80 | the
 * make code for keys with the 0xE0 prefix. The same numbering in every
 * keyboard driver; keymaps (docs/drivers.md) are indexed by it. */
#define COBALT_KEY_ESC        0x01
#define COBALT_KEY_1          0x02
#define COBALT_KEY_0          0x0B
#define COBALT_KEY_MINUS      0x0C
#define COBALT_KEY_EQUAL      0x0D
#define COBALT_KEY_BACKSPACE  0x0E
#define COBALT_KEY_TAB        0x0F
#define COBALT_KEY_Q          0x10
#define COBALT_KEY_W          0x11
#define COBALT_KEY_E          0x12
#define COBALT_KEY_R          0x13
#define COBALT_KEY_T          0x14
#define COBALT_KEY_Y          0x15
#define COBALT_KEY_U          0x16
#define COBALT_KEY_I          0x17
#define COBALT_KEY_O          0x18
#define COBALT_KEY_P          0x19
#define COBALT_KEY_ENTER      0x1C
#define COBALT_KEY_LCTRL      0x1D
#define COBALT_KEY_A          0x1E
#define COBALT_KEY_S          0x1F
#define COBALT_KEY_D          0x20
#define COBALT_KEY_F          0x21
#define COBALT_KEY_G          0x22
#define COBALT_KEY_H          0x23
#define COBALT_KEY_J          0x24
#define COBALT_KEY_K          0x25
#define COBALT_KEY_L          0x26
#define COBALT_KEY_LSHIFT     0x2A
#define COBALT_KEY_Z          0x2C
#define COBALT_KEY_X          0x2D
#define COBALT_KEY_C          0x2E
#define COBALT_KEY_V          0x2F
#define COBALT_KEY_B          0x30
#define COBALT_KEY_N          0x31
#define COBALT_KEY_M          0x32
#define COBALT_KEY_RSHIFT     0x36
#define COBALT_KEY_KP_STAR    0x37
#define COBALT_KEY_LALT       0x38
#define COBALT_KEY_SPACE      0x39
#define COBALT_KEY_CAPSLOCK   0x3A
#define COBALT_KEY_F1         0x3B
#define COBALT_KEY_F10        0x44
#define COBALT_KEY_NUMLOCK    0x45
#define COBALT_KEY_SCROLLLOCK 0x46
#define COBALT_KEY_F11        0x57
#define COBALT_KEY_F12        0x58
#define COBALT_KEY_KP_ENTER   0x9C
#define COBALT_KEY_RCTRL      0x9D
#define COBALT_KEY_KP_SLASH   0xB5
#define COBALT_KEY_RALT       0xB8
#define COBALT_KEY_HOME       0xC7
#define COBALT_KEY_UP         0xC8
#define COBALT_KEY_PAGEUP     0xC9
#define COBALT_KEY_LEFT       0xCB
#define COBALT_KEY_RIGHT      0xCD
#define COBALT_KEY_END        0xCF
#define COBALT_KEY_DOWN       0xD0
#define COBALT_KEY_PAGEDOWN   0xD1
#define COBALT_KEY_INSERT     0xD2
#define COBALT_KEY_DELETE     0xD3
#define COBALT_KEY_LMETA      0xDB
#define COBALT_KEY_RMETA      0xDC
#define COBALT_KEY_MENU       0xDD
#define COBALT_KEY_MAX        0xFF

#endif
