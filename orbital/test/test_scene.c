/* Host unit test of Orbital's compositor (ORBU0003): random scenes of
 * windows (opaque and translucent content, frames with translucent corners,
 * shadows, a cursor) composed with occlusion and partial damage must give
 * exactly the picture of a plain painter's pass (every layer drawn whole,
 * bottom to top), a covered window's pixels must never be written, and a
 * window's shadow must be the documented falloff (scene.c), pixel by pixel. */
#include "../src/scene.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SW 160
#define SH 120
#define NW 6

static unsigned rng = 777;
static int fails;

static int rnd(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 8) % (unsigned)n);
}

static void fail(const char *what)
{
    if (fails++ < 10)
        printf("%s\n", what);
}

static uint32_t random_premultiplied(void)
{
    uint32_t a = (uint32_t)rnd(4) == 0 ? 255 : (uint32_t)rnd(256);
    uint32_t r = (uint32_t)rnd((int)a + 1), g = (uint32_t)rnd((int)a + 1),
             b = (uint32_t)rnd((int)a + 1);
    return a << 24 | r << 16 | g << 8 | b;
}

static uint32_t wall_px[SW * SH], frame_px[NW][SW * SH], content_px[NW][SW * SH];
static uint32_t cursor_px[12 * 16];
static struct surface frame_s[NW], content_s[NW], cursor_s;
static struct scene_window windows[NW];

static void random_window(int i, struct scene *s)
{
    struct scene_window *w = &windows[i];
    memset(w, 0, sizeof *w);
    w->visible = rnd(8) != 0;
    w->frame = (struct rect){rnd(SW) - 30, rnd(SH) - 20, 20 + rnd(90), 20 + rnd(70)};
    int border = rnd(2) ? 3 : 0, title = border ? 8 : 0;
    w->content = (struct rect){w->frame.x + border, w->frame.y + title, w->frame.w - 2 * border,
                               w->frame.h - title - border};
    w->shadow = rnd(3) ? rnd(9) : 0;
    region_clear(&w->opaque);
    if (border) {
        frame_s[i] = (struct surface){frame_px[i], w->frame.w, w->frame.h, w->frame.w};
        uint32_t colour = 0xFF000000u | (uint32_t)rnd(1 << 24);
        for (int p = 0; p < w->frame.w * w->frame.h; p++)
            frame_px[i][p] = colour;
        /* Rounded-ish corners: the two top corner pixels translucent. */
        frame_px[i][0] = frame_px[i][w->frame.w - 1] = 0x40202020u;
        w->frame_px = &frame_s[i];
        region_add(&w->opaque, (struct rect){w->frame.x + 1, w->frame.y, w->frame.w - 2, 1});
        region_add(&w->opaque,
                   (struct rect){w->frame.x, w->frame.y + 1, w->frame.w, w->frame.h - 1});
    }
    w->content_alpha = rnd(3) == 0;
    if (rnd(6) == 0) {
        w->content_px = NULL;
        w->content_fill = 0x00FFFFFFu & (uint32_t)rnd(1 << 24);
    } else {
        int cw = w->content.w + rnd(3) - 1, ch = w->content.h + rnd(3) - 1; /* a stale size */
        content_s[i] = (struct surface){content_px[i], cw, ch, cw};
        for (int p = 0; p < cw * ch; p++)
            content_px[i][p] = w->content_alpha ? random_premultiplied() : (uint32_t)rnd(1 << 24);
        w->content_px = &content_s[i];
    }
    if (!w->content_alpha && !border && w->content_px && w->content_px->width >= w->content.w &&
        w->content_px->height >= w->content.h)
        region_add(&w->opaque, w->content);
    else if (!w->content_alpha && border && w->content_px && w->content_px->width >= w->content.w &&
             w->content_px->height >= w->content.h)
        ;            /* the frame's opaque region already covers the content */
    else if (border) /* translucent or short content shows what lies below */
        region_subtract(&w->opaque, w->content);
    s->stack[i] = w;
}

static void random_scene(struct scene *s)
{
    memset(s, 0, sizeof *s);
    for (int p = 0; p < SW * SH; p++)
        wall_px[p] = 0xFF000000u | (uint32_t)(p * 2654435761u >> 8);
    s->wallpaper = (struct surface){wall_px, SW, SH, SW};
    s->count = 1 + rnd(NW);
    for (int i = 0; i < s->count; i++)
        random_window(i, s);
    for (int p = 0; p < 12 * 16; p++)
        cursor_px[p] = random_premultiplied();
    cursor_s = (struct surface){cursor_px, 12, 16, 12};
    s->cursor_visible = rnd(2);
    s->cursor_px = &cursor_s;
    s->cursor_x = rnd(SW);
    s->cursor_y = rnd(SH);
    s->cursor_hot_x = 2;
    s->cursor_hot_y = 1;
}

/* The painter's picture: the same scene with every opaque region emptied, so
 * nothing is culled, composed over the whole screen. */
static void reference(const struct scene *s, uint32_t *out)
{
    static struct scene_window copies[NW];
    struct scene plain = *s;
    for (int i = 0; i < s->count; i++) {
        copies[i] = *s->stack[i];
        region_clear(&copies[i].opaque);
        plain.stack[i] = &copies[i];
    }
    struct surface t = {out, SW, SH, SW};
    struct region all;
    region_clear(&all);
    region_add(&all, (struct rect){0, 0, SW, SH});
    scene_compose(&plain, &all, &t, NULL);
}

static uint32_t got[SW * SH], want[SW * SH], before[SW * SH];

