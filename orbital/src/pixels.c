/* Orbital's pixel operations (pixels.h). The blend works on two channels
 * at a time (red+blue, then alpha+green, in the 0x00FF00FF lanes) with
 * exact rounding, and skips fully transparent and fully opaque source
 * pixels, which are most of a window with a shadow. */
#include "pixels.h"

#include <string.h>

/* Clips r to dst and, when src is given, to where src's pixels land. */
static struct rect clip(const struct surface *dst, struct rect r, const struct surface *src, int dx,
                        int dy)
{
    r = rect_intersect(r, (struct rect){0, 0, dst->width, dst->height});
    if (src)
        r = rect_intersect(r, (struct rect){dx, dy, src->width, src->height});
    return r;
}

static inline uint32_t *row(const struct surface *s, int x, int y)
{
    return s->pixels + (long)y * s->stride + x;
}

/* x * f / 255 rounded to nearest, for two 8-bit lanes of 0x00FF00FF at once. */
static inline uint32_t scale_lanes(uint32_t lanes, uint32_t f)
{
    uint32_t t = lanes * f + 0x00800080u;
    return ((t + ((t >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
}

uint32_t pixel_over(uint32_t src, uint32_t dst)
{
    uint32_t inv = 255u - (src >> 24);
    uint32_t rb = scale_lanes(dst & 0x00FF00FFu, inv);
    uint32_t ag = scale_lanes((dst >> 8) & 0x00FF00FFu, inv);
    return src + (rb | ag << 8);
}

void pixels_fill(struct surface *dst, struct rect r, uint32_t color)
{
    r = clip(dst, r, NULL, 0, 0);
    if (rect_empty(r))
        return;
    color |= 0xFF000000u;
    for (int y = r.y; y < rect_bottom(r); y++) {
        uint32_t *d = row(dst, r.x, y);
        for (int x = 0; x < r.w; x++)
            d[x] = color;
    }
}

void pixels_fill_blend(struct surface *dst, struct rect r, uint32_t color)
{
    uint32_t a = color >> 24;
    if (a == 255) {
        pixels_fill(dst, r, color);
        return;
    }
    r = clip(dst, r, NULL, 0, 0);
    if (rect_empty(r) || a == 0)
        return;
    for (int y = r.y; y < rect_bottom(r); y++) {
        uint32_t *d = row(dst, r.x, y);
        for (int x = 0; x < r.w; x++)
            d[x] = pixel_over(color, d[x]) | 0xFF000000u;
    }
}

void pixels_copy(struct surface *dst, struct rect r, const struct surface *src, int dx, int dy)
{
    r = clip(dst, r, src, dx, dy);
    if (rect_empty(r))
        return;
    for (int y = r.y; y < rect_bottom(r); y++)
        memcpy(row(dst, r.x, y), row(src, r.x - dx, y - dy), (size_t)r.w * 4);
}

void pixels_blend(struct surface *dst, struct rect r, const struct surface *src, int dx, int dy)
{
    r = clip(dst, r, src, dx, dy);
    if (rect_empty(r))
        return;
    for (int y = r.y; y < rect_bottom(r); y++) {
        uint32_t *d = row(dst, r.x, y);
        const uint32_t *s = row(src, r.x - dx, y - dy);
        for (int x = 0; x < r.w; x++) {
            uint32_t p = s[x], a = p >> 24;
            if (a == 255)
                d[x] = p;
            else if (a)
                d[x] = pixel_over(p, d[x]) | 0xFF000000u;
        }
    }
}
