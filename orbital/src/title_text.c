/* Orbital's text: the title font (DejaVu Sans at the theme's size, through
 * libtext: HarfBuzz shaping, FreeType rendering, a glyph cache) behind the
 * decorations' text callback. Without the font, titles are left out and
 * Orbital says so once. */
#include "orbital.h"

#include <cobalt/debug.h>
#include <cobalt/text.h>

#define TITLE_FONT "/usr/share/fonts/DejaVuSans.ttf"

static struct text_font *title_font;
static int ascent, descent;

static void draw_title(void *ctx, struct surface *dst, struct rect box, const char *utf8,
                       uint32_t colour)
{
    (void)ctx;
    struct text_surface s = {dst->pixels, dst->width, dst->height, dst->stride};
    struct text_rect clip = {box.x, box.y, box.w, box.h};
    int baseline = box.y + (box.h + ascent - descent) / 2;
    text_draw(title_font, &s, box.x, baseline, utf8, colour, &clip);
}

void title_text_open(void)
{
    int err = 0;
    title_font = text_font_open(TITLE_FONT, orb.theme.title_font_size, &err);
    if (!title_font) {
        cobalt_log_printf("orbital: no title font %s (%d): titles not drawn", TITLE_FONT, err);
        return;
    }
    int line_gap;
    text_font_metrics(title_font, &ascent, &descent, &line_gap);
    if (descent < 0)
        descent = -descent;
    orb.decor.text = draw_title;
}
