/* libtext's glyph rendering and per-font glyph cache: FreeType renders a
 * glyph id to 8-bit coverage (hinted, anti-aliased); with the cache on the
 * result is kept, keyed by the glyph id alone (glyphs are drawn at whole
 * pixels, so the position never changes the bitmap). */
#include "text_impl.h"

#include <stdlib.h>
#include <string.h>

void text_cache_free(struct text_cache *cache)
{
    if (cache->slots)
        for (size_t i = 0; i < TEXT_CACHE_SLOTS; i++)
            free(cache->slots[i].coverage);
    free(cache->slots);
    memset(cache, 0, sizeof *cache);
}

/* Empties the cache but keeps its table. */
static void cache_flush(struct text_cache *cache)
{
    for (size_t i = 0; i < TEXT_CACHE_SLOTS; i++) {
        free(cache->slots[i].coverage);
        cache->slots[i].coverage = NULL;
        cache->slots[i].gid = UINT32_MAX;
    }
    cache->count = cache->bytes = 0;
}

/* The slot of gid: where it is, or the empty slot where it belongs. */
static struct text_glyph *cache_slot(struct text_cache *cache, uint32_t gid)
{
    size_t i = (gid * 2654435761u) & (TEXT_CACHE_SLOTS - 1);
    while (cache->slots[i].gid != gid && cache->slots[i].gid != UINT32_MAX)
        i = (i + 1) & (TEXT_CACHE_SLOTS - 1);
    return &cache->slots[i];
}

/* Renders gid into g, its coverage buffer (of *cap bytes) grown as needed. */
static int render(struct text_font *font, uint32_t gid, struct text_glyph *g, size_t *cap)
{
    font->misses++;
    if (FT_Load_Glyph(font->face, gid, FT_LOAD_RENDER) != 0)
        return -1;
    FT_GlyphSlot slot = font->face->glyph;
    const FT_Bitmap *bm = &slot->bitmap;
    if (bm->pixel_mode != FT_PIXEL_MODE_GRAY && bm->rows > 0 && bm->width > 0)
        return -1;
    size_t size = (size_t)bm->rows * bm->width;
    if (size > *cap) {
        uint8_t *more = realloc(g->coverage, size);
        if (!more)
            return -1;
        g->coverage = more;
        *cap = size;
    }
    for (unsigned r = 0; r < bm->rows; r++) {
        const unsigned char *row =
            bm->pitch >= 0 ? bm->buffer + (size_t)r * (unsigned)bm->pitch
                           : bm->buffer + (size_t)(bm->rows - 1 - r) * (unsigned)-bm->pitch;
        memcpy(g->coverage + (size_t)r * bm->width, row, bm->width);
    }
    g->gid = gid;
    g->left = slot->bitmap_left;
    g->top = slot->bitmap_top;
    g->width = (int)bm->width;
    g->rows = (int)bm->rows;
    return 0;
}

const struct text_glyph *text_glyph_get(struct text_font *font, uint32_t gid)
{
    if (!font->cache_on || gid == UINT32_MAX)
        return render(font, gid, &font->scratch, &font->scratch_cap) == 0 ? &font->scratch : NULL;
    struct text_cache *cache = &font->cache;
    if (!cache->slots) {
        cache->slots = malloc(TEXT_CACHE_SLOTS * sizeof *cache->slots);
        if (!cache->slots)
            return render(font, gid, &font->scratch, &font->scratch_cap) == 0 ? &font->scratch
                                                                              : NULL;
        memset(cache->slots, 0, TEXT_CACHE_SLOTS * sizeof *cache->slots);
        for (size_t i = 0; i < TEXT_CACHE_SLOTS; i++)
            cache->slots[i].gid = UINT32_MAX;
    }
    struct text_glyph *g = cache_slot(cache, gid);
    if (g->gid == gid)
        return g;
    if (render(font, gid, &font->scratch, &font->scratch_cap) != 0)
        return NULL;
    size_t size = (size_t)font->scratch.width * (size_t)font->scratch.rows;
    if (cache->count + 1 > TEXT_CACHE_GLYPHS || cache->bytes + size > TEXT_CACHE_BYTES) {
        cache_flush(cache);
        g = cache_slot(cache, gid);
    }
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return &font->scratch; /* drawn, just not kept */
    if (size)
        memcpy(copy, font->scratch.coverage, size);
    *g = font->scratch;
    g->coverage = copy;
    cache->count++;
    cache->bytes += size;
    return g;
}
