/* Host unit test of Orbital's rectangles and regions (ORBU0001): random
 * adds, subtracts and clips checked pixel by pixel against a plain bitmap,
 * plus the invariants (disjoint rectangles, superset only when not exact),
 * and the loose add damage uses (a superset, fewer rectangles). */
#include "../src/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 96
#define H 72

static unsigned char model[H][W];
static unsigned rng = 12345;

static int rnd(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 8) % (unsigned)n);
}

static struct rect random_rect(void)
{
    /* Sometimes off the edges or empty, as real damage can be. */
    return (struct rect){rnd(W + 20) - 10, rnd(H + 20) - 10, rnd(40) - 2, rnd(30) - 2};
}

static void model_set(struct rect r, int value)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            if (rect_contains_point(r, x, y))
                model[y][x] = (unsigned char)value;
}

static int fails, exact_checks;

static void fail(int step, const char *what)
{
    if (fails++ < 10)
        printf("step %d: %s\n", step, what);
}

static void check(const struct region *r, int step)
{
    struct rect screen = {0, 0, W, H};
    exact_checks += r->exact;
    for (int i = 0; i < r->count; i++) {
        if (rect_empty(r->rects[i]))
            fail(step, "an empty rectangle is kept");
        for (int j = i + 1; j < r->count; j++)
            if (!rect_empty(rect_intersect(r->rects[i], r->rects[j])))
                fail(step, "two rectangles overlap");
    }
    long inside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int in = region_contains_point(r, x, y);
            inside += in;
            if (model[y][x] && !in)
                fail(step, "a pixel of the model is missing");
            if (!model[y][x] && in && r->exact)
                fail(step, "an exact region holds a pixel the model does not");
        }
    struct region clipped = *r;
    region_intersect(&clipped, screen);
    if (region_area(&clipped) != inside)
        fail(step, "the area does not match the pixels counted");
}

/* Two overlapping cursor rectangles become their box; far apart they stay two. */
static void test_loose(void)
{
    struct region r;
    region_clear(&r);
    region_add_loose(&r, (struct rect){10, 10, 16, 24});
    region_add_loose(&r, (struct rect){17, 13, 16, 24});
    if (r.count != 1 || r.rects[0].x != 10 || r.rects[0].w != 23 || r.rects[0].h != 27)
        fail(0, "a small cursor move is not one box");
    region_add_loose(&r, (struct rect){60, 40, 16, 24});
    if (r.count != 2)
        fail(0, "a rectangle apart was merged");
}

static void test_subtract_pieces(void)
{
    struct rect a = {0, 0, 10, 10}, out[4];
    if (rect_subtract(a, (struct rect){3, 3, 4, 4}, out) != 4)
        fail(0, "a hole in the middle gives 4 pieces");
    if (rect_subtract(a, (struct rect){-5, -5, 30, 30}, out) != 0)
        fail(0, "a cover gives no pieces");
    if (rect_subtract(a, (struct rect){20, 20, 3, 3}, out) != 1 || out[0].w != 10)
        fail(0, "a miss gives the rectangle back");
}

int main(void)
{
    test_subtract_pieces();
    test_loose();
    for (int round = 0; round < 200; round++) {
        struct region r;
        region_clear(&r);
        memset(model, 0, sizeof model);
        for (int step = 0; step < 60; step++) {
            struct rect x = random_rect();
            int op = rnd(10);
            if (op < 2) {
                region_add_loose(&r, x);
                model_set(x, 1);
            } else if (op < 6) {
                region_add(&r, x);
                model_set(x, 1);
            } else if (op < 9) {
                region_subtract(&r, x); /* a superset when it could not be exact */
                model_set(x, 0);
            } else {
                struct rect keep = random_rect();
                region_intersect(&r, keep);
                for (int y = 0; y < H; y++)
                    for (int xx = 0; xx < W; xx++)
                        if (!rect_contains_point(keep, xx, y))
                            model[y][xx] = 0;
            }
            check(&r, round * 100 + step);
        }
    }
    if (fails) {
        printf("FAIL: %d problems\n", fails);
        return 1;
    }
    if (exact_checks < 6000)
        fail(0, "fewer than half the checks saw an exact region: the test lost its edge");
    if (fails) {
        printf("FAIL: %d problems\n", fails);
        return 1;
    }
    printf("PASS: 12000 random region operations match the bitmap model (%d exact)\n",
           exact_checks);
    return 0;
}
