/* Orbital's pixel operations on 32-bit surfaces: fill, copy and the
 * premultiplied-alpha OVER blend the compositor is made of. Pixels are
 * 0xAARRGGBB words (the framebuffer's XRGB8888 with alpha in the top byte;
 * the screen ignores that byte, and the blends compute it like any channel);
 * translucent sources are premultiplied (a channel above its alpha gives
 * unspecified colours, never anything worse). Every operation clips its rectangle
 * to both surfaces first, so any rectangle is safe to pass (coordinates
 * within +-2^29, as every caller's are). */
#ifndef ORBITAL_PIXELS_H
#define ORBITAL_PIXELS_H

#include "rect.h"

#include <stdint.h>

struct surface {
    uint32_t *pixels;
    int width, height;
    int stride; /* pixels from one row to the next (>= width) */
};

/* dst[r] = color with alpha 255. */
void pixels_fill(struct surface *dst, struct rect r, uint32_t color);
/* dst[r] = color OVER dst[r]; color is premultiplied ARGB. */
void pixels_fill_blend(struct surface *dst, struct rect r, uint32_t color);
/* dst[r] = src at (r.x - dx, r.y - dy): src's pixel (sx, sy) lands on
 * (sx + dx, sy + dy). Opaque: src's alpha is ignored. */
void pixels_copy(struct surface *dst, struct rect r, const struct surface *src, int dx, int dy);
/* The same placement, src (premultiplied ARGB) OVER dst. */
void pixels_blend(struct surface *dst, struct rect r, const struct surface *src, int dx, int dy);

/* A shade factor: black of alpha 255 - keep drawn over a pixel keeps keep/255
 * of each colour channel. Held in the four 16-bit lanes the vector path
 * multiplies by; make one with shade_factor. */
typedef uint64_t shade_t;

static inline shade_t shade_factor(uint32_t keep)
{
    return (uint64_t)(keep & 255) * 0x0001000100010001ull;
}

/* dst[r] = black of alpha (255 - keep) OVER dst[r]: each colour channel
 * scaled by keep/255, rounded as pixel_over rounds; the alpha byte becomes
 * 255 (the screen ignores it). keep holds one factor per column of r when
 * per_column (keep[0] for column r.x), else keep[0] serves every pixel. */
void pixels_shade(struct surface *dst, struct rect r, const shade_t *keep, bool per_column);

/* One premultiplied pixel OVER another, each channel rounded exactly
 * (d * (255 - a) / 255 to nearest): the reference the fast paths follow. */
uint32_t pixel_over(uint32_t src, uint32_t dst);

#endif
