/* Host unit test of Orbital's pixel operations (ORBU0002): the OVER blend
 * against a straightforward per-channel formula for every alpha and channel
 * value, the shade (a black shadow) against the same formula, copies of every
 * length and alignment, and fill/copy/blend/shade clipping against surfaces
 * with a guard border that must never be written. */
#include "../src/pixels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails;

static void fail(const char *what)
{
    if (fails++ < 10)
        printf("%s\n", what);
}

static uint32_t reference_over(uint32_t s, uint32_t d)
{
    uint32_t a = s >> 24, out = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        uint32_t sc = (s >> shift) & 255, dc = (d >> shift) & 255;
        uint32_t v = sc + (dc * (255 - a) + 127) / 255;
        out |= v << shift;
    }
    return out;
}

static void test_over_exhaustive(void)
{
    for (uint32_t a = 0; a < 256; a++)
        for (uint32_t c = 0; c <= a; c++)
            for (uint32_t d = 0; d < 256; d += 3) {
                uint32_t s = a << 24 | c << 16 | (a - c) << 8 | (c / 2);
                uint32_t dst = 0xFF000000u | d << 16 | (255 - d) << 8 | (d ^ 0x5A);
                if (pixel_over(s, dst) != reference_over(s, dst)) {
                    fail("pixel_over differs from the per-channel formula");
                    return;
                }
            }
}

#define GW   40
#define GH   30
#define PAD  8
#define WALL 0xDEADBEEFu

static uint32_t store[(GH + 2 * PAD) * (GW + 2 * PAD)];

static struct surface guarded(void)
{
    for (size_t i = 0; i < sizeof store / 4; i++)
        store[i] = WALL;
    struct surface s = {store + PAD * (GW + 2 * PAD) + PAD, GW, GH, GW + 2 * PAD};
    for (int y = 0; y < GH; y++)
        for (int x = 0; x < GW; x++)
            s.pixels[y * s.stride + x] = 0xFF101010u;
    return s;
}

static void check_walls(const char *what)
{
    for (int y = 0; y < GH + 2 * PAD; y++)
        for (int x = 0; x < GW + 2 * PAD; x++) {
            int inside = y >= PAD && y < PAD + GH && x >= PAD && x < PAD + GW;
            if (!inside && store[y * (GW + 2 * PAD) + x] != WALL) {
                fail(what);
                return;
            }
        }
}

static void test_clipping(void)
{
    static uint32_t src_px[25 * 25];
    for (int i = 0; i < 25 * 25; i++)
        src_px[i] = (uint32_t)(i * 2654435761u) | 0x80000000u;
    struct surface src = {src_px, 25, 25, 25};
    struct rect wild[] = {{-100, -100, 1000, 1000}, {35, 25, 20, 20},
                          {-5, 10, 8, 3},           {0, 0, 0, 5},
                          {39, 29, 1, 1},           {-2147483, 5, 10, 10}};
    for (size_t i = 0; i < sizeof wild / sizeof *wild; i++) {
        struct surface dst = guarded();
        pixels_fill(&dst, wild[i], 0x123456);
        check_walls("fill wrote outside the surface");
        dst = guarded();
        pixels_fill_blend(&dst, wild[i], 0x40102030);
        check_walls("fill_blend wrote outside the surface");
        static shade_t keep[2000];
        for (int k = 0; k < 2000; k++)
            keep[k] = shade_factor((uint32_t)k * 7);
        dst = guarded();
        pixels_shade(&dst, wild[i], keep, false);
        check_walls("shade wrote outside the surface");
        dst = guarded();
        if (wild[i].w <= 2000)
            pixels_shade(&dst, wild[i], keep, true);
        check_walls("per-column shade wrote outside the surface");
        for (int off = -30; off <= 30; off += 15) {
            dst = guarded();
            pixels_copy(&dst, wild[i], &src, off, off / 2);
            check_walls("copy wrote outside the surface");
            dst = guarded();
            pixels_blend(&dst, wild[i], &src, off / 2, off);
            check_walls("blend wrote outside the surface");
        }
    }
    /* Placement: src (sx, sy) lands on (sx + dx, sy + dy). */
    struct surface dst = guarded();
    pixels_copy(&dst, (struct rect){0, 0, GW, GH}, &src, 7, 3);
    if (dst.pixels[3 * dst.stride + 7] != src_px[0] ||
        dst.pixels[5 * dst.stride + 10] != src_px[2 * 25 + 3])
        fail("copy placed the source wrongly");
    if (dst.pixels[2 * dst.stride + 7] != 0xFF101010u)
        fail("copy wrote above the source");
}

/* The vector path of pixels_blend against the per-pixel rule, on rows of
 * every length and alignment with all kinds of alpha mixed. */
