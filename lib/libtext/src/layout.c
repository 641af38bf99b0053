/* libtext's line layout: the decoded line is cut into runs of one script
 * (characters of the Common and Inherited scripts join the run they are in),
 * each run is shaped by HarfBuzz in its script's direction, and the runs are
 * placed left to right, or right to left when the line's first strong
 * script is right-to-left (a simple base direction, not the full Unicode
 * bidirectional algorithm). Pen positions are kept in 26.6 and rounded to
 * whole pixels per glyph. */
#include "text_impl.h"

#include <stdlib.h>

struct run {
    size_t start, len;
    hb_script_t script;
};

static int neutral(hb_script_t s)
{
    return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

/* Rounds a 26.6 value to whole pixels (halves up, negatives too). */
static int round26(long v)
{
    return (int)((v + 32) >> 6);
}

static int grow_placed(struct text_font *font, size_t need)
{
    if (need <= font->placed_cap)
        return 0;
    size_t cap = font->placed_cap ? font->placed_cap : 64;
    while (cap < need)
        cap *= 2;
    struct text_placed *more = realloc(font->placed, cap * sizeof *more);
    if (!more)
        return -1;
    font->placed = more;
    font->placed_cap = cap;
    return 0;
}

/* Shapes one run and appends its glyphs at pen (26.6, advanced). */
static int shape_run(struct text_font *font, size_t n, const struct run *run, size_t *count,
                     long *pen)
{
    hb_buffer_t *buf = font->buf;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_codepoints(buf, font->cps, (int)n, (unsigned)run->start, (int)run->len);
    hb_script_t script = neutral(run->script) ? HB_SCRIPT_LATIN : run->script;
    hb_buffer_set_script(buf, script);
    hb_direction_t dir = hb_script_get_horizontal_direction(script);
    hb_buffer_set_direction(buf, dir == HB_DIRECTION_RTL ? dir : HB_DIRECTION_LTR);
    hb_buffer_set_language(buf, hb_language_get_default());
    hb_shape(font->hfont, buf, NULL, 0);
    if (!hb_buffer_allocation_successful(buf))
        return TEXT_ENOMEM;
    unsigned glyphs;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &glyphs);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    if (grow_placed(font, *count + glyphs) != 0)
        return TEXT_ENOMEM;
    for (unsigned i = 0; i < glyphs; i++) {
        struct text_placed *p = &font->placed[(*count)++];
        p->gid = info[i].codepoint;
        p->x = round26(*pen + pos[i].x_offset);
        p->y = -round26(pos[i].y_offset);
        *pen += pos[i].x_advance;
    }
    return 0;
}

int text_layout(struct text_font *font, const char *utf8, size_t *count, int *advance)
{
    *count = 0;
    *advance = 0;
    if (!font || !utf8)
        return TEXT_EINVAL;
    long n = text_utf8_decode(font, utf8);
    if (n < 0)
        return TEXT_ENOMEM;
    if (n == 0)
        return 0;
    struct run *runs = malloc((size_t)n * sizeof *runs);
    if (!runs)
        return TEXT_ENOMEM;
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    size_t nruns = 0;
    hb_script_t base = HB_SCRIPT_COMMON;
    for (size_t i = 0; i < (size_t)n; i++) {
        hb_script_t s = hb_unicode_script(uf, font->cps[i]);
        struct run *cur = nruns ? &runs[nruns - 1] : NULL;
        if (cur && (neutral(s) || neutral(cur->script) || s == cur->script)) {
            if (neutral(cur->script))
                cur->script = s;
            cur->len++;
        } else {
            runs[nruns++] = (struct run){i, 1, s};
        }
        if (neutral(base))
            base = s;
    }
    int rtl = !neutral(base) && hb_script_get_horizontal_direction(base) == HB_DIRECTION_RTL;
    long pen = 0;
    int r = 0;
    for (size_t k = 0; k < nruns && r == 0; k++)
        r = shape_run(font, (size_t)n, &runs[rtl ? nruns - 1 - k : k], count, &pen);
    free(runs);
    if (r != 0) {
        *count = 0;
        return r;
    }
    *advance = round26(pen);
    return 0;
}
