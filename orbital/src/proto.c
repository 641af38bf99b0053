/* Orbital's protocol decoder (proto.h). Numbers are strict decimal: an
 * optional '-', digits, no leading zeros, no '+', no spaces, within the
 * protocol's limits — anything else is refused, never read as 0. */
#include "proto.h"

#include <errno.h>
#include <string.h>

/* Parses one decimal field of [s, end) into *out within [lo, hi]. */
static bool parse_int(const char *s, const char *end, long lo, long hi, int32_t *out)
{
    bool neg = false;
    if (s < end && *s == '-')
        neg = true, s++;
    if (s == end || end - s > 6)
        return false; /* rule: 1..6 digits (the limits have at most 5) */
    if (*s == '0' && end - s > 1)
        return false; /* rule: no leading zeros */
    long v = 0;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
    }
    if (neg)
        v = -v;
    if (v < lo || v > hi || (neg && v == 0))
        return false; /* rule: "-0" is not a number */
    *out = (int32_t)v;
    return true;
}

static bool parse_flags(const char *s, const char *end, uint32_t *out)
{
    uint32_t flags = 0;
    if (end - s == 1 && *s == '-') {
        *out = 0;
        return true;
    }
    if (s == end)
        return false;
    for (; s < end; s++) {
        uint32_t bit = 0;
#define ORB_FLAG_CASE(letter, name, value)                                                         \
    if (*s == letter)                                                                              \
        bit = value;
        ORB_FLAGS(ORB_FLAG_CASE)
#undef ORB_FLAG_CASE
        if (!bit || (flags & bit))
            return false; /* rule: known letters, each once */
        flags |= bit;
    }
    *out = flags;
    return true;
}

bool orb_title_valid(const char *bytes, size_t len)
{
    const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        size_t n;
        unsigned cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F)
                return false; /* rule: no control characters */
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07;
        else
            return false;
        if ((size_t)(end - p) <= n)
            return false;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        /* rule: shortest form, no surrogates, at most U+10FFFF, no C1 controls */
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
            return false;
        p += n + 1;
    }
    return true;
}

int orb_decode_open(const char *path, size_t len, struct orb_open *out)
{
    const char *end = path + len, *field[6];
    size_t field_len[6];
    const char *s = path;
    memset(out, 0, sizeof *out);
    /* Five '/'-separated fields, then the title (which may hold '/'). */
    for (int i = 0; i < 5; i++) {
        const char *slash = memchr(s, '/', (size_t)(end - s));
        if (!slash)
            return -EINVAL;
        field[i] = s;
        field_len[i] = (size_t)(slash - s);
        s = slash + 1;
    }
    field[5] = s;
    field_len[5] = (size_t)(end - s);
    if (!parse_flags(field[0], field[0] + field_len[0], &out->flags))
        return -EINVAL;
    bool auto_x = field_len[1] == 1 && field[1][0] == '*';
    bool auto_y = field_len[2] == 1 && field[2][0] == '*';
    if (auto_x != auto_y)
        return -EINVAL; /* rule: both coordinates are given, or neither */
    out->auto_place = auto_x;
    if (!auto_x &&
        (!parse_int(field[1], field[1] + field_len[1], ORB_COORD_MIN, ORB_COORD_MAX, &out->x) ||
         !parse_int(field[2], field[2] + field_len[2], ORB_COORD_MIN, ORB_COORD_MAX, &out->y)))
        return -EINVAL;
    if (!parse_int(field[3], field[3] + field_len[3], ORB_SIZE_MIN, ORB_SIZE_MAX, &out->w) ||
        !parse_int(field[4], field[4] + field_len[4], ORB_SIZE_MIN, ORB_SIZE_MAX, &out->h))
        return -EINVAL;
    /* rule: the buffer fits the per-window cap (w * h * 4 cannot overflow: both <= 8192) */
    if ((long)out->w * out->h * 4 > ORB_BUFFER_MAX)
        return -EINVAL;
    if (field_len[5] > ORB_TITLE_MAX)
        return -ENAMETOOLONG;
    if (!orb_title_valid(field[5], field_len[5]))
        return -EINVAL;
    memcpy(out->title, field[5], field_len[5]);
    out->title[field_len[5]] = 0;
    return 0;
}