static void test_full_damage(void)
{
    struct scene s;
    random_scene(&s);
    reference(&s, want);
    memset(got, 0x77, sizeof got);
    struct surface t = {got, SW, SH, SW};
    struct region all;
    region_clear(&all);
    region_add(&all, (struct rect){-5, -5, SW + 10, SH + 10});
    scene_compose(&s, &all, &t, NULL);
    if (memcmp(got, want, sizeof got))
        fail("full damage with culling differs from the painter's picture");
}

static void test_partial_damage(void)
{
    struct scene s;
    random_scene(&s);
    reference(&s, before);
    /* Move one window; the damage is where it was and where it is. */
    int i = rnd(s.count);
    struct region damage;
    region_clear(&damage);
    region_add(&damage, scene_window_extent(&windows[i]));
    int dx = rnd(41) - 20, dy = rnd(31) - 15;
    windows[i].frame.x += dx, windows[i].frame.y += dy;
    windows[i].content.x += dx, windows[i].content.y += dy;
    region_translate(&windows[i].opaque, dx, dy);
    region_add(&damage, scene_window_extent(&windows[i]));
    for (int k = rnd(3); k > 0; k--)
        region_add(&damage, (struct rect){rnd(SW), rnd(SH), rnd(40), rnd(40)});
    reference(&s, want);
    memcpy(got, before, sizeof got);
    struct surface t = {got, SW, SH, SW};
    scene_compose(&s, &damage, &t, NULL);
    if (memcmp(got, want, sizeof got))
        fail("recomposing the damage of a move differs from the painter's picture");
}

static void test_no_overdraw(void)
{
    struct scene s;
    random_scene(&s);
    /* One opaque window over the whole screen on top: only it is drawn. */
    struct scene_window *top = &windows[NW - 1];
    memset(top, 0, sizeof *top);
    top->visible = true;
    top->frame = top->content = (struct rect){0, 0, SW, SH};
    top->content_fill = 0x123456;
    region_clear(&top->opaque);
    region_add(&top->opaque, top->content);
    s.stack[s.count++] = top;
    s.cursor_visible = false;
    struct region damage;
    region_clear(&damage);
    region_add(&damage, (struct rect){10, 10, 50, 40});
    region_add(&damage, (struct rect){100, 60, 30, 30});
    struct surface t = {got, SW, SH, SW};
    struct compose_stats st = {0};
    scene_compose(&s, &damage, &t, &st);
    if (st.pixels_written != region_area(&damage))
        fail("pixels under an opaque window were drawn (or damage was missed)");
}

/* Chebyshev distance of (x, y) from b, 0 inside. */
static int distance(struct rect b, int x, int y)
{
    int dx = x < b.x ? b.x - x : x >= rect_right(b) ? x - rect_right(b) + 1 : 0;
    int dy = y < b.y ? b.y - y : y >= rect_bottom(b) ? y - rect_bottom(b) + 1 : 0;
    return dx > dy ? dx : dy;
}

/* One opaque window over a random wallpaper, whole-screen damage: every
 * pixel outside the frame is the wallpaper shaded by the falloff of its
 * distance from the shadow's body (the frame moved down by s / 2). */
static void test_shadow_falloff(void)
{
    struct scene s;
    memset(&s, 0, sizeof s);
    for (int p = 0; p < SW * SH; p++)
        wall_px[p] = 0xFF000000u | (uint32_t)rnd(1 << 24);
    s.wallpaper = (struct surface){wall_px, SW, SH, SW};
    struct scene_window *w = &windows[0];
    memset(w, 0, sizeof *w);
    w->visible = true;
    w->shadow = 1 + rnd(20);
    w->frame = w->content = (struct rect){rnd(SW) - 20, rnd(SH) - 20, 10 + rnd(80), 10 + rnd(60)};
    w->content_fill = 0x445566;
    region_add(&w->opaque, w->frame);
    s.stack[0] = w;
    s.count = 1;
    struct surface t = {got, SW, SH, SW};
    struct region all;
    region_clear(&all);
    region_add(&all, (struct rect){0, 0, SW, SH});
    scene_compose(&s, &all, &t, NULL);
    int sz = w->shadow;
    struct rect body = w->frame, extent = scene_window_extent(w);
    body.y += sz / 2;
    for (int y = 0; y < SH; y++)
        for (int x = 0; x < SW; x++) {
            uint32_t want = wall_px[y * SW + x];
            int d = distance(body, x, y);
            if (rect_contains_point(w->frame, x, y))
                want = 0xFF445566u;
            else if (d <= sz) { /* all of it: no hard edge where the extent ends */
                if (!rect_contains_point(extent, x, y)) {
                    fail("the window's extent does not hold all of its shadow");
                    return;
                }
                int fade = sz - d + 1;
                uint32_t a = d == 0 ? 72u : (uint32_t)(72 * fade * fade / (sz * sz));
                want = pixel_over(a << 24, want);
            }
            if ((got[y * SW + x] & 0xFFFFFF) != (want & 0xFFFFFF)) {
                fail("a shadow pixel is not the documented falloff");
                return;
            }
        }
}

int main(void)
{
    for (int round = 0; round < 300; round++) {
        test_full_damage();
        test_partial_damage();
        test_no_overdraw();
        test_shadow_falloff();
    }
    if (fails) {
        printf("FAIL: %d problems\n", fails);
        return 1;
    }
    printf("PASS: 300 random scenes x 4: culled, damaged composition equals the painter's; "
           "shadows follow the falloff\n");
    return 0;
}
