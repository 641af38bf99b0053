/* The strings the graphics tests shape with HarfBuzz, and the one text form
 * of a shaping result. Built twice: into hbshape_host (the host, the pinned
 * HarfBuzz built natively) and into gfxtest (inside Cobalt), so that both
 * shape exactly the same way and the guest can compare results as text. */
#ifndef SHAPE_CASES_H
#define SHAPE_CASES_H

#include <hb.h>
#include <stddef.h>

enum shape_font { SHAPE_SANS, SHAPE_MONO };

struct shape_case {
    const char *name;     /* one word: the key in the expected-results file */
    enum shape_font font; /* DejaVu Sans or DejaVu Sans Mono */
    const char *text;     /* UTF-8 */
    const char *features; /* comma-separated, hb_feature_from_string syntax; "" for none */
};

extern const struct shape_case shape_cases[];
extern const size_t shape_case_count;

/* The case called name, or NULL. */
const struct shape_case *shape_case_find(const char *name);

/* Shapes text with font (default scale: font units) into a new buffer with the
 * direction, script and language HarfBuzz guesses; NULL on failure. */
hb_buffer_t *shape_text(hb_font_t *font, const char *text, const char *features);

/* Writes the result as "DIR glyph@cluster:xadv,yadv,xoff,yoff ..." into out;
 * -1 if it does not fit. */
int shape_format(hb_buffer_t *buf, char *out, size_t len);

#endif
