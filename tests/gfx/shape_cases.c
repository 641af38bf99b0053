/* The shaping cases shared by the host tool and the guest test
 * (shape_cases.h): the list of strings and the shaping and formatting. */
#include "shape_cases.h"

#include <stdio.h>
#include <string.h>

const struct shape_case shape_cases[] = {
    {"fi", SHAPE_SANS, "fi", ""},
    {"f", SHAPE_SANS, "f", ""},
    {"i", SHAPE_SANS, "i", ""},
    {"office", SHAPE_SANS, "office", ""},
    {"fi-noliga", SHAPE_SANS, "fi", "-liga"},
    {"AV", SHAPE_SANS, "AV", ""},
    {"A", SHAPE_SANS, "A", ""},
    {"V", SHAPE_SANS, "V", ""},
    {"AV-nokern", SHAPE_SANS, "AV", "-kern"},
    {"hello", SHAPE_SANS, "Hello, world! Typography: AWAY, To, Yes.", ""},
    {"accent", SHAPE_SANS, "e\xcc\x81 a\xcc\x88 n\xcc\x83", ""},
    {"greek", SHAPE_SANS, "\xce\xa9\xce\xbc\xce\xad\xce\xb3\xce\xb1", ""},
    {"mono", SHAPE_MONO, "fi AV {x} == 0x1F;", ""},
    /* U+0628 ARABIC LETTER BEH: alone (isolated), three in a row (initial,
     * medial, final), and "salam" (seen, lam, alef, meem). */
    {"ar-isol", SHAPE_SANS, "\xd8\xa8", ""},
    {"ar-beh3", SHAPE_SANS, "\xd8\xa8\xd8\xa8\xd8\xa8", ""},
    {"ar-salam", SHAPE_SANS, "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", ""},
    {"hebrew", SHAPE_SANS, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", ""},
};
const size_t shape_case_count = sizeof shape_cases / sizeof shape_cases[0];

const struct shape_case *shape_case_find(const char *name)
{
    for (size_t i = 0; i < shape_case_count; i++)
        if (strcmp(shape_cases[i].name, name) == 0)
            return &shape_cases[i];
    return NULL;
}

static int parse_features(const char *list, hb_feature_t *out, int max)
{
    int n = 0;
    while (*list && n < max) {
        const char *end = strchr(list, ',');
        int len = end ? (int)(end - list) : (int)strlen(list);
        if (!hb_feature_from_string(list, len, &out[n]))
            return -1;
        n++;
        list += len + (end ? 1 : 0);
    }
    return n;
}

hb_buffer_t *shape_text(hb_font_t *font, const char *text, const char *features)
{
    hb_feature_t feats[8];
    int nfeats = parse_features(features, feats, 8);
    if (nfeats < 0)
        return NULL;
    hb_buffer_t *buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        return NULL;
    }
    hb_buffer_add_utf8(buf, text, -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, feats, (unsigned)nfeats);
    return buf;
}

int shape_format(hb_buffer_t *buf, char *out, size_t len)
{
    unsigned count = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    size_t used = 0;
    int n = snprintf(out, len, "%s", hb_direction_to_string(hb_buffer_get_direction(buf)));
    if (n < 0 || (size_t)n >= len)
        return -1;
    used = (size_t)n;
    for (unsigned i = 0; i < count; i++) {
        n = snprintf(out + used, len - used, " %u@%u:%d,%d,%d,%d", info[i].codepoint,
                     info[i].cluster, pos[i].x_advance, pos[i].y_advance, pos[i].x_offset,
                     pos[i].y_offset);
        if (n < 0 || (size_t)n >= len - used)
            return -1;
        used += (size_t)n;
    }
    return 0;
}
