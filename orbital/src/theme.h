/* Orbital's theme: the colours and decoration metrics it draws with, read
 * from a theme file (themes/default.theme, docs/themes.md). Every key is
 * declared once in THEME_KEYS; the parser, the defaults and the docs table
 * follow that list. */
#ifndef ORBITAL_THEME_H
#define ORBITAL_THEME_H

#include <stddef.h>
#include <stdint.h>

/* X(key, kind, default, min, max): kind C is a colour (#RRGGBB, or #AARRGGBB
 * for the translucent ones), I a whole number of pixels in [min, max]. */
#define THEME_KEYS(X)                                                                              \
    X(desktop_background, C, 0xFF1E3A5F, 0, 0)                                                     \
    X(title_active, C, 0xFF2F6FB3, 0, 0)                                                           \
    X(title_inactive, C, 0xFF5A6470, 0, 0)                                                         \
    X(title_text_active, C, 0xFFFFFFFF, 0, 0)                                                      \
    X(title_text_inactive, C, 0xFFD8DDE3, 0, 0)                                                    \
    X(border_active, C, 0xFF2F6FB3, 0, 0)                                                          \
    X(border_inactive, C, 0xFF5A6470, 0, 0)                                                        \
    X(button_close, C, 0xFFD9534F, 0, 0)                                                           \
    X(button_other, C, 0xFFFFFFFF, 0, 0)                                                           \
    X(shadow, C, 0x48000000, 0, 0)                                                                 \
    X(switcher_background, C, 0xE0202830, 0, 0)                                                    \
    X(switcher_selected, C, 0xFF2F6FB3, 0, 0)                                                      \
    X(switcher_text, C, 0xFFFFFFFF, 0, 0)                                                          \
    X(title_height, I, 28, 16, 64)                                                                 \
    X(border, I, 4, 1, 16)                                                                         \
    X(corner_radius, I, 6, 0, 16)                                                                  \
    X(button_size, I, 18, 8, 48)                                                                   \
    X(button_gap, I, 5, 0, 16)                                                                     \
    X(shadow_size, I, 12, 0, 32)                                                                   \
    X(title_font_size, I, 14, 8, 32)

struct theme {
#define THEME_FIELD_C(key)                    uint32_t key;
#define THEME_FIELD_I(key)                    int key;
#define THEME_FIELD(key, kind, def, min, max) THEME_FIELD_##kind(key)
    THEME_KEYS(THEME_FIELD)
#undef THEME_FIELD
#undef THEME_FIELD_C
#undef THEME_FIELD_I
};

void theme_default(struct theme *t);

/* Parses a theme file over the defaults. On success fills *t and returns 0;
 * otherwise leaves *t alone, writes "line N: what" into err and returns
 * -EINVAL. A key left out keeps its default. */
int theme_parse(struct theme *t, const char *text, size_t len, char *err, size_t err_len);

#endif
