/* texttest's drawing cases: ink stays inside the measured box, the glyph
 * cache never changes a pixel, clipping never writes outside the clip or the
 * surface, and the same drawing gives the same pixels every time. */
#include "golden.h"
#include "tt.h"
#include "tt_sample.h"
#include "lt.h"

#include <cobalt/debug.h>
#include <stdio.h>
#include <string.h>

LT_CASE(TEXT0006, "drawing \"Hello\" puts ink only inside the measured box, and fills it")
{
    static const int sizes[] = {9, 14, 24, 48};
    for (int i = 0; i < 4; i++) {
        struct text_font *f = tt_open(TT_FONT_SANS, sizes[i]);
        if (!f)
            return;
        int w, a, d;
        LT_EQ(text_measure(f, "Hello", &w, &a, &d), 0);
        struct tt_canvas c;
        if (tt_canvas_init(&c, 300, 100, 0xFFFFFFFFu) != 0) {
            text_font_close(f);
            return;
        }
        int x = 20, base = 70;
        LT_EQ(text_draw(f, &c.s, x, base, "Hello", 0xFF102030u, NULL), w);
        struct text_rect ink = tt_ink(&c.s, 0xFFFFFFFFu);
        LT_CHECK(ink.w > 0, "%d px: no ink", sizes[i]);
        LT_CHECK(ink.x >= x && ink.x + ink.w <= x + w && ink.y >= base - a &&
                     ink.y + ink.h <= base + d,
                 "%d px: ink %d,%d %dx%d outside the box %d,%d %dx%d", sizes[i], ink.x, ink.y,
                 ink.w, ink.h, x, base - a, w, a + d);
        /* The ink reaches near both ends and the cap height. */
        LT_CHECK(ink.x <= x + 1 + sizes[i] / 8 && ink.x + ink.w >= x + w - 1 - sizes[i] / 8,
                 "%d px: ink %d..%d, box %d..%d", sizes[i], ink.x, ink.x + ink.w, x, x + w);
        LT_CHECK(ink.y + ink.h <= base + 1, "%d px: \"Hello\" has ink below the baseline",
                 sizes[i]);
        LT_CHECK(tt_guard_ok(&c), "%d px: wrote outside the surface", sizes[i]);
        tt_canvas_free(&c);
        text_font_close(f);
    }
}

/* Draws the sample lines on c. */
static void draw_sample(struct text_font *f, struct tt_canvas *c, uint32_t colour)
{
    tt_draw_sample(f, &c->s, colour);
}

LT_CASE(TEXT0007, "cached and uncached drawing give identical pixels; the cache is bounded")
{
    struct text_font *f = tt_open(TT_FONT_SANS, 14);
    if (!f)
        return;
    struct tt_canvas a, b;
    if (tt_canvas_init(&a, 500, 120, 0) != 0 || tt_canvas_init(&b, 500, 120, 0) != 0)
        return;
    static const uint32_t colours[] = {0xFF000000u, 0xFFFFFFFFu, 0x80FF8000u, 0x20123456u};
    for (int i = 0; i < 4; i++) {
        text_font_set_cache(f, 0);
        draw_sample(f, &a, colours[i]);
        LT_EQ(text_font_cache_count(f), 0);
        text_font_set_cache(f, 1);
        draw_sample(f, &b, colours[i]);
        LT_CHECK(memcmp(a.buf, b.buf, (size_t)a.bw * (size_t)a.bh * 4) == 0,
                 "colour %08x: cached and uncached pixels differ", colours[i]);
        unsigned long misses = text_font_cache_misses(f);
        draw_sample(f, &b, colours[i]);
        LT_CHECK(text_font_cache_misses(f) == misses, "a warm cache missed %lu times",
                 text_font_cache_misses(f) - misses);
        LT_CHECK(memcmp(a.buf, b.buf, (size_t)a.bw * (size_t)a.bh * 4) == 0,
                 "colour %08x: a warm cache drew different pixels", colours[i]);
    }
    LT_CHECK(text_font_cache_count(f) > 20 && text_font_cache_count(f) <= 512, "%zu glyphs cached",
             text_font_cache_count(f));
    /* More glyphs than the cache holds: it flushes and stays correct. */
    static char many[4000];
    size_t n = 0;
    for (unsigned cp = 0x100; cp < 0x500 && n + 4 < sizeof many; cp++) {
        many[n++] = (char)(0xC0 | cp >> 6);
        many[n++] = (char)(0x80 | (cp & 0x3F));
    }
    for (int pass = 0; pass < 2; pass++) {
        text_font_set_cache(f, pass);
        struct tt_canvas *c = pass ? &b : &a;
        for (int y = 0; y < c->s.height; y++)
            memset(c->s.pixels + y * c->s.stride, 0xFF, (size_t)c->s.width * 4);
        for (int line = 0; line < 5; line++)
            text_draw(f, &c->s, -line * 480, 20 + line * 20, many, 0xFF000000u, NULL);
    }
    LT_CHECK(text_font_cache_count(f) <= 512, "%zu glyphs cached", text_font_cache_count(f));
    LT_CHECK(memcmp(a.buf, b.buf, (size_t)a.bw * (size_t)a.bh * 4) == 0,
             "after flushes cached and uncached pixels differ");
    tt_canvas_free(&a);
    tt_canvas_free(&b);
    text_font_close(f);
}

