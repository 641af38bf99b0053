/* The Bochs/QEMU stdvga "dispi" interface (ports 0x1CE index, 0x1CF data):
 * mode setting, virtual height and the Y offset used for page flips. */
#ifndef DISPLAY_BGA_H
#define DISPLAY_BGA_H

#include <stdint.h>

#define BGA_PORT_BASE  0x1CE
#define BGA_PORT_COUNT 3 /* a 16-bit access to 0x1CF touches 0x1D0 too */

/* 1 when a dispi interface answers with a known id (reads the video memory
 * size into *vram_bytes). Ports must be granted. */
int bga_present(uint64_t *vram_bytes);
/* The current mode: 1 and the size if the dispi interface is enabled. */
int bga_current(uint32_t *width, uint32_t *height, uint32_t *bpp);
/* Sets width x height x 32 with a virtual height of two pages, Y offset 0.
 * 0, or -EINVAL when the device did not take it (read back differs). */
int bga_set_mode(uint32_t width, uint32_t height);
/* Shows the rows from y on. */
void bga_set_y_offset(uint32_t y);
/* The first row shown. */
uint32_t bga_y_offset(void);

#endif
