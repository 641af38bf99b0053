/* Orbital's pixel operations (pixels.h). The blend works four pixels at a
 * time with SSE2 (every x86_64 CPU has it): groups that are all opaque are
 * copied, all transparent skipped, the rest blended in 16-bit lanes. The
 * scalar path does two channels at a time (the 0x00FF00FF lanes). Both round
 * exactly alike (d * (255 - a) / 255 to nearest), so they give the same
 * pixels. */
#include "pixels.h"

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

void pixels_copy(struct surface *dst, struct rect r, const struct surface *src, int dx, int dy)
{
    r = clip(dst, r, src, dx, dy);
    if (rect_empty(r))
        return;
    for (int y = r.y; y < rect_bottom(r); y++)
        memcpy(row(dst, r.x, y), row(src, r.x - dx, y - dy), (size_t)r.w * 4);
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
/* Two pixels' channels in 16-bit lanes: d * (255 - a) / 255, rounded. */
static inline __m128i scale16(__m128i d16, __m128i inv16)
{
    __m128i t = _mm_add_epi16(_mm_mullo_epi16(d16, inv16), _mm_set1_epi16(128));
    return _mm_srli_epi16(_mm_add_epi16(t, _mm_srli_epi16(t, 8)), 8);
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
