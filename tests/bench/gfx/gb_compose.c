/* gfxbench's compositor figures (Cobalt only): musl's memcpy of a
 * 1024x768x4 frame, Orbital's scene_compose (orbital/src/scene.c, compiled in)
 * recomposing the whole screen of a fixed scene (a wallpaper, three
 * overlapping opaque windows with frames and shadows, a cursor) into a RAM
 * target, and the redraw a cursor move damages (old and new cursor
 * rectangles). */
#include "gb_compose.h"

#include "gb.h"
#include "scene.h"

#include <stdlib.h>
#include <string.h>

#define W  1024
#define H  768
#define NW 3

static uint32_t *wall, *target, *frames[NW], *contents[NW];
static uint32_t cursor_px[16 * 24];
static struct surface frame_s[NW], content_s[NW], cursor_s;
static struct scene_window windows[NW];
static struct scene scene;

static const struct rect frames_at[NW] = {
    {60, 40, 560, 420}, {300, 180, 600, 450}, {150, 330, 420, 360}};

#define BORDER 4
#define TITLE  28

static int build_window(int i)
{
    struct scene_window *w = &windows[i];
    struct rect f = frames_at[i];
    frames[i] = malloc((size_t)f.w * (size_t)f.h * 4);
    contents[i] = malloc((size_t)f.w * (size_t)f.h * 4);
    if (!frames[i] || !contents[i])
        return -1;
    memset(w, 0, sizeof *w);
    w->visible = true;
    w->frame = f;
    w->content = (struct rect){f.x + BORDER, f.y + TITLE, f.w - 2 * BORDER, f.h - TITLE - BORDER};
    w->shadow = 12;
    uint32_t colour = i == NW - 1 ? 0xFF3A5F8Fu : 0xFF6A6A70u;
    for (int p = 0; p < f.w * f.h; p++)
        frames[i][p] = colour;
    frame_s[i] = (struct surface){frames[i], f.w, f.h, f.w};
    w->frame_px = &frame_s[i];
    int cw = w->content.w, ch = w->content.h;
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++)
            contents[i][y * cw + x] = 0xFF000000u | (uint32_t)((x * 3 + i * 40) & 255) << 16 |
                                      (uint32_t)(y & 255) << 8 | (uint32_t)((x + y) & 255);
    content_s[i] = (struct surface){contents[i], cw, ch, cw};
    w->content_px = &content_s[i];
    region_clear(&w->opaque);
    region_add(&w->opaque, f);
    scene.stack[i] = w;
    return 0;
}

static int build_scene(void)
{
    wall = malloc((size_t)W * H * 4);
    target = malloc((size_t)W * H * 4);
    if (!wall || !target)
        return -1;
    memset(&scene, 0, sizeof scene);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            wall[y * W + x] = 0xFF000000u | (uint32_t)(y * 255 / H) << 8 | (uint32_t)(x * 255 / W);
    scene.wallpaper = (struct surface){wall, W, H, W};
    scene.count = NW;
    for (int i = 0; i < NW; i++)
        if (build_window(i) != 0)
            return -1;
    /* An arrow-ish cursor: opaque body, translucent edge, transparent rest. */
    for (int y = 0; y < 24; y++)
        for (int x = 0; x < 16; x++)
            cursor_px[y * 16 + x] = x < y * 2 / 3 ? 0xFF000000u : x == y * 2 / 3 ? 0x80808080u : 0;
    cursor_s = (struct surface){cursor_px, 16, 24, 16};
    scene.cursor_visible = true;
    scene.cursor_px = &cursor_s;
    scene.cursor_x = 500;
    scene.cursor_y = 300;
    return 0;
}

/* memcpy of one frame, `copies` times. */
static __attribute__((noinline)) void bench_memcpy(int copies)
{
    for (int i = 0; i < copies; i++)
        memcpy(target, wall, (size_t)W * H * 4);
}

void gb_compose_full(struct surface *t)
{
    struct region all;
    region_clear(&all);
    region_add(&all, (struct rect){0, 0, W, H});
    scene_compose(&scene, &all, t, NULL);
}

/* The whole screen recomposed `frames` times. */
static __attribute__((noinline)) void bench_full(struct surface *t, int frames)
{
    for (int i = 0; i < frames; i++)
        gb_compose_full(t);
}

/* One cursor move: the old and the new rectangle recomposed. */
static __attribute__((noinline)) void cursor_move(struct surface *t, int i)
{
    struct region damage;
    region_clear(&damage);
    region_add_loose(&damage, scene_cursor_rect(&scene)); /* as Orbital collects damage */
    scene.cursor_x = 100 + (i * 7) % 800;
    scene.cursor_y = 100 + (i * 3) % 560;
    region_add_loose(&damage, scene_cursor_rect(&scene));
    scene_compose(&scene, &damage, t, NULL);
}

int gb_compose_scene(void)
{
    static int built;
    if (!built && build_scene() != 0)
        return -1;
    built = 1;
    return 0;
}

void gb_bench_compose(void)
{
    if (gb_compose_scene() != 0)
        return gb_error("out of memory for the scene");
    struct surface t = {target, W, H, W};
    bench_memcpy(1);
    uint64_t t0 = gb_now();
    const int copies = 10;
    bench_memcpy(copies);
    gb_report("memcpy_1024x768", gb_now() - t0, copies);
    bench_full(&t, 1);
    const int full = 5;
    t0 = gb_now();
    bench_full(&t, full);
    gb_report("composite_full_1024x768", gb_now() - t0, full);
    const int moves = 2000;
    uint64_t total = 0;
    for (int i = 0; i < moves + 10; i++) {
        uint64_t m0 = gb_now();
        cursor_move(&t, i);
        if (i >= 10)
            total += gb_now() - m0;
    }
    gb_report("cursor_move_redraw", total, moves);
}
