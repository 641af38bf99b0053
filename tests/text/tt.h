/* texttest's shared helpers (texttest.c has them): the fonts' paths, test
 * surfaces with a guard border, and the ink box of a drawing. */
#ifndef TT_H
#define TT_H

#include <cobalt/text.h>
#include <stdint.h>

#define TT_FONT_SANS "/usr/share/fonts/DejaVuSans.ttf"
#define TT_FONT_BOLD "/usr/share/fonts/DejaVuSans-Bold.ttf"
#define TT_FONT_MONO "/usr/share/fonts/DejaVuSansMono.ttf"

#define TT_GUARD      16          /* guard pixels around a test surface */
#define TT_GUARD_WORD 0x5A5A5A5Au /* what the guard holds */

/* A w x h surface (w, h <= 1024 x 256) inside a buffer with a guard border of
 * TT_GUARD pixels all round, filled with fill; the guard with TT_GUARD_WORD. */
struct tt_canvas {
    struct text_surface s;
    uint32_t *buf;
    int bw, bh;
};
int tt_canvas_init(struct tt_canvas *c, int w, int h, uint32_t fill);
void tt_canvas_free(struct tt_canvas *c);
/* Whether the guard border is untouched. */
int tt_guard_ok(const struct tt_canvas *c);

/* The bounding box of pixels that differ from bg; w = 0 when there is none. */
struct text_rect tt_ink(const struct text_surface *s, uint32_t bg);

/* The font at px, or NULL after failing the current case. */
struct text_font *tt_open(const char *path, int px);

#endif
