/* Host-native benchmark of Orbital's pixel loops against pixman and memcpy
 * in the same run (./build.sh bench prints these figures): a 1024x768 frame
 * copied (memcpy, pixman SRC, pixels_copy) and blended OVER (pixman
 * a8r8g8b8 onto x8r8g8b8, pixels_blend) from a source with the alpha mix of
 * a window with a shadow: opaque, transparent and translucent pixels. Each
 * figure is the fastest of several runs, in host nanoseconds per frame. */
#define _POSIX_C_SOURCE 200809L
#include "../src/pixels.h"

#include <pixman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W    1024
#define H    768
#define RUNS 15

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint32_t *src, *dst;

static void fill_source(void)
{
    uint32_t x = 2463534242u;
    for (int i = 0; i < W * H; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        uint32_t kind = x & 3, a = kind == 0 ? 0 : kind == 1 ? (x >> 8) & 255 : 255;
        uint32_t r = ((x >> 16) & 255) * a / 255, g = ((x >> 24) & 255) * a / 255, b = a / 2;
        src[i] = a << 24 | r << 16 | g << 8 | b;
    }
}

static void reset_dst(void)
{
    for (int i = 0; i < W * H; i++)
        dst[i] = 0xFF000000u | (uint32_t)(i * 2654435761u >> 8);
}

typedef void (*op_fn)(void);

static pixman_image_t *psrc, *pdst;
static struct surface ssrc, sdst;

static void op_memcpy(void)
{
    memcpy(dst, src, (size_t)W * H * 4);
}

static void op_pixman_src(void)
{
    pixman_image_composite32(PIXMAN_OP_SRC, psrc, NULL, pdst, 0, 0, 0, 0, 0, 0, W, H);
}

static void op_copy(void)
{
    pixels_copy(&sdst, (struct rect){0, 0, W, H}, &ssrc, 0, 0);
}

static void op_pixman_over(void)
{
    pixman_image_composite32(PIXMAN_OP_OVER, psrc, NULL, pdst, 0, 0, 0, 0, 0, 0, W, H);
}

static void op_blend(void)
{
    pixels_blend(&sdst, (struct rect){0, 0, W, H}, &ssrc, 0, 0);
}

static uint64_t best(op_fn op)
{
    uint64_t fastest = ~0ull;
    for (int r = 0; r < RUNS; r++) {
        reset_dst();
        uint64_t t0 = now_ns();
        op();
        uint64_t t = now_ns() - t0;
        if (t < fastest)
            fastest = t;
    }
    return fastest;
}

int main(void)
{
    src = aligned_alloc(64, (size_t)W * H * 4);
    dst = aligned_alloc(64, (size_t)W * H * 4);
    if (!src || !dst)
        return 1;
    fill_source();
    psrc = pixman_image_create_bits(PIXMAN_a8r8g8b8, W, H, src, W * 4);
    pdst = pixman_image_create_bits(PIXMAN_x8r8g8b8, W, H, dst, W * 4);
    ssrc = (struct surface){src, W, H, W};
    sdst = (struct surface){dst, W, H, W};
    uint64_t mc = best(op_memcpy), ps = best(op_pixman_src), cp = best(op_copy);
    uint64_t po = best(op_pixman_over), bl = best(op_blend);
    printf("BENCH host_memcpy_1024x768 %llu ns\n", (unsigned long long)mc);
    printf("BENCH host_pixman_src_1024x768 %llu ns\n", (unsigned long long)ps);
    printf("BENCH host_orbital_copy_1024x768 %llu ns\n", (unsigned long long)cp);
    printf("BENCH host_pixman_over_1024x768 %llu ns\n", (unsigned long long)po);
    printf("BENCH host_orbital_blend_1024x768 %llu ns\n", (unsigned long long)bl);
    printf("BENCH ratio_host_blend_vs_pixman %.3f x\n", (double)bl / (double)po);
    printf("BENCH ratio_host_copy_vs_memcpy %.3f x\n", (double)cp / (double)mc);
    pixman_image_unref(psrc);
    pixman_image_unref(pdst);
    free(src);
    free(dst);
    return 0;
}
