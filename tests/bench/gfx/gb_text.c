/* gfxbench's text and PNG figures, compiled unchanged for the Cobalt and the
 * Linux guest (docs/performance.md): libtext shaping and rendering about
 * 2,000 characters of English with DejaVu Sans 14 px into a 1024x768 ARGB
 * surface, without and with its glyph cache; libpng decoding one 1024x768
 * RGBA PNG from memory with the simplified API. */
#include "gb.h"

#include <cobalt/text.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#define W 1024
#define H 768

/* 25 lines of 80 characters: 2,000 characters of English. */
static const char paragraph[] =
    "The quick brown fox jumps over the lazy dog. Cobalt draws its text with HarfBuzz "
    "and FreeType: every line is shaped first, so ligatures such as fi and fl and the "
    "kerning of pairs like AV, To and We come out right, then each glyph is rendered "
    "to an anti-aliased coverage bitmap and blended into the window's pixels. A cache "
    "of rendered glyphs, keyed by glyph id, saves the rasterising on the next frame. ";
#define LINE_CHARS 80
#define LINES      25

static uint32_t *surface_pixels(void)
{
    static uint32_t *px;
    if (!px)
        px = malloc((size_t)W * H * sizeof *px);
    return px;
}

/* Draws the 2,000 characters once, as 25 lines of 80. */
static int draw_page(struct text_font *font, struct text_surface *s)
{
    char line[LINE_CHARS + 1];
    size_t len = strlen(paragraph);
    for (int l = 0; l < LINES; l++) {
        for (int c = 0; c < LINE_CHARS; c++)
            line[c] = paragraph[(size_t)(l * LINE_CHARS + c) % len];
        line[LINE_CHARS] = 0;
        if (text_draw(font, s, 8, 20 + l * 17, line, 0xFF202020u, NULL) < 0)
            return -1;
    }
    return 0;
}

/* The guest-ns of n pages after one untimed page; 0 if drawing fails. */
static uint64_t time_pages(struct text_font *font, struct text_surface *s, int n)
{
    if (draw_page(font, s) != 0) { /* warm-up */
        gb_error("text_draw failed");
        return 0;
    }
    uint64_t t0 = gb_now();
    for (int i = 0; i < n; i++)
        draw_page(font, s);
    return gb_now() - t0;
}

void gb_bench_text(const void *data, size_t size)
{
    int err = 0;
    struct text_font *font = text_font_open_memory(data, size, 14, &err);
    uint32_t *px = surface_pixels();
    if (!font || !px)
        return gb_error("DejaVu Sans did not open");
    struct text_surface s = {px, W, H, W};
    for (size_t i = 0; i < (size_t)W * H; i++)
        px[i] = 0xFFFFFFFFu;
    text_font_set_cache(font, 0);
    uint64_t t = time_pages(font, &s, 4);
    if (t)
        gb_report("text_shape_render_2k", t, 4);
    text_font_set_cache(font, 1);
    t = time_pages(font, &s, 20);
    if (t)
        gb_report("text_shape_render_2k_cached", t, 20);
    text_font_close(font);
}

void gb_bench_png(const void *data, size_t size)
{
    uint32_t *px = surface_pixels();
    if (!px)
        return gb_error("out of memory");
    const int n = 3;
    uint64_t total = 0;
    for (int i = 0; i < n + 1; i++) {
        uint64_t t0 = gb_now();
        png_image img;
        memset(&img, 0, sizeof img);
        img.version = PNG_IMAGE_VERSION;
        if (!png_image_begin_read_from_memory(&img, data, size))
            return gb_error("png_image_begin_read_from_memory failed");
        img.format = PNG_FORMAT_RGBA;
        if (img.width != W || img.height != H ||
            !png_image_finish_read(&img, NULL, px, W * 4, NULL)) {
            png_image_free(&img);
            return gb_error("the PNG did not decode");
        }
        if (i > 0) /* the first is the warm-up */
            total += gb_now() - t0;
    }
    gb_report("png_decode_1024x768", total, (uint64_t)n);
}
