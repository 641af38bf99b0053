/* Framebuffer drawing for the kernel's own screens (boot, panic).
 * Pixels are written through the direct map; reads (for blending) come from
 * the same memory. */
#include "fb.h"

#include "font.h"
#include "layout.h"

static struct fb_info fb;
static uint8_t *fb_base;

bool fb_init(const struct fb_info *info)
{
    if (info->bpp != 32 || info->width == 0 || info->height == 0)
        return false;
    /* Rule: the whole framebuffer must lie inside the boot direct map. */
    uint64_t size = (uint64_t)info->pitch * info->height;
    if (info->pitch < info->width * 4 || info->phys + size > DIRECT_MAP_SIZE)
        return false;
    fb = *info;
    fb_base = (uint8_t *)(DIRECT_MAP_BASE + info->phys);
    return true;
}

bool fb_present(void)
{
    return fb_base != 0;
}

uint32_t fb_width(void)
{
    return fb_base ? fb.width : 0;
}

uint32_t fb_height(void)
{
    return fb_base ? fb.height : 0;
}

static inline uint32_t native(uint32_t rgb)
{
    return ((rgb >> 16) & 0xFF) << fb.red_pos | ((rgb >> 8) & 0xFF) << fb.green_pos |
           (rgb & 0xFF) << fb.blue_pos;
}

static inline uint32_t from_native(uint32_t px)
{
    return ((px >> fb.red_pos) & 0xFF) << 16 | ((px >> fb.green_pos) & 0xFF) << 8 |
           ((px >> fb.blue_pos) & 0xFF);
}

static inline volatile uint32_t *pixel(int x, int y)
{
    return (volatile uint32_t *)(fb_base + (uint64_t)y * fb.pitch) + x;
}

/* Clips the rectangle to the screen; false when nothing is left. */
static bool clip(int *x, int *y, int *w, int *h)
{
    if (!fb_base)
        return false;
    if (*x < 0) {
        *w += *x;
        *x = 0;
    }
    if (*y < 0) {
        *h += *y;
        *y = 0;
    }
    if (*x + *w > (int)fb.width)
        *w = (int)fb.width - *x;
    if (*y + *h > (int)fb.height)
        *h = (int)fb.height - *y;
    return *w > 0 && *h > 0;
}

void fb_fill(int x, int y, int w, int h, uint32_t rgb)
{
    if (!clip(&x, &y, &w, &h))
        return;
    uint32_t px = native(rgb);
    for (int row = 0; row < h; row++) {
        volatile uint32_t *p = pixel(x, y + row);
        for (int col = 0; col < w; col++)
            p[col] = px;
    }
}

static uint32_t mix(uint32_t a, uint32_t b, unsigned t, unsigned range)
{
    uint32_t out = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        unsigned ca = (a >> shift) & 0xFF, cb = (b >> shift) & 0xFF;
        unsigned c = (ca * (range - t) + cb * t + range / 2) / range;
        out |= c << shift;
    }
    return out;
}

void fb_fill_vgradient(int x, int y, int w, int h, uint32_t top_rgb, uint32_t bottom_rgb)
{
    int span = h > 1 ? h - 1 : 1;
    for (int row = 0; row < h; row++)
        fb_fill(x, y + row, w, 1, mix(top_rgb, bottom_rgb, (unsigned)row, (unsigned)span));
}

void fb_blit_coverage(int x, int y, int w, int h, const uint8_t *coverage, int stride, uint32_t rgb,
                      int scale)
{
    if (!fb_base || scale < 1)
        return;
    for (int sy = 0; sy < h * scale; sy++) {
        int py = y + sy;
        if (py < 0 || py >= (int)fb.height)
            continue;
        const uint8_t *row = coverage + (sy / scale) * stride;
        for (int sx = 0; sx < w * scale; sx++) {
            int px = x + sx;
            unsigned a = row[sx / scale];
            if (a == 0 || px < 0 || px >= (int)fb.width)
                continue;
            volatile uint32_t *p = pixel(px, py);
            *p = native(a == 255 ? rgb : mix(from_native(*p), rgb, a, 255));
        }
    }
}

int fb_text(int x, int y, const char *s, uint32_t rgb, int scale)
{
    int start = x;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < FONT_FIRST || c > FONT_LAST)
            c = '?';
        fb_blit_coverage(x, y, FONT_CELL_W, FONT_CELL_H, font_cells[c - FONT_FIRST], FONT_CELL_W,
                         rgb, scale);
        x += FONT_CELL_W * scale;
    }
    return x - start;
}
