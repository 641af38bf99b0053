/* gfxtest's HarfBuzz cases: every string of shape_cases.c shapes exactly as
 * the pinned HarfBuzz does on the host (shape.expect, made at build time by
 * hbshape_host), and the features the desktop relies on: ligatures,
 * kerning, Arabic joining forms right to left, monospace advances. */
#include "gt.h"
#include "lt.h"
#include "shape_cases.h"

#include <stdlib.h>
#include <string.h>

static hb_font_t *font(enum shape_font which)
{
    static hb_font_t *fonts[2];
    if (!fonts[which]) {
        /* HarfBuzz's own file access, as on the host (hbshape_host). */
        hb_blob_t *blob =
            hb_blob_create_from_file_or_fail(which == SHAPE_SANS ? GT_FONT_SANS : GT_FONT_MONO);
        if (!blob)
            return NULL;
        hb_face_t *face = hb_face_create(blob, 0);
        hb_blob_destroy(blob);
        fonts[which] = hb_font_create(face);
        hb_face_destroy(face);
    }
    return fonts[which];
}

/* The named case shaped: its glyphs, their positions, their count. */
struct shaped {
    hb_buffer_t *buf;
    hb_glyph_info_t *info;
    hb_glyph_position_t *pos;
    unsigned n;
};

static int shape(const char *name, struct shaped *s)
{
    const struct shape_case *c = shape_case_find(name);
    memset(s, 0, sizeof *s);
    if (!c || !font(c->font)) {
        lt_fail(__FILE__, __LINE__, "no case %s or its font is missing", name);
        return -1;
    }
    s->buf = shape_text(font(c->font), c->text, c->features);
    if (!s->buf) {
        lt_fail(__FILE__, __LINE__, "shaping %s failed", name);
        return -1;
    }
    s->info = hb_buffer_get_glyph_infos(s->buf, &s->n);
    s->pos = hb_buffer_get_glyph_positions(s->buf, NULL);
    return 0;
}

static int advance_sum(const struct shaped *s)
{
    int sum = 0;
    for (unsigned i = 0; i < s->n; i++)
        sum += s->pos[i].x_advance;
    return sum;
}

LT_CASE(GFXL0005, "HarfBuzz in Cobalt shapes every test string exactly as on the host")
{
    static char got[4096], want[4096];
    LT_CHECK(gt_file(GT_DATA "shape.expect", &(size_t){0}) != NULL, "no shape.expect");
    for (size_t i = 0; i < shape_case_count; i++) {
        const struct shape_case *c = &shape_cases[i];
        if (gt_expect(GT_DATA "shape.expect", c->name, want, sizeof want) != 0) {
            lt_fail(__FILE__, __LINE__, "shape.expect has no line for %s", c->name);
            continue;
        }
        hb_buffer_t *buf = font(c->font) ? shape_text(font(c->font), c->text, c->features) : NULL;
        LT_CHECK(buf && shape_format(buf, got, sizeof got) == 0, "shaping %s failed", c->name);
        if (buf)
            LT_CHECK(strcmp(got, want) == 0, "%s: got \"%.300s\", the host got \"%.300s\"", c->name,
                     got, want);
        hb_buffer_destroy(buf);
    }
}

LT_CASE(GFXL0006, "ligature: \"fi\" is one glyph in DejaVu Sans, two with -liga")
{
    struct shaped fi, f, i, noliga;
    if (shape("fi", &fi) || shape("f", &f) || shape("i", &i) || shape("fi-noliga", &noliga))
        return;
    LT_EQ(fi.n, 1);
    LT_EQ(f.n, 1);
    LT_EQ(i.n, 1);
    LT_EQ(noliga.n, 2);
    if (fi.n == 1 && f.n == 1 && i.n == 1 && noliga.n == 2) {
        LT_CHECK(fi.info[0].codepoint != f.info[0].codepoint &&
                     fi.info[0].codepoint != i.info[0].codepoint,
                 "the \"fi\" glyph %u is the f or the i", fi.info[0].codepoint);
        LT_EQ(noliga.info[0].codepoint, f.info[0].codepoint);
        LT_EQ(noliga.info[1].codepoint, i.info[0].codepoint);
    }
    hb_buffer_destroy(fi.buf);
    hb_buffer_destroy(f.buf);
    hb_buffer_destroy(i.buf);
    hb_buffer_destroy(noliga.buf);
}

LT_CASE(GFXL0007, "kerning: \"AV\" is narrower than \"A\" + \"V\"; -kern restores the sum")
{
    struct shaped av, a, v, nokern;
    if (shape("AV", &av) || shape("A", &a) || shape("V", &v) || shape("AV-nokern", &nokern))
        return;
    LT_EQ(av.n, 2);
    int alone = advance_sum(&a) + advance_sum(&v);
    LT_CHECK(advance_sum(&av) < alone, "AV advances %d, A + V %d: no kerning", advance_sum(&av),
             alone);
    LT_EQ(advance_sum(&nokern), alone);
    if (av.n == 2 && a.n == 1)
        LT_CHECK(av.pos[0].x_advance != a.pos[0].x_advance, "A's advance did not change in AV");
    hb_buffer_destroy(av.buf);
    hb_buffer_destroy(a.buf);
    hb_buffer_destroy(v.buf);
    hb_buffer_destroy(nokern.buf);
}

LT_CASE(GFXL0008, "Arabic: right to left; initial, medial and final forms differ from isolated")
{
    struct shaped isol, three;
    if (shape("ar-isol", &isol) || shape("ar-beh3", &three))
        return;
    LT_EQ(hb_buffer_get_direction(three.buf), HB_DIRECTION_RTL);
    LT_EQ(hb_buffer_get_script(three.buf), HB_SCRIPT_ARABIC);
    LT_EQ(isol.n, 1);
    LT_EQ(three.n, 3);
    if (isol.n == 1 && three.n == 3) {
        /* Visual order, right to left: the last letter (cluster 4) comes first. */
        LT_CHECK(three.info[0].cluster > three.info[2].cluster,
                 "clusters %u..%u are not right to left", three.info[0].cluster,
                 three.info[2].cluster);
        unsigned fin = three.info[0].codepoint, med = three.info[1].codepoint,
                 ini = three.info[2].codepoint, iso = isol.info[0].codepoint;
        LT_CHECK(med != iso && ini != iso && fin != iso && med != ini && med != fin && ini != fin,
                 "beh forms: isolated %u, initial %u, medial %u, final %u", iso, ini, med, fin);
    }
    hb_buffer_destroy(isol.buf);
    hb_buffer_destroy(three.buf);
}

LT_CASE(GFXL0009, "DejaVu Sans Mono: every glyph has the same advance, no ligatures")
{
    struct shaped m;
    if (shape("mono", &m))
        return;
    const struct shape_case *c = shape_case_find("mono");
    LT_EQ(m.n, strlen(c->text));
    for (unsigned i = 1; i < m.n; i++)
        LT_CHECK(m.pos[i].x_advance == m.pos[0].x_advance, "glyph %u advances %d, glyph 0 %d", i,
                 m.pos[i].x_advance, m.pos[0].x_advance);
    hb_buffer_destroy(m.buf);
}
