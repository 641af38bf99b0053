/* gfxtest's FreeType cases: the fonts of the boot image open (as files) and
 * render (from memory), and
 * malformed font files give errors, never a crash (also through HarfBuzz). */
#include "gt.h"
#include "lt.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <stdlib.h>
#include <string.h>

static FT_Library library(void)
{
    static FT_Library lib;
    if (!lib && FT_Init_FreeType(&lib) != 0)
        lib = NULL;
    return lib;
}

LT_CASE(GFXL0003, "FreeType opens DejaVu Sans, Sans Bold and Sans Mono from the boot image")
{
    static const struct {
        const char *file, *family, *style;
        int fixed;
    } fonts[] = {{GT_FONT_SANS, "DejaVu Sans", "Book", 0},
                 {GT_FONT_BOLD, "DejaVu Sans", "Bold", 0},
                 {GT_FONT_MONO, "DejaVu Sans Mono", "Book", 1}};
    LT_CHECK(library() != NULL, "FT_Init_FreeType failed");
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0] && library(); i++) {
        /* FreeType's own file access: open, read and seek through the initfs server. */
        FT_Face face;
        FT_Error err = FT_New_Face(library(), fonts[i].file, 0, &face);
        LT_CHECK(err == 0, "FT_New_Face(%s) failed: %d", fonts[i].file, err);
        if (err)
            continue;
        LT_STREQ(face->family_name, fonts[i].family);
        LT_STREQ(face->style_name, fonts[i].style);
        LT_CHECK(face->num_glyphs > 1000, "%s has only %ld glyphs", fonts[i].file,
                 face->num_glyphs);
        LT_EQ(FT_IS_FIXED_WIDTH(face) ? 1 : 0, fonts[i].fixed);
        LT_CHECK(FT_IS_SCALABLE(face), "%s is not scalable", fonts[i].file);
        FT_Done_Face(face);
    }
}

LT_CASE(GFXL0004, "FreeType renders every printable ASCII character of DejaVu Sans")
{
    size_t size;
    const unsigned char *data = gt_file(GT_FONT_SANS, &size);
    FT_Face face;
    if (!library() || !data || FT_New_Memory_Face(library(), data, (FT_Long)size, 0, &face)) {
        lt_fail(__FILE__, __LINE__, "DejaVu Sans did not open");
        return;
    }
    LT_EQ(FT_Set_Pixel_Sizes(face, 0, 32), 0);
    for (int c = 33; c < 127; c++) {
        FT_Error err = FT_Load_Char(face, (FT_ULong)c, FT_LOAD_RENDER);
        LT_CHECK(err == 0, "rendering '%c' failed: %d", c, err);
        if (err)
            continue;
        FT_Bitmap *bm = &face->glyph->bitmap;
        LT_CHECK(bm->pixel_mode == FT_PIXEL_MODE_GRAY, "'%c': pixel mode %d", c, bm->pixel_mode);
        unsigned long ink = 0, full = 0;
        for (unsigned y = 0; y < bm->rows; y++)
            for (unsigned x = 0; x < bm->width; x++) {
                unsigned char v = bm->buffer[y * (unsigned)bm->pitch + x];
                ink += v;
                full += v == 255;
            }
        LT_CHECK(ink > 0 && bm->rows <= 40 && bm->width <= 40, "'%c': a %ux%u bitmap with %lu ink",
                 c, bm->width, bm->rows, ink);
        if (c == 'H')
            LT_CHECK(full > 20 && bm->rows >= 20 && bm->rows <= 26,
                     "'H' at 32 px: %ux%u, %lu full pixels", bm->width, bm->rows, full);
    }
    FT_Done_Face(face);
}

/* A malformed copy of font data: kind says how it is broken. */
enum damage { EMPTY, GARBAGE, MAGIC, TRUNC_HEADER, NUM_TABLES, TABLE_OFFSETS, TRUNC_HALF };
static const char *const damage_name[] = {"empty",
                                          "garbage",
                                          "bad magic",
                                          "cut to 100 bytes",
                                          "numTables 0xffff",
                                          "table offsets past the end",
                                          "cut in half"};

