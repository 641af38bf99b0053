/* libtext's fonts: opening a font file or memory at a pixel size (one
 * FreeType face for rendering and one HarfBuzz font for shaping, on the same
 * bytes), its metrics, its cache switch, and closing it. */
#include "text_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_MAX (64u << 20) /* the largest font file read */

static int fail(struct text_font *font, int *err, int code)
{
    text_font_close(font);
    if (err)
        *err = code;
    return code;
}

static struct text_font *open_bytes(const void *data, size_t size, int px, void *owned, int *err)
{
    if (err)
        *err = 0;
    if (!data || px < 1 || px > 512 || size > FILE_MAX) {
        free(owned);
        fail(NULL, err, TEXT_EINVAL);
        return NULL;
    }
    struct text_font *font = calloc(1, sizeof *font);
    if (!font) {
        free(owned);
        fail(NULL, err, TEXT_ENOMEM);
        return NULL;
    }
    font->owned = owned;
    font->px = px;
    font->cache_on = 1;
    if (FT_Init_FreeType(&font->lib) != 0) {
        fail(font, err, TEXT_ENOMEM);
        return NULL;
    }
    if (size == 0 || FT_New_Memory_Face(font->lib, data, (FT_Long)size, 0, &font->face) != 0 ||
        !FT_IS_SCALABLE(font->face) || FT_Set_Pixel_Sizes(font->face, 0, (FT_UInt)px) != 0) {
        fail(font, err, TEXT_EFORMAT);
        return NULL;
    }
    font->blob = hb_blob_create(data, (unsigned)size, HB_MEMORY_MODE_READONLY, NULL, NULL);
    font->hface = hb_face_create(font->blob, 0);
    font->hfont = hb_font_create(font->hface);
    font->buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(font->buf)) {
        fail(font, err, TEXT_ENOMEM);
        return NULL;
    }
    if (hb_face_get_glyph_count(font->hface) == 0) {
        fail(font, err, TEXT_EFORMAT);
        return NULL;
    }
    hb_font_set_scale(font->hfont, px * 64, px * 64); /* 26.6, as FreeType */
    hb_font_set_ppem(font->hfont, (unsigned)px, (unsigned)px);
    const FT_Size_Metrics *m = &font->face->size->metrics;
    font->ascent = (int)((m->ascender + 63) >> 6);
    font->descent = (int)((-m->descender + 63) >> 6);
    font->line_gap = (int)((m->height + 63) >> 6);
    if (font->descent < 0)
        font->descent = 0;
    if (font->line_gap < font->ascent + font->descent)
        font->line_gap = font->ascent + font->descent;
    return font;
}

struct text_font *text_font_open_memory(const void *data, size_t size, int px, int *err)
{
    return open_bytes(data, size, px, NULL, err);
}

struct text_font *text_font_open(const char *path, int px, int *err)
{
    if (!path) {
        fail(NULL, err, TEXT_EINVAL);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(NULL, err, TEXT_ENOENT);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0, n = 1;
    unsigned char *data = malloc(cap);
    while (data && n > 0) {
        if (len == cap) {
            unsigned char *more = cap >= FILE_MAX ? NULL : realloc(data, cap * 2);
            if (!more) {
                free(data);
                data = NULL;
                break;
            }
            data = more;
            cap *= 2;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
    }
    int bad = data == NULL || ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        fail(NULL, err, data ? TEXT_ENOENT : TEXT_ENOMEM);
        return NULL;
    }
    return open_bytes(data, len, px, data, err);
}

void text_font_close(struct text_font *font)
{
    if (!font)
        return;
    text_cache_free(&font->cache);
    hb_buffer_destroy(font->buf);
    hb_font_destroy(font->hfont);
    hb_face_destroy(font->hface);
    hb_blob_destroy(font->blob);
    if (font->face)
        FT_Done_Face(font->face);
    if (font->lib)
        FT_Done_FreeType(font->lib);
    free(font->scratch.coverage);
    free(font->cps);
    free(font->placed);
    free(font->owned);
    free(font);
}

void text_font_set_cache(struct text_font *font, int on)
{
    font->cache_on = on != 0;
    if (!on)
        text_cache_free(&font->cache);
}

size_t text_font_cache_count(const struct text_font *font)
{
    return font->cache.count;
}

unsigned long text_font_cache_misses(const struct text_font *font)
{
    return font->misses;
}

void text_font_metrics(const struct text_font *font, int *ascent, int *descent, int *line_gap)
{
    if (ascent)
        *ascent = font->ascent;
    if (descent)
        *descent = font->descent;
    if (line_gap)
        *line_gap = font->line_gap;
}
