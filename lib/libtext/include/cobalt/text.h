/* libtext: lines of text shaped with HarfBuzz and rendered with FreeType,
 * anti-aliased, into 32-bit premultiplied ARGB surfaces (docs/libtext.md).
 * Link with -ltext and the freetype2 and harfbuzz pkg-config modules. One
 * font is used by one thread at a time. */
#ifndef COBALT_TEXT_H
#define COBALT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The same layout as Orbital's struct surface (orbital/src/pixels.h): pixels
 * are 0xAARRGGBB words, premultiplied; stride counts pixels, >= width. */
struct text_surface {
    uint32_t *pixels;
    int width, height;
    int stride;
};

/* A rectangle: x, y of its top-left pixel, w x h pixels (empty if w or h <= 0). */
struct text_rect {
    int x, y, w, h;
};

struct text_font;

/* Errors (negative) of text_font_open and text_font_open_memory. */
#define TEXT_EINVAL  (-1) /* bad argument (NULL path, px out of 1..512) */
#define TEXT_ENOENT  (-2) /* the file does not exist or cannot be read */
#define TEXT_EFORMAT (-3) /* not a font FreeType and HarfBuzz can use */
#define TEXT_ENOMEM  (-4)

/* Opens the font file at path at a pixel size (the em height, 1..512). NULL
 * on error, with the error in *err when err is not NULL. The glyph cache is on. */
struct text_font *text_font_open(const char *path, int px, int *err);
/* The same from size bytes at data, which must stay valid until the font is
 * closed (not copied). */
struct text_font *text_font_open_memory(const void *data, size_t size, int px, int *err);
void text_font_close(struct text_font *font);

/* The glyph cache (per font, bounded, keyed by glyph id): on (1) by default;
 * 0 switches it off and frees it. Output is the same either way. */
void text_font_set_cache(struct text_font *font, int on);
/* Glyphs in the cache now, and the rendering calls that missed it so far. */
size_t text_font_cache_count(const struct text_font *font);
unsigned long text_font_cache_misses(const struct text_font *font);

/* The font's line metrics in pixels: ascent above the baseline, descent
 * below it (both >= 0), and the distance between baselines. */
void text_font_metrics(const struct text_font *font, int *ascent, int *descent, int *line_gap);

/* The advance width in pixels of one line of UTF-8 (NUL-terminated; no line
 * breaking) as text_draw lays it out, and the font's ascent and descent
 * (any pointer may be NULL). Returns 0, or a negative error. */
int text_measure(struct text_font *font, const char *utf8, int *width, int *ascent, int *descent);

/* Draws one line of UTF-8 with its left edge at x and its baseline at
 * baseline_y, in colour (0xAARRGGBB, not premultiplied) blended OVER the
 * surface, writing only inside clip (NULL: the whole surface) and the
 * surface. Each run's direction and script are guessed (Arabic and Hebrew
 * right to left, laid out in visual order); invalid UTF-8 becomes U+FFFD.
 * Returns the advance width in pixels, or a negative error. */
int text_draw(struct text_font *font, struct text_surface *dst, int x, int baseline_y,
              const char *utf8, uint32_t colour, const struct text_rect *clip);

#ifdef __cplusplus
}
#endif

#endif