static bool valid_size(int32_t w, int32_t h)
{
    return w >= ORB_SIZE_MIN && w <= ORB_SIZE_MAX && h >= ORB_SIZE_MIN && h <= ORB_SIZE_MAX &&
           (long)w * h * 4 <= ORB_BUFFER_MAX;
}

static bool valid_coord(int32_t v)
{
    return v >= ORB_COORD_MIN && v <= ORB_COORD_MAX;
}

/* The rules of each request's fields, once its bytes are in place. */
static int check_fields(struct orb_request *r, size_t len)
{
    switch (r->type) {
    case ORB_REQ_DAMAGE:
        /* rule: a non-empty rectangle of sane coordinates; the window clips it */
        if (r->damage.reserved || r->damage.w <= 0 || r->damage.h <= 0 ||
            r->damage.w > ORB_SIZE_MAX || r->damage.h > ORB_SIZE_MAX || !valid_coord(r->damage.x) ||
            !valid_coord(r->damage.y))
            return -EINVAL;
        return 0;
    case ORB_REQ_SET_TITLE: {
        size_t head = offsetof(struct orb_req_set_title, title);
        /* rule: the length field says exactly how many bytes follow */
        if (r->set_title.len > ORB_TITLE_MAX || len != head + r->set_title.len ||
            !orb_title_valid(r->set_title.title, r->set_title.len))
            return -EINVAL;
        memcpy(r->title, r->set_title.title, r->set_title.len);
        r->title[r->set_title.len] = 0;
        return 0;
    }
    case ORB_REQ_MOVE:
        return valid_coord(r->move.x) && valid_coord(r->move.y) ? 0 : -EINVAL;
    case ORB_REQ_RESIZE:
        return valid_size(r->resize.w, r->resize.h) ? 0 : -EINVAL;
    case ORB_REQ_SET_STATE:
        return r->set_state.reserved == 0 && r->set_state.state <= ORB_STATE_MINIMIZED ? 0
                                                                                       : -EINVAL;
    case ORB_REQ_SET_FLAGS: {
        uint32_t known = 0;
#define ORB_FLAG_BIT(letter, name, bit) known |= bit;
        ORB_FLAGS(ORB_FLAG_BIT)
#undef ORB_FLAG_BIT
        return r->set_flags.reserved == 0 && !(r->set_flags.flags & ~known) ? 0 : -EINVAL;
    }
    case ORB_REQ_PONG:
        return r->pong.reserved == 0 ? 0 : -EINVAL;
    }
    return -EINVAL;
}

int orb_decode_request(const void *data, size_t len, struct orb_request *out)
{
    struct orb_request_header h;
    /* rule: at least a header, and its size field is the write's length */
    if (len < sizeof h)
        return -EINVAL;
    memcpy(&h, data, sizeof h);
    if (h.size != len)
        return -EINVAL;
    size_t want = 0;
    bool fixed = false;
#define ORB_REQ_SIZE(type, name, st, is_fixed)                                                     \
    case type:                                                                                     \
        want = sizeof(st);                                                                         \
        fixed = is_fixed;                                                                          \
        break;
    switch (h.type) {
        ORB_REQUESTS(ORB_REQ_SIZE)
    default:
        return -EINVAL; /* rule: known types only */
    }
#undef ORB_REQ_SIZE
    /* rule: fixed requests are exactly their size; variable ones at most it */
    if (fixed ? len != want : (len > want || len < sizeof h + 4))
        return -EINVAL;
    memset(out, 0, sizeof *out);
    out->type = h.type;
    memcpy(&out->damage, data, len); /* every member starts at the union's start */
    return check_fields(out, len);
}