LT_CASE(TEXT0008, "clipping: nothing is written outside the clip rectangle or the surface")
{
    struct text_font *f = tt_open(TT_FONT_BOLD, 24);
    if (!f)
        return;
    static const struct text_rect clips[] = {{0, 0, 200, 50},    {10, 5, 50, 20},
                                             {-30, -30, 60, 60}, {150, 30, 500, 500},
                                             {50, 10, 0, 10},    {-1000, -1000, 3000, 3000},
                                             {199, 49, 1, 1}};
    static const int origins[][2] = {{0, 30},  {-15, 20},  {180, 40},    {60, 5},
                                     {30, 70}, {-500, 30}, {100000, 30}, {40, -100000}};
    for (size_t c = 0; c < sizeof clips / sizeof clips[0]; c++)
        for (size_t o = 0; o < sizeof origins / sizeof origins[0]; o++) {
            struct tt_canvas cv;
            if (tt_canvas_init(&cv, 200, 50, 0xFF808080u) != 0)
                return;
            text_draw(f, &cv.s, origins[o][0], origins[o][1], "Wg\xc3\x86 fi " TT_SAMPLE,
                      0xFF000000u, &clips[c]);
            LT_CHECK(tt_guard_ok(&cv), "clip %zu origin %zu: wrote outside the surface", c, o);
            const struct text_rect *r = &clips[c];
            for (int y = 0; y < 50; y++)
                for (int x = 0; x < 200; x++) {
                    int in = x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
                    if (!in && cv.s.pixels[y * cv.s.stride + x] != 0xFF808080u) {
                        lt_fail(__FILE__, __LINE__, "clip %zu origin %zu: pixel %d,%d written", c,
                                o, x, y);
                        y = 50;
                        break;
                    }
                }
            tt_canvas_free(&cv);
        }
    /* Without a clip, the surface is the limit; a zero-sized surface is fine. */
    struct tt_canvas cv;
    if (tt_canvas_init(&cv, 37, 9, 0) == 0) {
        text_draw(f, &cv.s, -7, 15, "Wide line, wider than the surface", 0xFF0000FFu, NULL);
        LT_CHECK(tt_guard_ok(&cv), "an unclipped draw wrote outside the surface");
        struct text_surface empty = {cv.s.pixels, 0, 0, 1};
        LT_CHECK(text_draw(f, &empty, 0, 10, "abc", 0xFF000000u, NULL) > 0,
                 "drawing on an empty surface failed");
        LT_CHECK(tt_guard_ok(&cv), "a draw on an empty surface wrote");
        tt_canvas_free(&cv);
    }
    text_font_close(f);
}

LT_CASE(TEXT0009, "the same text gives the same pixels every time (fresh fonts, all three)")
{
    static const char *const paths[] = {TT_FONT_SANS, TT_FONT_BOLD, TT_FONT_MONO};
    for (int i = 0; i < 3; i++) {
        uint64_t sums[2];
        for (int round = 0; round < 2; round++) {
            struct text_font *f = tt_open(paths[i], TT_SAMPLE_PX);
            if (!f)
                return;
            sums[round] = tt_sample_hash(f);
            text_font_close(f);
        }
        LT_CHECK(sums[0] == sums[1] && sums[0] != 0, "%s: %016llx then %016llx", paths[i],
                 (unsigned long long)sums[0], (unsigned long long)sums[1]);
        cobalt_log_printf("texttest: %s sample FNV-1a %016llx", paths[i],
                          (unsigned long long)sums[0]);
    }
}

LT_CASE(TEXT0010,
        "the golden sample draws the pixels of golden.h (libtext on Linux gives them too)")
{
    static const char *const paths[] = {TT_FONT_SANS, TT_FONT_BOLD, TT_FONT_MONO};
    static const uint64_t want[] = {TT_GOLDEN_SANS, TT_GOLDEN_BOLD, TT_GOLDEN_MONO};
    for (int i = 0; i < 3; i++) {
        struct text_font *f = tt_open(paths[i], TT_SAMPLE_PX);
        if (!f)
            return;
        uint64_t got = tt_sample_hash(f);
        LT_CHECK(got == want[i], "%s: FNV-1a %016llx, golden.h says %016llx", paths[i],
                 (unsigned long long)got, (unsigned long long)want[i]);
        text_font_close(f);
    }
}
