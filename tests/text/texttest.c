/* texttest: libtext's tests inside Cobalt (tests/cases/text.py, TEXT0000).
 * Booted as the first process (init=bin/texttest) it execs
 * `bin/init bin/texttest run`, so the initfs server runs and the fonts open
 * by their /usr/share/fonts paths; each LT_CASE prints one
 * `TEST TEXTnnnn PASS|FAIL` line. This file has main, the helpers of tt.h
 * and the cases about opening fonts; tt_layout.c and tt_draw.c the others. */
#include "tt.h"
#include "lt.h"

#include <cobalt/sys.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tt_canvas_init(struct tt_canvas *c, int w, int h, uint32_t fill)
{
    c->bw = w + 2 * TT_GUARD;
    c->bh = h + 2 * TT_GUARD;
    c->buf = malloc((size_t)c->bw * (size_t)c->bh * sizeof *c->buf);
    if (!c->buf)
        return -1;
    for (int i = 0; i < c->bw * c->bh; i++)
        c->buf[i] = TT_GUARD_WORD;
    c->s = (struct text_surface){c->buf + TT_GUARD * c->bw + TT_GUARD, w, h, c->bw};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            c->s.pixels[y * c->s.stride + x] = fill;
    return 0;
}

void tt_canvas_free(struct tt_canvas *c)
{
    free(c->buf);
    c->buf = NULL;
}

int tt_guard_ok(const struct tt_canvas *c)
{
    for (int y = 0; y < c->bh; y++)
        for (int x = 0; x < c->bw; x++) {
            int inside = x >= TT_GUARD && x < TT_GUARD + c->s.width && y >= TT_GUARD &&
                         y < TT_GUARD + c->s.height;
            if (!inside && c->buf[y * c->bw + x] != TT_GUARD_WORD)
                return 0;
        }
    return 1;
}

struct text_rect tt_ink(const struct text_surface *s, uint32_t bg)
{
    int x0 = s->width, y0 = s->height, x1 = -1, y1 = -1;
    for (int y = 0; y < s->height; y++)
        for (int x = 0; x < s->width; x++)
            if (s->pixels[y * s->stride + x] != bg) {
                x0 = x < x0 ? x : x0;
                y0 = y < y0 ? y : y0;
                x1 = x > x1 ? x : x1;
                y1 = y > y1 ? y : y1;
            }
    if (x1 < 0)
        return (struct text_rect){0, 0, 0, 0};
    return (struct text_rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

struct text_font *tt_open(const char *path, int px)
{
    int err = 0;
    struct text_font *f = text_font_open(path, px, &err);
    if (!f)
        lt_fail(__FILE__, __LINE__, "text_font_open(%s, %d) failed: %d", path, px, err);
    return f;
}

LT_CASE(TEXT0001, "the three fonts open by path; a missing file or bad size is an error")
{
    static const char *const paths[] = {TT_FONT_SANS, TT_FONT_BOLD, TT_FONT_MONO};
    for (int i = 0; i < 3; i++) {
        struct text_font *f = tt_open(paths[i], 14);
        if (!f)
            continue;
        int a, d, g;
        text_font_metrics(f, &a, &d, &g);
        LT_CHECK(a >= 10 && a <= 16 && d >= 2 && d <= 6 && g >= a + d,
                 "%s at 14 px: ascent %d descent %d line %d", paths[i], a, d, g);
        text_font_close(f);
    }
    int err = 0;
    LT_CHECK(text_font_open("/usr/share/fonts/NoSuchFont.ttf", 14, &err) == NULL,
             "a missing file opened");
    LT_EQ(err, TEXT_ENOENT);
    err = 0;
    LT_CHECK(text_font_open(TT_FONT_SANS, 0, &err) == NULL, "0 px opened");
    LT_EQ(err, TEXT_EINVAL);
    LT_CHECK(text_font_open(TT_FONT_SANS, 100000, NULL) == NULL, "100000 px opened");
    LT_CHECK(text_font_open(NULL, 14, NULL) == NULL, "a NULL path opened");
    text_font_close(NULL);
}

LT_CASE(TEXT0002, "malformed fonts (empty, garbage, bad magic, cut, bad tables) are errors")
{
    FILE *f = fopen(TT_FONT_SANS, "rb");
    static unsigned char font[1 << 20];
    size_t size = f ? fread(font, 1, sizeof font, f) : 0;
    if (f)
        fclose(f);
    LT_CHECK(size > 100000, "DejaVu Sans read as %zu bytes", size);
    static unsigned char bad[1 << 20];
    struct {
        const char *what;
        size_t len;
    } cases[] = {{"empty", 0},
                 {"garbage", 4096},
                 {"bad magic", size},
                 {"cut at 12", 12},
                 {"cut at 2000", 2000},
                 {"bad table directory", size},
                 {"cut in half", size / 2}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(bad, font, size);
        if (i == 1)
            for (size_t k = 0; k < 4096; k++)
                bad[k] = (unsigned char)(k * 131 + 7);
        if (i == 2)
            memcpy(bad, "XYZW", 4);
        if (i == 5) /* every table's offset and length far outside the file */
            for (size_t t = 0; t < 20; t++)
                memset(bad + 12 + 16 * t + 8, 0xEE, 8);
        int err = 0;
        struct text_font *fo = text_font_open_memory(bad, cases[i].len, 14, &err);
        if (i == 6 && fo) {
            /* FreeType may accept a cut file whose tables it has not read yet:
             * then drawing must still be safe. */
            int w = -1;
            text_measure(fo, "Hello", &w, NULL, NULL);
            static uint32_t px[64 * 32];
            struct text_surface s = {px, 64, 32, 64};
            text_draw(fo, &s, 0, 20, "Hello", 0xFF000000u, NULL);
            text_font_close(fo);
            continue;
        }
        LT_CHECK(fo == NULL, "the %s font opened", cases[i].what);
        LT_CHECK(err == TEXT_EFORMAT, "the %s font: error %d, expected TEXT_EFORMAT", cases[i].what,
                 err);
        text_font_close(fo);
    }
    int err = 0;
    LT_CHECK(text_font_open("/etc/services", 14, &err) == NULL, "etc/services opened as a font");
    LT_EQ(err, TEXT_EFORMAT);
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 2) {
        static char *const args[] = {"bin/init", "bin/texttest", "run", NULL};
        static char *const envp[] = {NULL};
        const char *path = "bin/init";
        long r = cobalt_exec((long)path, (long)strlen(path), (long)args, (long)envp);
        fprintf(stderr, "texttest: exec bin/init failed: %ld\n", r);
        return 1;
    }
    return lt_main();
}
