/* The i8042 PS/2 controller as the kernel's test-mode input source: keyboard
 * scancodes, and the auxiliary port enabled so the vmmouse doorbell fires. */
#ifndef COBALT_PS2_H
#define COBALT_PS2_H

#include <stdbool.h>
#include <stdint.h>

#define PS2_KEYBOARD_IRQ 1
#define PS2_MOUSE_IRQ    12

void ps2_init(void);
/* Reads one waiting byte; *from_mouse says which port it came from. */
bool ps2_read(uint8_t *byte, bool *from_mouse);

#endif
