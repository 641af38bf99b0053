/* texttest's layout cases: widths agree with HarfBuzz's own advances,
 * ligatures and kerning apply, Arabic runs right to left with joining forms,
 * and invalid UTF-8 becomes U+FFFD. */
#include "tt.h"
#include "lt.h"

#include <hb.h>
#include <string.h>

/* The line's advance by HarfBuzz directly (hb-ot at px, 26.6, rounded). */
static int hb_width(hb_font_t *font, const char *text)
{
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, NULL, 0);
    unsigned n;
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    long w = 0;
    for (unsigned i = 0; i < n; i++)
        w += pos[i].x_advance;
    hb_buffer_destroy(buf);
    return (int)((w + 32) >> 6);
}

static int width(struct text_font *f, const char *text)
{
    int w = -1;
    int r = text_measure(f, text, &w, NULL, NULL);
    if (r != 0)
        lt_fail(__FILE__, __LINE__, "text_measure(%s) failed: %d", text, r);
    return w;
}

LT_CASE(TEXT0003, "text_measure: widths are HarfBuzz's advances; ligatures and kerning apply")
{
    static const char *const lines[] = {"Hello",
                                        "Hello, World!",
                                        "office AVATAR fit",
                                        "The quick brown fox jumps over the lazy dog.",
                                        "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",
                                        ""};
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(TT_FONT_SANS);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    static const int sizes[] = {11, 14, 20, 32};
    for (int s = 0; s < 4; s++) {
        struct text_font *f = tt_open(TT_FONT_SANS, sizes[s]);
        if (!f)
            break;
        hb_font_set_scale(font, sizes[s] * 64, sizes[s] * 64);
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
            int got = width(f, lines[i]), want = hb_width(font, lines[i]);
            LT_CHECK(got == want, "%d px \"%s\": width %d, HarfBuzz %d", sizes[s], lines[i], got,
                     want);
        }
        int a = -1, d = -1, w = -1, ma, md;
        text_measure(f, "Hg", &w, &a, &d);
        text_font_metrics(f, &ma, &md, NULL);
        LT_CHECK(a == ma && d == md && a > 0 && d > 0, "ascent %d descent %d", a, d);
        text_font_close(f);
    }
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    struct text_font *f = tt_open(TT_FONT_SANS, 40);
    if (!f)
        return;
    LT_CHECK(width(f, "AV") < width(f, "A") + width(f, "V"), "no kerning: AV %d, A %d + V %d",
             width(f, "AV"), width(f, "A"), width(f, "V"));
    LT_CHECK(width(f, "") == 0, "the empty line is %d wide", width(f, ""));
    text_font_close(f);
}

/* The column range of the tallest ink (the smallest top row) of s. */
static void tallest(const struct text_surface *s, int *x0, int *x1)
{
    int top = s->height;
    *x0 = *x1 = -1;
    for (int x = 0; x < s->width; x++)
        for (int y = 0; y < s->height; y++)
            if (s->pixels[y * s->stride + x] >> 24) {
                if (y < top) {
                    top = y;
                    *x0 = *x1 = x;
                } else if (y == top) {
                    *x1 = x;
                }
                break;
            }
}

#define ALEF "\xd8\xa7"
#define BEH  "\xd8\xa8"

LT_CASE(TEXT0004, "Arabic runs right to left with joining forms; mixed lines keep their runs")
{
    struct text_font *f = tt_open(TT_FONT_SANS, 32);
    if (!f)
        return;
    struct tt_canvas c;
    if (tt_canvas_init(&c, 400, 60, 0) != 0) {
        text_font_close(f);
        return;
    }
    /* Alef (tall, does not join to the left) then four behs (short): read
     * right to left, the first logical character is the rightmost glyph. */
    int w = text_draw(f, &c.s, 10, 40, ALEF BEH BEH BEH BEH, 0xFF000000u, NULL);
    int x0, x1, aw = width(f, ALEF);
    tallest(&c.s, &x0, &x1);
    LT_CHECK(x0 >= 10 + w - aw - 1 && x1 <= 10 + w, "alef drawn at columns %d..%d, line 10..%d", x0,
             x1, 10 + w);
    tt_canvas_free(&c);
    /* Logically last, it is drawn at the left. */
    if (tt_canvas_init(&c, 400, 60, 0) != 0) {
        text_font_close(f);
        return;
    }
    w = text_draw(f, &c.s, 10, 40, BEH BEH BEH BEH ALEF, 0xFF000000u, NULL);
    tallest(&c.s, &x0, &x1);
    LT_CHECK(x0 >= 9 && x1 <= 10 + aw + 1, "alef drawn at columns %d..%d, expected at 10", x0, x1);
    tt_canvas_free(&c);
    /* Joined behs (initial, medial, final forms) are narrower than isolated ones. */
    int joined = width(f, BEH BEH BEH BEH), alone = width(f, BEH);
    LT_CHECK(joined < 4 * alone, "four joined behs %d wide, one isolated %d", joined, alone);
    /* A mixed line is as wide as its runs. */
    int mixed = width(f, "abc " ALEF BEH " def");
    LT_CHECK(mixed >= width(f, "abc ") + width(f, ALEF BEH) + width(f, " def") - 3 &&
                 mixed <= width(f, "abc ") + width(f, ALEF BEH) + width(f, " def") + 3,
             "mixed line %d wide", mixed);
    text_font_close(f);
}

LT_CASE(TEXT0005, "invalid UTF-8 becomes U+FFFD (one per bad sequence), never a crash")
{
    struct text_font *f = tt_open(TT_FONT_SANS, 14);
    if (!f)
        return;
#define R "\xef\xbf\xbd" /* U+FFFD */
    int fffd = width(f, R);
    LT_CHECK(fffd > 0, "U+FFFD has width %d", fffd);
    LT_EQ(width(f, "\xff"), fffd);
    LT_EQ(width(f, "a\xe2\x82"), width(f, "a" R));      /* cut at the end */
    LT_EQ(width(f, "\xed\xa0\x80"), fffd);              /* a surrogate */
    LT_EQ(width(f, "\xf4\x90\x80\x80"), fffd);          /* above U+10FFFF */
    LT_EQ(width(f, "\xc0\x80"), width(f, R R));         /* overlong: two bad bytes */
    LT_EQ(width(f, "\xe2\x28\xa1"), width(f, R "(" R)); /* bad continuation */
    static char junk[600];
    for (size_t i = 0; i + 1 < sizeof junk; i++)
        junk[i] = (char)(0x80 + (i * 37) % 0x7f);
    struct tt_canvas c;
    if (tt_canvas_init(&c, 300, 30, 0xFFFFFFFFu) == 0) {
        LT_CHECK(text_draw(f, &c.s, 0, 20, junk, 0xFF000000u, NULL) > 0, "junk drew nothing");
        LT_CHECK(tt_guard_ok(&c), "drawing junk wrote outside the surface");
        tt_canvas_free(&c);
    }
    text_font_close(f);
}