static unsigned char *damaged(const unsigned char *font, size_t size, enum damage kind, size_t *out)
{
    unsigned char *p = malloc(size);
    if (!p)
        return NULL;
    memcpy(p, font, size);
    *out = size;
    unsigned tables = (unsigned)(p[4] << 8 | p[5]);
    uint32_t seed = 12345;
    switch (kind) {
    case EMPTY:
        *out = 0;
        break;
    case GARBAGE:
        for (size_t i = 0; i < 65536 && i < size; i++) {
            seed = seed * 1103515245u + 12345u;
            p[i] = (unsigned char)(seed >> 16);
        }
        *out = size < 65536 ? size : 65536;
        break;
    case MAGIC:
        memcpy(p, "XXXX", 4);
        break;
    case TRUNC_HEADER:
        *out = 100;
        break;
    case NUM_TABLES:
        p[4] = p[5] = 0xff;
        break;
    case TABLE_OFFSETS:
        for (unsigned t = 0; t < tables && 12 + 16 * t + 16 <= size; t++)
            memcpy(p + 12 + 16 * t + 8, "\x7f\xff\xff\x00", 4);
        break;
    case TRUNC_HALF:
        *out = size / 2;
        break;
    }
    return p;
}

/* FreeType on a damaged font: 1 if it refused it (the open, or loading some of
 * every 37th glyph, failed). */
static int freetype_refuses(const unsigned char *data, size_t size)
{
    FT_Face face;
    if (FT_New_Memory_Face(library(), data, (FT_Long)size, 0, &face) != 0)
        return 1;
    int failures = 0, tries = 0;
    FT_Set_Pixel_Sizes(face, 0, 24);
    for (FT_Long g = 0; g < face->num_glyphs; g += 37, tries++)
        failures += FT_Load_Glyph(face, (FT_UInt)g, FT_LOAD_RENDER) != 0;
    FT_Done_Face(face);
    return failures > 0;
}

/* HarfBuzz on a damaged font: shapes "Hello"; 1 if it came back with 5 glyphs. */
static int harfbuzz_survives(const unsigned char *data, size_t size, unsigned *glyphs)
{
    hb_blob_t *blob =
        hb_blob_create((const char *)data, (unsigned)size, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, "Hello", -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, NULL, 0);
    unsigned n = hb_buffer_get_length(buf);
    *glyphs = hb_face_get_glyph_count(face);
    hb_buffer_destroy(buf);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return n == 5;
}

LT_CASE(GFXL0020, "malformed fonts give errors, never a crash (FreeType and HarfBuzz)")
{
    size_t size;
    const unsigned char *font = gt_file(GT_FONT_SANS, &size);
    if (!font || !library()) {
        lt_fail(__FILE__, __LINE__, "DejaVu Sans or FreeType is missing");
        return;
    }
    for (int kind = EMPTY; kind <= TRUNC_HALF; kind++) {
        size_t len;
        unsigned char *bad = damaged(font, size, (enum damage)kind, &len);
        LT_CHECK(bad != NULL, "out of memory");
        if (!bad)
            return;
        int refused = freetype_refuses(bad, len);
        /* With numTables 0xffff FreeType reads font data as table records and
         * drops the records that make no sense: the real tables still work.
         * Surviving is all that is asked there. */
        LT_CHECK(refused || kind == NUM_TABLES, "FreeType accepted a font with %s",
                 damage_name[kind]);
        unsigned glyphs;
        LT_CHECK(harfbuzz_survives(bad, len, &glyphs), "HarfBuzz, font with %s: no 5 glyphs",
                 damage_name[kind]);
        if (kind == EMPTY || kind == GARBAGE || kind == MAGIC || kind == TRUNC_HEADER)
            LT_CHECK(glyphs == 0, "HarfBuzz found %u glyphs in a font with %s", glyphs,
                     damage_name[kind]);
        free(bad);
    }
}
