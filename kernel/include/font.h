/* The kernel's built-in fonts: 8x16 anti-aliased cells for printable ASCII and
 * the boot logo, both generated at build time by tools/mkfont.py. */
#ifndef COBALT_FONT_H
#define COBALT_FONT_H

#include <stdint.h>

#define FONT_FIRST  32
#define FONT_LAST   126
#define FONT_GLYPHS (FONT_LAST - FONT_FIRST + 1)
#define FONT_CELL_W 8
#define FONT_CELL_H 16

/* Coverage 0..255 per pixel, row-major. */
extern const uint8_t font_cells[FONT_GLYPHS][FONT_CELL_H * FONT_CELL_W];

extern const unsigned logo_width;
extern const unsigned logo_height;
extern const uint8_t logo_coverage[];

#endif
