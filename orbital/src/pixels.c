/* Orbital's pixel operations (pixels.h). The blend works four pixels at a
 * time with SSE2 (every x86_64 CPU has it): groups that are all opaque are
 * copied, all transparent skipped, the rest blended in 16-bit lanes. The
 * scalar path does two channels at a time (the 0x00FF00FF lanes). Both round
 * exactly alike (d * (255 - a) / 255 to nearest), so they give the same
 * pixels. */
#include "pixels.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Clips r to dst and, when src is given, to where src's pixels land. */
static struct rect clip(const struct surface *dst, struct rect r, const struct surface *src, int dx,
                        int dy)
{
    r = rect_intersect(r, (struct rect){0, 0, dst->width, dst->height});
    if (src)
        r = rect_intersect(r, (struct rect){dx, dy, src->width, src->height});
    return r;
}

static inline uint32_t *row(const struct surface *s, int x, int y)
{
    return s->pixels + (long)y * s->stride + x;
}

/* x * f / 255 rounded to nearest, for two 8-bit lanes of 0x00FF00FF at once. */
static inline uint32_t scale_lanes(uint32_t lanes, uint32_t f)
{
    uint32_t t = lanes * f + 0x00800080u;
    return ((t + ((t >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
}

uint32_t pixel_over(uint32_t src, uint32_t dst)
{
    uint32_t inv = 255u - (src >> 24);
    uint32_t rb = scale_lanes(dst & 0x00FF00FFu, inv);
    uint32_t ag = scale_lanes((dst >> 8) & 0x00FF00FFu, inv);
    return src + (rb | ag << 8);
}

void pixels_fill(struct surface *dst, struct rect r, uint32_t color)
{
    r = clip(dst, r, NULL, 0, 0);
    if (rect_empty(r))
        return;
    color |= 0xFF000000u;
    for (int y = r.y; y < rect_bottom(r); y++) {
        uint32_t *d = row(dst, r.x, y);
        for (int x = 0; x < r.w; x++)
            d[x] = color;
    }
}

void pixels_fill_blend(struct surface *dst, struct rect r, uint32_t color)
{
    uint32_t a = color >> 24;
    if (a == 255) {
        pixels_fill(dst, r, color);
        return;
    }
    r = clip(dst, r, NULL, 0, 0);
    if (rect_empty(r) || a == 0)
        return;
    for (int y = r.y; y < rect_bottom(r); y++) {
        uint32_t *d = row(dst, r.x, y);
        for (int x = 0; x < r.w; x++)
            d[x] = pixel_over(color, d[x]);
    }
}

/* n 8-byte words from s to d, one per step (rep movsq: what musl's memcpy
 * does inside, without its call and its byte-wise ends). */
static inline void copy_words(void *d, const void *s, size_t n)
{
#ifdef __x86_64__
    __asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
#else
    memcpy(d, s, n * 8);
#endif
}

/* n pixels from s to d: up to 8 in registers, more by words with d 8-byte
 * aligned and an odd pixel at either end moved alone. */
static inline void copy_row(uint32_t *d, const uint32_t *s, int n)
{
#ifdef __SSE2__
    if (n >= 4 && n <= 8) { /* two overlapping groups of four */
        __m128i head = _mm_loadu_si128((const __m128i *)s);
        __m128i tail = _mm_loadu_si128((const __m128i *)(s + n - 4));
        _mm_storeu_si128((__m128i *)d, head);
        _mm_storeu_si128((__m128i *)(d + n - 4), tail);
        return;
    }
#endif
    if (n <= 8) {
        for (int x = 0; x < n; x++)
            d[x] = s[x];
        return;
    }
    if ((uintptr_t)d & 4)
        *d++ = *s++, n--;
    if (n & 1)
        d[n - 1] = s[n - 1];
    copy_words(d, s, (size_t)n / 2);
}

void pixels_copy(struct surface *dst, struct rect r, const struct surface *src, int dx, int dy)
{
    r = clip(dst, r, src, dx, dy);
    if (rect_empty(r))
        return;
    uint32_t *d = row(dst, r.x, r.y);
    const uint32_t *s = row(src, r.x - dx, r.y - dy);
    if (r.w == dst->stride && r.w == src->stride) { /* whole rows of both: one block */
        copy_row(d, s, r.w * r.h);
        return;
    }
    for (int y = 0; y < r.h; y++, d += dst->stride, s += src->stride)
        copy_row(d, s, r.w);
}

static inline void blend_one(uint32_t *d, uint32_t p)
{
    uint32_t a = p >> 24;
    if (a == 255)
        *d = p;
    else if (a)
        *d = pixel_over(p, *d);
}

#ifdef __SSE2__
/* Two pixels' channels in 16-bit lanes: d * f / 255, rounded. With
 * t = d * f + 128 (below 2^16), (t + (t >> 8)) >> 8 equals t * 257 >> 16,
 * which one high multiply gives. */
static inline __m128i scale16(__m128i d16, __m128i f16)
{
    __m128i t = _mm_add_epi16(_mm_mullo_epi16(d16, f16), _mm_set1_epi16(128));
    return _mm_mulhi_epu16(t, _mm_set1_epi16(257));
}

/* 255 - alpha of each of two pixels, spread over their four lanes. */
static inline __m128i inverse_alpha16(__m128i s16)
{
    __m128i a = _mm_shufflelo_epi16(s16, _MM_SHUFFLE(3, 3, 3, 3));
    a = _mm_shufflehi_epi16(a, _MM_SHUFFLE(3, 3, 3, 3));
    return _mm_sub_epi16(_mm_set1_epi16(255), a);
}

static void blend_row(uint32_t *d, const uint32_t *s, int n)
{
    const __m128i zero = _mm_setzero_si128(), alpha = _mm_set1_epi32((int)0xFF000000u);
    int x = 0;
    for (; x + 4 <= n; x += 4) {
        __m128i sp = _mm_loadu_si128((const __m128i *)(s + x));
        __m128i a = _mm_and_si128(sp, alpha);
        int opaque = _mm_movemask_epi8(_mm_cmpeq_epi32(a, alpha));
        if (opaque == 0xFFFF) {
            _mm_storeu_si128((__m128i *)(d + x), sp);
            continue;
        }
        if (_mm_movemask_epi8(_mm_cmpeq_epi32(a, zero)) == 0xFFFF)
            continue;
        __m128i dp = _mm_loadu_si128((const __m128i *)(d + x));
        __m128i slo = _mm_unpacklo_epi8(sp, zero), shi = _mm_unpackhi_epi8(sp, zero);
        __m128i lo = scale16(_mm_unpacklo_epi8(dp, zero), inverse_alpha16(slo));
        __m128i hi = scale16(_mm_unpackhi_epi8(dp, zero), inverse_alpha16(shi));
        /* A transparent (all-zero) source pixel gives d * 255 / 255 = d: no
         * special case needed for valid premultiplied pixels. */
        _mm_storeu_si128((__m128i *)(d + x), _mm_add_epi8(_mm_packus_epi16(lo, hi), sp));
    }
    for (; x < n; x++)
        blend_one(d + x, s[x]);
}
#else
static void blend_row(uint32_t *d, const uint32_t *s, int n)
{
    for (int x = 0; x < n; x++)
        blend_one(d + x, s[x]);
}
#endif

void pixels_blend(struct surface *dst, struct rect r, const struct surface *src, int dx, int dy)
{
    r = clip(dst, r, src, dx, dy);
    if (rect_empty(r))
        return;
    for (int y = r.y; y < rect_bottom(r); y++)
        blend_row(row(dst, r.x, y), row(src, r.x - dx, y - dy), r.w);
}

/* The scalar shade of one pixel: pixel_over of black with alpha 255 - keep,
 * alpha byte 255. */
static inline uint32_t shade_one(uint32_t d, uint32_t keep)
{
    uint32_t rb = scale_lanes(d & 0x00FF00FFu, keep);
    uint32_t g = scale_lanes((d >> 8) & 0x000000FFu, keep);
    return 0xFF000000u | rb | g << 8;
}

#ifdef __SSE2__
/* Four pixels at d scaled by the factors in klo (the first two) and khi. */
static inline void shade4(uint32_t *d, __m128i klo, __m128i khi)
{
    const __m128i zero = _mm_setzero_si128(), alpha = _mm_set1_epi32((int)0xFF000000u);
    __m128i p = _mm_loadu_si128((const __m128i *)d);
    __m128i lo = scale16(_mm_unpacklo_epi8(p, zero), klo);
    __m128i hi = scale16(_mm_unpackhi_epi8(p, zero), khi);
    _mm_storeu_si128((__m128i *)d, _mm_or_si128(_mm_packus_epi16(lo, hi), alpha));
}

static void shade_row(uint32_t *d, int n, const shade_t *keep, bool per_column)
{
    int x = 0;
    if (per_column) {
        for (; x + 8 <= n; x += 8) {
            shade4(d + x, _mm_loadu_si128((const __m128i *)(keep + x)),
                   _mm_loadu_si128((const __m128i *)(keep + x + 2)));
            shade4(d + x + 4, _mm_loadu_si128((const __m128i *)(keep + x + 4)),
                   _mm_loadu_si128((const __m128i *)(keep + x + 6)));
        }
        if (x + 4 <= n) {
            shade4(d + x, _mm_loadu_si128((const __m128i *)(keep + x)),
                   _mm_loadu_si128((const __m128i *)(keep + x + 2)));
            x += 4;
        }
    } else {
        __m128i k = _mm_set1_epi64x((long long)keep[0]);
        for (; x + 8 <= n; x += 8) {
            shade4(d + x, k, k);
            shade4(d + x + 4, k, k);
        }
        if (x + 4 <= n) {
            shade4(d + x, k, k);
            x += 4;
        }
    }
    for (; x < n; x++)
        d[x] = shade_one(d[x], (uint32_t)(keep[per_column ? x : 0] & 255));
}
#else
static void shade_row(uint32_t *d, int n, const shade_t *keep, bool per_column)
{
    for (int x = 0; x < n; x++)
        d[x] = shade_one(d[x], (uint32_t)(keep[per_column ? x : 0] & 255));
}
#endif

void pixels_shade(struct surface *dst, struct rect r, const shade_t *keep, bool per_column)
{
    struct rect c = clip(dst, r, NULL, 0, 0);
    if (rect_empty(c))
        return;
    if (per_column)
        keep += c.x - r.x;
    for (int y = c.y; y < rect_bottom(c); y++)
        shade_row(row(dst, c.x, y), c.w, keep, per_column);
}
