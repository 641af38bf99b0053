/* gfxtest's text pipeline case, the way the desktop will draw text: HarfBuzz
 * shapes a line with DejaVu Sans at a pixel size, FreeType renders each of
 * its glyphs by glyph id, and the bitmaps are blended into a canvas at the
 * positions HarfBuzz gave; and the same through HarfBuzz's FreeType glue
 * (hb-ft: one FT_Face for both). */
#include "gt.h"
#include "lt.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>
#include <string.h>

#define CANVAS_W 400
#define CANVAS_H 40
#define PX       20

static unsigned char canvas[CANVAS_H][CANVAS_W];

/* Blends a glyph bitmap (8-bit coverage) at (x, y) of the canvas, clipped. */
static void blit(const FT_Bitmap *bm, int x, int y)
{
    for (unsigned r = 0; r < bm->rows; r++)
        for (unsigned c = 0; c < bm->width; c++) {
            int cx = x + (int)c, cy = y + (int)r;
            if (cx < 0 || cy < 0 || cx >= CANVAS_W || cy >= CANVAS_H)
                continue;
            unsigned v = canvas[cy][cx] + bm->buffer[r * (unsigned)bm->pitch + c];
            canvas[cy][cx] = (unsigned char)(v > 255 ? 255 : v);
        }
}

LT_CASE(GFXL0021, "HarfBuzz shapes a line, FreeType draws its glyphs where HarfBuzz put them")
{
    static const char text[] = "Office AVATAR fit, Cobalt!";
    FT_Library lib;
    FT_Face face;
    if (FT_Init_FreeType(&lib) != 0 || FT_New_Face(lib, GT_FONT_SANS, 0, &face) != 0) {
        lt_fail(__FILE__, __LINE__, "FreeType or DejaVu Sans did not open");
        return;
    }
    LT_EQ(FT_Set_Pixel_Sizes(face, 0, PX), 0);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(GT_FONT_SANS);
    hb_face_t *hface = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(hface);
    hb_font_set_scale(font, PX * 64, PX * 64); /* 26.6 pixels, as FreeType's metrics */
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, NULL, 0);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    LT_CHECK(n > 0 && n < strlen(text), "%u glyphs for %zu characters: no ligature", n,
             strlen(text));
    memset(canvas, 0, sizeof canvas);
    int pen = 2 * 64, baseline = 30, errors = 0;
    for (unsigned i = 0; i < n; i++) {
        if (FT_Load_Glyph(face, info[i].codepoint, FT_LOAD_RENDER) != 0) {
            errors++;
            continue;
        }
        FT_GlyphSlot g = face->glyph;
        blit(&g->bitmap, (pen + pos[i].x_offset) / 64 + g->bitmap_left,
             baseline - pos[i].y_offset / 64 - g->bitmap_top);
        pen += pos[i].x_advance;
    }
    LT_EQ(errors, 0);
    /* The ink spans the line: from near the start to near where the pen ended. */
    int first = -1, last = -1;
    unsigned long ink = 0;
    for (int x = 0; x < CANVAS_W; x++)
        for (int y = 0; y < CANVAS_H; y++)
            if (canvas[y][x]) {
                ink += canvas[y][x];
                if (first < 0)
                    first = x;
                last = x;
            }
    LT_CHECK(first >= 2 && first <= 5, "the ink starts at column %d, the pen at 2", first);
    LT_CHECK(last >= pen / 64 - 4 && last <= pen / 64 + 1,
             "the ink ends at column %d, the pen at %d", last, pen / 64);
    LT_CHECK(ink > 20000, "only %lu ink in the line", ink);
    /* Nothing above the ascender or below the descender. */
    for (int x = 0; x < CANVAS_W; x++) {
        LT_CHECK(canvas[0][x] == 0 && canvas[CANVAS_H - 1][x] == 0,
                 "ink outside the line at column %d", x);
        if (canvas[0][x] || canvas[CANVAS_H - 1][x])
            break;
    }
    hb_buffer_destroy(buf);
    hb_font_destroy(font);
    hb_face_destroy(hface);
    hb_blob_destroy(blob);
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
}

/* Shapes text with font; the glyph count, ids into gids and the sum of the
 * advances (26.6) into *width. */
static unsigned shape_line(hb_font_t *font, const char *text, unsigned *gids, unsigned max,
                           int *width)
{
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, NULL, 0);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    *width = 0;
    for (unsigned i = 0; i < n; i++) {
        if (i < max)
            gids[i] = info[i].codepoint;
        *width += pos[i].x_advance;
    }
    hb_buffer_destroy(buf);
    return n;
}

LT_CASE(GFXL0022, "hb-ft: HarfBuzz on a FreeType face gives hb-ot's glyphs and advances")
{
    static const char text[] = "office AVATAR";
    FT_Library lib;
    FT_Face face;
    if (FT_Init_FreeType(&lib) != 0 || FT_New_Face(lib, GT_FONT_SANS, 0, &face) != 0) {
        lt_fail(__FILE__, __LINE__, "FreeType or DejaVu Sans did not open");
        return;
    }
    LT_EQ(FT_Set_Pixel_Sizes(face, 0, PX), 0);
    hb_font_t *ftfont = hb_ft_font_create_referenced(face);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(GT_FONT_SANS);
    hb_face_t *hface = hb_face_create(blob, 0);
    hb_font_t *otfont = hb_font_create(hface);
    hb_font_set_scale(otfont, PX * 64, PX * 64);
    unsigned ft_gids[32], ot_gids[32];
    int ft_width, ot_width;
    unsigned ft_n = shape_line(ftfont, text, ft_gids, 32, &ft_width);
    unsigned ot_n = shape_line(otfont, text, ot_gids, 32, &ot_width);
    LT_EQ(ft_n, ot_n);
    LT_CHECK(ft_n < strlen(text), "no ligature through hb-ft: %u glyphs", ft_n);
    LT_CHECK(ft_n == ot_n && memcmp(ft_gids, ot_gids, ft_n * sizeof ft_gids[0]) == 0,
             "hb-ft and hb-ot chose different glyphs");
    /* Unhinted advances in 26.6 from both: the same up to rounding. */
    int diff = ft_width - ot_width;
    LT_CHECK(diff >= -(int)ft_n && diff <= (int)ft_n, "line width %d (hb-ft) vs %d (hb-ot)",
             ft_width, ot_width);
    hb_font_destroy(otfont);
    hb_face_destroy(hface);
    hb_blob_destroy(blob);
    hb_font_destroy(ftfont);
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
}