static void test_blend_rows(void)
{
    static uint32_t s_px[64 * 64], d_px[64 * 64], want[64 * 64];
    unsigned x = 1;
    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 64 * 64; i++) {
            x = x * 1103515245u + 12345u;
            uint32_t kind = (x >> 4) & 3, a = kind == 0 ? 0 : kind == 1 ? (x >> 12) & 255 : 255;
            if (round % 3 == 0)
                a = round % 2 ? 255 : 0; /* whole groups alike: the fast paths */
            uint32_t r = ((x >> 8) & 255) * a / 255, g = ((x >> 16) & 255) * a / 255;
            s_px[i] = a << 24 | r << 16 | g << 8 | (a / 3);
            d_px[i] = 0xFF000000u | (x * 2654435761u >> 8);
            uint32_t sa = s_px[i] >> 24;
            want[i] = sa == 255 ? s_px[i] : sa == 0 ? d_px[i] : reference_over(s_px[i], d_px[i]);
        }
        struct surface src = {s_px, 64, 64, 64}, dst = {d_px, 64, 64, 64};
        int w = 1 + round % 63, off = round % 5;
        struct rect r = {off, round % 7, w, 30};
        pixels_blend(&dst, r, &src, 0, 0);
        for (int y = 0; y < 64; y++)
            for (int xx = 0; xx < 64; xx++) {
                int i = y * 64 + xx;
                bool inside = rect_contains_point(r, xx, y);
                uint32_t expect = inside ? want[i] : 0;
                if (inside && d_px[i] != expect) {
                    fail("pixels_blend differs from the per-pixel rule");
                    return;
                }
            }
    }
}

/* pixels_shade against pixel_over of black with alpha 255 - keep (colour
 * channels equal, alpha 255), per column and with one factor, on rows of
 * every length and alignment; a clipped left edge must shift the factors. */
static void test_shade(void)
{
    static uint32_t d_px[64 * 8], orig[64 * 8];
    static shade_t keep[64];
    unsigned x = 7;
    for (int round = 0; round < 400; round++) {
        for (int i = 0; i < 64 * 8; i++) {
            x = x * 1103515245u + 12345u;
            orig[i] = d_px[i] = x ^ (x >> 13);
        }
        for (int i = 0; i < 64; i++)
            keep[i] = shade_factor((uint32_t)(round * 37 + i * 11) & 255);
        bool per_column = round % 2;
        int off = round % 9 - 4, w = 1 + round % 60;
        struct surface dst = {d_px, 64, 8, 64};
        struct rect r = {off, 1, w, 5};
        pixels_shade(&dst, r, keep, per_column);
        for (int y = 0; y < 8; y++)
            for (int xx = 0; xx < 64; xx++) {
                int i = y * 64 + xx;
                uint32_t want = orig[i];
                if (rect_contains_point(r, xx, y)) {
                    uint32_t k = (uint32_t)(keep[per_column ? xx - off : 0] & 255);
                    want = (pixel_over((255 - k) << 24, orig[i]) & 0x00FFFFFFu) | 0xFF000000u;
                }
                if (d_px[i] != want) {
                    fail("pixels_shade differs from pixel_over of black");
                    return;
                }
            }
    }
}

/* Copies of every length 0..70 at every alignment of both ends. */
static void test_copy_rows(void)
{
    static uint32_t s_px[80], d_px[96];
    for (int i = 0; i < 80; i++)
        s_px[i] = 0x01000000u * (uint32_t)i + 0x00ABCDEFu;
    struct surface src = {s_px, 80, 1, 80};
    for (int n = 0; n <= 70; n++)
        for (int so = 0; so < 3; so++)
            for (int dof = 0; dof < 3; dof++) {
                for (int i = 0; i < 96; i++)
                    d_px[i] = WALL;
                struct surface dst = {d_px, 96, 1, 96};
                pixels_copy(&dst, (struct rect){dof, 0, n, 1}, &src, dof - so, 0);
                for (int i = 0; i < 96; i++) {
                    uint32_t want = i >= dof && i < dof + n ? s_px[i - dof + so] : WALL;
                    if (d_px[i] != want) {
                        fail("a copied row is wrong or wrote past its ends");
                        return;
                    }
                }
            }
    /* Whole rows of equal strides go as one block. */
    static uint32_t block[7 * 5];
    struct surface whole = {s_px, 7, 5, 7}, out = {block, 7, 5, 7};
    pixels_copy(&out, (struct rect){0, 0, 7, 5}, &whole, 0, 0);
    if (memcmp(block, s_px, sizeof block))
        fail("a block copy of whole rows differs");
}

int main(void)
{
    test_over_exhaustive();
    test_blend_rows();
    test_shade();
    test_copy_rows();
    test_clipping();
    if (fails) {
        printf("FAIL: %d problems\n", fails);
        return 1;
    }
    printf("PASS: OVER and shade exact for every alpha/channel pair tried; copies of every length; "
           "no write outside a surface\n");
    return 0;
}
