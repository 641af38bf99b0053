/* Orbital's decorations (decor.h): simple shapes in exact pixels, so
 * screenshots are the same on every run; the corners are anti-aliased by
 * coverage computed on a 4x4 grid per pixel. */
#include "decor.h"

#include <cobalt/orbital.h>
#include <string.h>

#define TITLE_BUF (ORB_TITLE_MAX + 32) /* the title and " (not responding)" */

static uint32_t premultiply(uint32_t c, uint32_t cover)
{
    /* cover is 0..16 (the samples inside); alpha scales with it. */
    uint32_t a = ((c >> 24) * cover + 8) / 16;
    uint32_t r = ((c >> 16) & 255) * a / 255, g = ((c >> 8) & 255) * a / 255,
             b = (c & 255) * a / 255;
    return a << 24 | r << 16 | g << 8 | b;
}

static void put(struct surface *s, int x, int y, uint32_t c)
{
    if (x >= 0 && y >= 0 && x < s->width && y < s->height)
        s->pixels[(long)y * s->stride + x] = c;
}

/* Samples of pixel (x, y) inside a circle of radius r centred at (cx, cy),
 * out of 16. */
static uint32_t corner_cover(int x, int y, float cx, float cy, float r)
{
    uint32_t n = 0;
    for (int sy = 0; sy < 4; sy++)
        for (int sx = 0; sx < 4; sx++) {
            float px = (float)x + (sx + 0.5f) / 4 - cx, py = (float)y + (sy + 0.5f) / 4 - cy;
            n += px * px + py * py <= r * r;
        }
    return n;
}

/* A 1-pixel line from (x0, y0) to (x1, y1) of equal dx and dy, or straight. */
static void line(struct surface *s, int x0, int y0, int x1, int y1, uint32_t c)
{
    int dx = x1 > x0 ? 1 : x1 < x0 ? -1 : 0, dy = y1 > y0 ? 1 : y1 < y0 ? -1 : 0;
    for (;;) {
        put(s, x0, y0, c);
        if (x0 == x1 && y0 == y1)
            return;
        x0 += dx, y0 += dy;
    }
}

static void draw_buttons(const struct decor_style *st, const struct decor_frame *f,
                         struct surface *dst)
{
    const struct theme *t = st->theme;
    struct rect c = f->close;
    if (!rect_empty(c)) {
        pixels_fill(dst, c, t->button_close);
        int m = c.w / 4;
        for (int k = 0; k < 2; k++) { /* a 2-pixel X */
            line(dst, c.x + m + k, c.y + m, rect_right(c) - 1 - m, rect_bottom(c) - 1 - m - k,
                 t->button_other);
            line(dst, rect_right(c) - 1 - m - k, c.y + m, c.x + m, rect_bottom(c) - 1 - m - k,
                 t->button_other);
        }
    }
    struct rect x = f->maximize;
    if (!rect_empty(x)) {
        int m = x.w / 4;
        struct rect box = {x.x + m, x.y + m, x.w - 2 * m, x.h - 2 * m};
        if (f->maximized) { /* two overlapping boxes: restore */
            box.x += 2, box.w -= 2, box.h -= 2;
        }
        pixels_fill(dst, (struct rect){box.x, box.y, box.w, 2}, t->button_other);
        pixels_fill(dst, (struct rect){box.x, rect_bottom(box) - 1, box.w, 1}, t->button_other);
        pixels_fill(dst, (struct rect){box.x, box.y, 1, box.h}, t->button_other);
        pixels_fill(dst, (struct rect){rect_right(box) - 1, box.y, 1, box.h}, t->button_other);
        if (f->maximized) {
            pixels_fill(dst, (struct rect){box.x - 2, box.y + 2, 1, box.h}, t->button_other);
            pixels_fill(dst, (struct rect){box.x - 2, rect_bottom(box) + 1, box.w, 1},
                        t->button_other);
        }
    }
    struct rect n = f->minimize;
    if (!rect_empty(n)) {
        int m = n.w / 4;
        pixels_fill(dst, (struct rect){n.x + m, rect_bottom(n) - m - 2, n.w - 2 * m, 2},
                    t->button_other);
    }
}

void decor_draw(const struct decor_style *st, const struct decor_frame *f, struct surface *dst)
{
    const struct theme *t = st->theme;
    uint32_t bar = f->focused ? t->title_active : t->title_inactive;
    uint32_t border = f->focused ? t->border_active : t->border_inactive;
    struct rect all = {0, 0, f->width, f->height};
    pixels_fill(dst, all, border);
    pixels_fill(dst, (struct rect){0, 0, f->width, f->content.y}, bar);
    /* The content's place stays transparent. */
    for (int y = f->content.y; y < rect_bottom(f->content) && y < dst->height; y++)
        if (y >= 0)
            memset(dst->pixels + (long)y * dst->stride + (f->content.x > 0 ? f->content.x : 0), 0,
                   (size_t)(f->content.w > 0 ? f->content.w : 0) * 4);
    /* Rounded top corners (none when maximized). */
    int r = f->maximized ? 0 : t->corner_radius;
    for (int y = 0; y < r; y++)
        for (int x = 0; x < r; x++) {
            uint32_t cover = corner_cover(x, y, (float)r, (float)r, (float)r);
            put(dst, x, y, premultiply(bar, cover));
            put(dst, f->width - 1 - x, y, premultiply(bar, cover));
        }
    draw_buttons(st, f, dst);
    if (st->text && f->title) {
        int left = t->border + 6;
        int right = !rect_empty(f->minimize) ? f->minimize.x - 6 : f->width - t->border - 6;
        struct rect box = {left, 0, right - left, f->content.y};
        char title[TITLE_BUF];
        size_t n = strlen(f->title);
        if (n > TITLE_BUF - 20)
            n = TITLE_BUF - 20;
        memcpy(title, f->title, n);
        title[n] = 0;
        if (f->not_responding)
            strcat(title, " (not responding)");
        st->text(st->text_ctx, dst, box, title,
                 f->focused && !f->not_responding ? t->title_text_active : t->title_text_inactive);
    }
}

void decor_opaque(const struct theme *t, const struct decor_frame *f, struct region *out)
{
    region_clear(out);
    int r = f->maximized ? 0 : t->corner_radius;
    region_add(out, (struct rect){r, 0, f->width - 2 * r, r});
    region_add(out, (struct rect){0, r, f->width, f->height - r});
    region_subtract(out, f->content);
}

/* The arrow: '#' outline (black), '.' fill (white), ' ' clear. */
static const char *const arrow[CURSOR_H] = {
    "#           ", "##          ", "#.#         ", "#..#        ", "#...#       ",
    "#....#      ", "#.....#     ", "#......#    ", "#.......#   ", "#........#  ",
    "#.........# ", "#......#####", "#...#..#    ", "#..# #..#   ", "#.#  #..#   ",
    "##    #..#  ", "#     #..#  ", "       #..# ", "       ###  ",
};

void decor_cursor(uint32_t *px, int *hot_x, int *hot_y)
{
    for (int y = 0; y < CURSOR_H; y++)
        for (int x = 0; x < CURSOR_W; x++) {
            char c = arrow[y][x];
            px[y * CURSOR_W + x] = c == '#' ? 0xFF000000u : c == '.' ? 0xFFFFFFFFu : 0;
        }
    *hot_x = 0;
    *hot_y = 0;
}
