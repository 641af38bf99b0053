/* The golden sample (tt_sample.h): shared by texttest and golden_host. */
#include "tt_sample.h"

#include <stdlib.h>

void tt_draw_sample(struct text_font *f, struct text_surface *s, uint32_t colour)
{
    for (int y = 0; y < s->height; y++)
        for (int x = 0; x < s->width; x++)
            s->pixels[y * s->stride + x] = 0xFF000000u | (uint32_t)(x * 7 + y * 13) * 0x10101u;
    for (int line = 0; line < 6; line++)
        text_draw(f, s, 4 - line * 3, 20 + line * 18, TT_SAMPLE, colour, NULL);
}

uint64_t tt_sample_hash(struct text_font *f)
{
    uint32_t *px = malloc((size_t)TT_SAMPLE_W * TT_SAMPLE_H * sizeof *px);
    if (!px)
        return 0;
    struct text_surface s = {px, TT_SAMPLE_W, TT_SAMPLE_H, TT_SAMPLE_W};
    tt_draw_sample(f, &s, 0xC0203040u);
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < (size_t)TT_SAMPLE_W * TT_SAMPLE_H; i++)
        for (int b = 0; b < 32; b += 8)
            h = (h ^ ((px[i] >> b) & 255)) * 0x100000001b3ull;
    free(px);
    return h;
}
