/* The i8042 controller as the i8042 driver drives it: set-up of both ports
 * and reading the next byte with the port it came from. */
#ifndef I8042_CTRL_H
#define I8042_CTRL_H

#include <stdint.h>

#define I8042_DATA    0x60
#define I8042_STATUS  0x64
#define I8042_KBD_IRQ 1
#define I8042_AUX_IRQ 12

/* Self-test, both ports enabled with their interrupts, translation to scancode
 * set 1 kept, keyboard scanning and mouse streaming on. Returns 0, or -EIO
 * when the controller fails its self-test or does not answer; *have_mouse
 * says whether the mouse acknowledged streaming. */
int ctrl_setup(int *have_mouse);
/* Takes one waiting byte: 1 and *byte / *from_aux, or 0 when none waits. */
int ctrl_read(uint8_t *byte, int *from_aux);
/* Sends a byte to the keyboard (bounded wait): 0 or -EIO. */
int ctrl_kbd_write(uint8_t v);

#endif
