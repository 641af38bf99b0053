/* libtext's public drawing calls: measuring a line, and drawing it, each
 * glyph's coverage blended in one colour OVER a premultiplied ARGB surface,
 * clipped to the clip rectangle and the surface. Integer arithmetic with
 * exact rounding: the same pixels on every run and every machine. */
#include "text_impl.h"

/* a * b / 255, rounded to nearest (a, b in 0..255). */
static inline uint32_t mul255(uint32_t a, uint32_t b)
{
    uint32_t t = a * b + 128;
    return (t + (t >> 8)) >> 8;
}

int text_measure(struct text_font *font, const char *utf8, int *width, int *ascent, int *descent)
{
    size_t count;
    int advance;
    int r = text_layout(font, utf8, &count, &advance);
    if (width)
        *width = r == 0 ? advance : 0;
    if (ascent)
        *ascent = font ? font->ascent : 0;
    if (descent)
        *descent = font ? font->descent : 0;
    return r;
}

/* Blends glyph g with its origin at (ox, oy) into dst inside box. */
static void blend_glyph(struct text_surface *dst, const struct text_rect *box,
                        const struct text_glyph *g, int ox, int oy, uint32_t colour)
{
    int gx = ox + g->left, gy = oy - g->top;
    int x0 = gx > box->x ? gx : box->x, y0 = gy > box->y ? gy : box->y;
    int x1 = gx + g->width, y1 = gy + g->rows;
    if (x1 > box->x + box->w)
        x1 = box->x + box->w;
    if (y1 > box->y + box->h)
        y1 = box->y + box->h;
    uint32_t ca = colour >> 24, cr = (colour >> 16) & 255, cg = (colour >> 8) & 255,
             cb = colour & 255;
    for (int y = y0; y < y1; y++) {
        const uint8_t *cov = g->coverage + (size_t)(y - gy) * (size_t)g->width + (x0 - gx);
        uint32_t *px = dst->pixels + (size_t)y * (size_t)dst->stride + x0;
        for (int x = x0; x < x1; x++, cov++, px++) {
            uint32_t a = ca == 255 ? *cov : mul255(*cov, ca);
            if (a == 0)
                continue;
            uint32_t s_r = mul255(cr, a), s_g = mul255(cg, a), s_b = mul255(cb, a);
            if (a == 255) {
                *px = 0xFF000000u | s_r << 16 | s_g << 8 | s_b;
                continue;
            }
            uint32_t d = *px, k = 255 - a;
            uint32_t o_a = a + mul255(d >> 24, k);
            uint32_t o_r = s_r + mul255((d >> 16) & 255, k);
            uint32_t o_g = s_g + mul255((d >> 8) & 255, k);
            uint32_t o_b = s_b + mul255(d & 255, k);
            *px = o_a << 24 | o_r << 16 | o_g << 8 | o_b;
        }
    }
}

int text_draw(struct text_font *font, struct text_surface *dst, int x, int baseline_y,
              const char *utf8, uint32_t colour, const struct text_rect *clip)
{
    if (!font || !dst || !utf8 || (!dst->pixels && dst->width > 0 && dst->height > 0) ||
        dst->stride < dst->width)
        return TEXT_EINVAL;
    size_t count;
    int advance;
    int r = text_layout(font, utf8, &count, &advance);
    if (r != 0)
        return r;
    struct text_rect box = {0, 0, dst->width, dst->height};
    if (clip) {
        long bx0 = clip->x > 0 ? clip->x : 0, by0 = clip->y > 0 ? clip->y : 0;
        long bx1 = (long)clip->x + (clip->w > 0 ? clip->w : 0);
        long by1 = (long)clip->y + (clip->h > 0 ? clip->h : 0);
        if (bx1 > dst->width)
            bx1 = dst->width;
        if (by1 > dst->height)
            by1 = dst->height;
        box = (struct text_rect){(int)bx0, (int)by0, (int)(bx1 - bx0), (int)(by1 - by0)};
    }
    if (box.w <= 0 || box.h <= 0 || (colour >> 24) == 0)
        return advance;
    for (size_t i = 0; i < count; i++) {
        const struct text_placed *p = &font->placed[i];
        const struct text_glyph *g = text_glyph_get(font, p->gid);
        if (g && g->width > 0 && g->rows > 0)
            blend_glyph(dst, &box, g, x + p->x, baseline_y + p->y, colour);
    }
    return advance;
}
