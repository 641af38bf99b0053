/* The kernel's printf-style formatter (see fmt.h for what it accepts). */
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

struct spec {
    char pad;  /* ' ' or '0' */
    bool left; /* '-': pad on the right */
    bool alt;  /* '#': 0x before hexadecimal */
    int width;
};

static void put_padding(struct out *o, int count, char c)
{
    for (; count > 0; count--)
        put(o, c);
}

static void put_number(struct out *o, uint64_t v, unsigned base, bool upper, bool negative,
                       const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    const char *prefix = negative ? "-" : (sp->alt && base == 16) ? "0x" : "";
    int prefix_len = negative ? 1 : (sp->alt && base == 16) ? 2 : 0;
    int fill = sp->width - n - prefix_len;
    if (!sp->left && sp->pad == ' ')
        put_padding(o, fill, ' ');
    for (const char *p = prefix; *p; p++)
        put(o, *p);
    if (!sp->left && sp->pad == '0')
        put_padding(o, fill, '0');
    while (n)
        put(o, tmp[--n]);
    if (sp->left)
        put_padding(o, fill, ' ');
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        struct spec sp = {' ', false, false, 0};
        for (;; fmt++) {
            if (*fmt == '0')
                sp.pad = '0';
            else if (*fmt == '-')
                sp.left = true;
            else if (*fmt == '#')
                sp.alt = true;
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            sp.width = sp.width * 10 + (*fmt++ - '0');
        int longs = 0;
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = 0;
            while (s[len])
                len++;
            if (!sp.left)
                put_padding(&o, sp.width - len, ' ');
            while (*s)
                put(&o, *s++);
            if (sp.left)
                put_padding(&o, sp.width - len, ' ');
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_number(&o, mag, 10, false, v < 0, &sp);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            unsigned base = *fmt == 'u' ? 10 : 16;
            put_number(&o, v, base, *fmt == 'X', false, &sp);
            break;
        }
        case 'p':
            sp = (struct spec){'0', false, true, 18};
            put_number(&o, (uintptr_t)va_arg(ap, void *), 16, false, false, &sp);
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
