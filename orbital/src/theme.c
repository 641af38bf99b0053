/* Orbital's theme file parser (theme.h): "key = value" lines, '#' comments,
 * every key known and given at most once, every value checked. */
#include "theme.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void theme_default(struct theme *t)
{
#define THEME_DEFAULT(key, kind, def, min, max) t->key = def;
    THEME_KEYS(THEME_DEFAULT)
#undef THEME_DEFAULT
}

static int error(char *err, size_t err_len, int line, const char *fmt, ...)
{
    int n = snprintf(err, err_len, "line %d: ", line);
    if (n >= 0 && (size_t)n < err_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, err_len - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* #RRGGBB (opaque) or #AARRGGBB. */
static bool parse_colour(const char *v, size_t n, uint32_t *out)
{
    if ((n != 7 && n != 9) || v[0] != '#')
        return false;
    uint32_t c = 0;
    for (size_t i = 1; i < n; i++) {
        int d = hex_digit(v[i]);
        if (d < 0)
            return false;
        c = c << 4 | (uint32_t)d;
    }
    *out = n == 7 ? 0xFF000000u | c : c;
    return true;
}

static bool parse_number(const char *v, size_t n, long min, long max, int *out)
{
    if (n == 0 || n > 4 || (v[0] == '0' && n > 1))
        return false;
    long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return false;
        x = x * 10 + (v[i] - '0');
    }
    if (x < min || x > max)
        return false;
    *out = (int)x;
    return true;
}

enum theme_key {
#define THEME_ENUM(key, kind, def, min, max) THEME_KEY_##key,
    THEME_KEYS(THEME_ENUM)
#undef THEME_ENUM
        THEME_KEY_COUNT
};

/* Sets one key of t from the value text: 0, or -1 with *why set. */
static int set_key(struct theme *t, const char *key, size_t key_len, const char *v, size_t n,
                   bool seen[THEME_KEY_COUNT], const char **why)
{
#define THEME_SET_C(key, min, max)                                                                 \
    if (!parse_colour(v, n, &t->key)) {                                                            \
        *why = "a colour is #RRGGBB or #AARRGGBB";                                                 \
        return -1;                                                                                 \
    }
#define THEME_SET_I(key, min, max)                                                                 \
    if (!parse_number(v, n, min, max, &t->key)) {                                                  \
        *why = "a whole number from " #min " to " #max " is needed";                               \
        return -1;                                                                                 \
    }
#define THEME_SET(key, kind, def, min, max)                                                        \
    if (key_len == sizeof #key - 1 && !memcmp(name, #key, key_len)) {                              \
        if (seen[THEME_KEY_##key]) {                                                               \
            *why = "the key is given twice";                                                       \
            return -1;                                                                             \
        }                                                                                          \
        seen[THEME_KEY_##key] = true;                                                              \
        THEME_SET_##kind(key, min, max) return 0;                                                  \
    }
    const char *name = key;
    THEME_KEYS(THEME_SET)
#undef THEME_SET
#undef THEME_SET_C
#undef THEME_SET_I
    *why = "unknown key";
    return -1;
}

int theme_parse(struct theme *out, const char *text, size_t len, char *err, size_t err_len)
{
    struct theme t = *out;
    bool seen[THEME_KEY_COUNT] = {false};
    const char *p = text, *end = text + len;
    for (int line = 1; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *s = p, *e = eol;
        p = eol + 1;
        if (memchr(s, 0, (size_t)(e - s)))
            return error(err, err_len, line, "a NUL byte");
        while (s < e && is_space(*s))
            s++;
        while (e > s && is_space(e[-1]))
            e--;
        if (s == e || *s == '#')
            continue;
        const char *eq = memchr(s, '=', (size_t)(e - s));
        if (!eq)
            return error(err, err_len, line, "expected \"key = value\"");
        const char *ke = eq, *vs = eq + 1;
        while (ke > s && is_space(ke[-1]))
            ke--;
        while (vs < e && is_space(*vs))
            vs++;
        const char *why = NULL;
        if (set_key(&t, s, (size_t)(ke - s), vs, (size_t)(e - vs), seen, &why) < 0)
            return error(err, err_len, line, "%.*s: %s", (int)(ke - s > 40 ? 40 : ke - s), s, why);
    }
    /* rule: the decorations must fit their title bar */
    if (t.button_size > t.title_height)
        return error(err, err_len, 0, "button_size is larger than title_height");
    *out = t;
    return 0;
}
