/* hbshape_host: shapes every case of shape_cases.c on the host with the
 * pinned HarfBuzz built natively, and writes the expected results that
 * gfxtest compares against inside Cobalt:
 *
 *     hbshape_host SANS.ttf MONO.ttf OUT     one "name<TAB>result" line per case
 */
#include "shape_cases.h"

#include <stdio.h>
#include <stdlib.h>

static hb_font_t *load(const char *path)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        fprintf(stderr, "hbshape_host: cannot read %s\n", path);
        exit(1);
    }
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    if (hb_face_get_glyph_count(face) == 0) {
        fprintf(stderr, "hbshape_host: %s has no glyphs\n", path);
        exit(1);
    }
    hb_font_t *font = hb_font_create(face);
    hb_face_destroy(face);
    return font;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: hbshape_host SANS.ttf MONO.ttf OUT\n");
        return 2;
    }
    hb_font_t *fonts[2] = {load(argv[1]), load(argv[2])};
    FILE *out = fopen(argv[3], "w");
    if (!out) {
        perror(argv[3]);
        return 1;
    }
    for (size_t i = 0; i < shape_case_count; i++) {
        const struct shape_case *c = &shape_cases[i];
        hb_buffer_t *buf = shape_text(fonts[c->font], c->text, c->features);
        char line[4096];
        if (!buf || shape_format(buf, line, sizeof line) != 0) {
            fprintf(stderr, "hbshape_host: shaping %s failed\n", c->name);
            return 1;
        }
        fprintf(out, "%s\t%s\n", c->name, line);
        hb_buffer_destroy(buf);
    }
    if (fclose(out) != 0) {
        perror(argv[3]);
        return 1;
    }
    return 0;
}
