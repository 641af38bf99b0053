/* libtext's internals shared by its files: the font object, the glyph cache,
 * UTF-8 decoding and the line layout (shaped glyphs at pixel positions). */
#ifndef TEXT_IMPL_H
#define TEXT_IMPL_H

#include <cobalt/text.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <stdint.h>

/* One rendered glyph: 8-bit coverage rows, placed relative to the pen on the
 * baseline (left: pixels right of the pen; top: pixels above the baseline). */
struct text_glyph {
    uint32_t gid;
    int left, top;
    int width, rows;
    uint8_t *coverage; /* width * rows bytes, row-major */
};

/* The glyph cache: open addressing on the glyph id, flushed whole when it
 * would hold more than TEXT_CACHE_GLYPHS glyphs or TEXT_CACHE_BYTES bytes of
 * coverage (deterministic, and bounded). */
#define TEXT_CACHE_SLOTS  1024 /* a power of two */
#define TEXT_CACHE_GLYPHS 512
#define TEXT_CACHE_BYTES  (1u << 20)

struct text_cache {
    struct text_glyph *slots; /* TEXT_CACHE_SLOTS, NULL when off or not yet used */
    size_t count, bytes;
};

/* One glyph of a laid-out line: its id and pixel position (pen x from the
 * line's left edge, y offset downwards from the baseline). */
struct text_placed {
    uint32_t gid;
    int x, y;
};

struct text_font {
    FT_Library lib;
    FT_Face face;
    hb_blob_t *blob;
    hb_face_t *hface;
    hb_font_t *hfont;
    hb_buffer_t *buf;
    void *owned; /* the file's bytes when opened by path */
    int px, ascent, descent, line_gap;
    int cache_on;
    struct text_cache cache;
    unsigned long misses;
    struct text_glyph scratch; /* the uncached glyph (its coverage reused) */
    size_t scratch_cap;
    uint32_t *cps; /* the decoded line */
    size_t cps_cap;
    struct text_placed *placed; /* the laid-out line */
    size_t placed_cap;
};

/* Decodes NUL-terminated UTF-8 into code points (invalid sequences, overlong
 * forms, surrogates and values above U+10FFFF each become U+FFFD). Returns the
 * count, or -1 if out of memory; *out is font->cps, grown as needed. */
long text_utf8_decode(struct text_font *font, const char *utf8);

/* Shapes and lays out one line: font->placed gets *count glyphs; *advance is
 * the line's width in pixels. 0, or a negative TEXT_E* error. */
int text_layout(struct text_font *font, const char *utf8, size_t *count, int *advance);

/* The rendered glyph gid (from the cache, or rendered now into the cache or
 * the scratch glyph); NULL if FreeType cannot render it. */
const struct text_glyph *text_glyph_get(struct text_font *font, uint32_t gid);
void text_cache_free(struct text_cache *cache);

#endif
