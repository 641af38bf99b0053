/* The keymap parser and lookup. A keymap is text, one key per line:
 *   <code> <normal> <shift> [<altgr>] [caps] [num]
 * code: 0x01..0xFF (cobalt/input.h key codes); each of normal/shift/altgr is
 * one character (UTF-8), U+XXXX, or `none`; `caps`: caps lock acts as shift;
 * `num`: types only with num lock on. `#` at the start of a line is a comment.
 * Every field is checked; a bad line is logged and skipped. */
#include "keymap.h"

#include <cobalt/debug.h>
#include <cobalt/input.h>
#include <string.h>

#define LINE_MAX_BYTES 200
#define WORDS_MAX      8
#define WORD_MAX       16
#define UNICODE_MAX    0x10FFFF
#define LOG_MAX_BAD    8

/* Splits line into words; -1 when there are too many or one is too long. */
static int split(const char *line, size_t len, char words[WORDS_MAX][WORD_MAX])
{
    int n = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        if (i == len)
            break;
        if (n == WORDS_MAX)
            return -1;
        size_t w = 0;
        while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
            if (w + 1 >= WORD_MAX)
                return -1;
            words[n][w++] = line[i++];
        }
        words[n][w] = 0;
        n++;
    }
    return n;
}

static int hex_value(const char *s, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        int d;
        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (*s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            return -1;
        v = v * 16 + (uint32_t)d;
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

/* Decodes one UTF-8 character that must fill the whole word. */
static int utf8_one(const char *s, uint32_t *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s);
    uint32_t cp;
    size_t need;
    if (u[0] < 0x80) {
        cp = u[0], need = 1;
    } else if ((u[0] & 0xE0) == 0xC0) {
        cp = u[0] & 0x1F, need = 2;
    } else if ((u[0] & 0xF0) == 0xE0) {
        cp = u[0] & 0x0F, need = 3;
    } else if ((u[0] & 0xF8) == 0xF0) {
        cp = u[0] & 0x07, need = 4;
    } else {
        return -1;
    }
    if (len != need)
        return -1;
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (u[i] & 0x3F);
    }
    /* No controls (use U+XXXX), no overlong forms, no surrogates. */
    if (cp > UNICODE_MAX || (cp >= 0xD800 && cp <= 0xDFFF) ||
        (need == 1 && (cp < 0x21 || cp == 0x7F)) || (need == 2 && cp < 0x80) ||
        (need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000))
        return -1;
    *out = cp;
    return 0;
}

static int symbol(const char *w, uint32_t *out)
{
    if (strcmp(w, "none") == 0) {
        *out = 0;
        return 0;
    }
    if (w[0] == 'U' && w[1] == '+')
        return strlen(w) <= 8 ? hex_value(w + 2, UNICODE_MAX, out) : -1;
    return utf8_one(w, out);
}

static const char *parse_line(struct keymap *km, const char *line, size_t len)
{
    char words[WORDS_MAX][WORD_MAX];
    size_t lead = 0;
    while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
        lead++;
    if (lead < len && line[lead] == '#')
        return NULL; /* a comment */
    if (len > LINE_MAX_BYTES)
        return "line too long";
    int n = split(line, len, words);
    if (n < 0)
        return "too many or too long words";
    if (n == 0)
        return NULL;
    if (n < 3)
        return "want <code> <normal> <shift>";
    uint32_t code;
    if (strncmp(words[0], "0x", 2) != 0 || hex_value(words[0] + 2, COBALT_KEY_MAX, &code) < 0 ||
        code == 0)
        return "bad key code (0x01..0xff)";
    struct keymap_entry e = {0};
    if (symbol(words[1], &e.normal) < 0 || symbol(words[2], &e.shift) < 0)
        return "bad character (one character, U+XXXX or none)";
    int have_altgr = 0;
    for (int i = 3; i < n; i++) {
        if (strcmp(words[i], "caps") == 0) {
            e.caps = 1;
        } else if (strcmp(words[i], "num") == 0) {
            e.num = 1;
        } else if (!have_altgr && !e.caps && !e.num && symbol(words[i], &e.altgr) == 0) {
            have_altgr = 1;
        } else {
            return "bad altgr character or flag (caps, num)";
        }
    }
    if (km->keys[code].normal || km->keys[code].shift || km->keys[code].altgr)
        return "key defined twice";
    km->keys[code] = e;
    km->loaded++;
    return NULL;
}

int keymap_parse(struct keymap *km, const char *text, size_t len, const char *name)
{
    memset(km, 0, sizeof *km);
    int bad = 0, lineno = 0;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        const char *why = memchr(text + i, 0, end - i) ? "NUL byte" : NULL;
        if (!why)
            why = parse_line(km, text + i, end - i);
        if (why) {
            if (name && bad < LOG_MAX_BAD) /* a broken file cannot flood the log */
                cobalt_log_printf("i8042: %s:%d: %s; line skipped", name, lineno, why);
            bad++;
        }
        i = end + 1;
    }
    return bad;
}

static size_t utf8_put(uint32_t cp, char *out, size_t size)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6), b[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (n + 1 > size)
        n = 0;
    memcpy(out, b, n);
    out[n] = 0;
    return n;
}

void keymap_text(const struct keymap *km, unsigned code, uint32_t mods, char *out, size_t size)
{
    if (size)
        out[0] = 0;
    if (code >= KEYMAP_KEYS || size == 0)
        return;
    const struct keymap_entry *e = &km->keys[code];
    if (e->num && !(mods & COBALT_MOD_NUM))
        return;
    int shift = (mods & COBALT_MOD_SHIFT) != 0;
    if (e->caps && (mods & COBALT_MOD_CAPS))
        shift = !shift;
    uint32_t cp = shift ? e->shift : e->normal;
    if ((mods & COBALT_MOD_RALT) && e->altgr)
        cp = e->altgr;
    /* Ctrl with a key in @..~ types the control character (Ctrl+C is 0x03). */
    if (mods & COBALT_MOD_CTRL) {
        uint32_t base = e->normal >= 'a' && e->normal <= 'z' ? e->normal - 0x20 : cp;
        if (base < 0x40 || base > 0x7E)
            return;
        cp = base & 0x1F;
    }
    if (cp)
        utf8_put(cp, out, size);
}
