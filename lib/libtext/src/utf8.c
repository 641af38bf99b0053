/* libtext's UTF-8 decoder: strict (RFC 3629), never reads past the NUL, and
 * replaces every invalid byte sequence with U+FFFD. */
#include "text_impl.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu

/* Decodes one code point at s (not at the NUL); *len gets the bytes used. */
static uint32_t decode_one(const unsigned char *s, size_t *len)
{
    unsigned char c = s[0];
    int need;
    uint32_t cp, min;
    if (c < 0x80) {
        *len = 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, cp = c & 0x07, min = 0x10000;
    } else {
        *len = 1;
        return REPLACEMENT;
    }
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) { /* also stops at the NUL */
            *len = (size_t)i;
            return REPLACEMENT;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = (size_t)need + 1;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return REPLACEMENT;
    return cp;
}

long text_utf8_decode(struct text_font *font, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = 0, max = strlen(utf8);
    if (max + 1 > font->cps_cap) {
        uint32_t *more = realloc(font->cps, (max + 1) * sizeof *more);
        if (!more)
            return -1;
        font->cps = more;
        font->cps_cap = max + 1;
    }
    while (*s) {
        size_t len;
        font->cps[n++] = decode_one(s, &len);
        s += len;
    }
    return (long)n;
}
