/* Orbital's compositor (scene.h): clip each layer to the damage minus the
 * opaque parts above it, then paint bottom to top. Opaque pixels are copied
 * (the frame where the window says it is solid, opaque content, the
 * wallpaper); a shadow darkens what lies below with per-column factors
 * (pixels_shade) and skips what the window itself covers. */
#include "scene.h"

#define SHADOW_ALPHA 72 /* at the frame's edge; it fades to 0 outwards */

struct rect scene_shadow_extent(struct rect frame, int shadow)
{
    /* The shadow's body is the frame moved down by shadow / 2 (the light
     * comes from above); the shadow reaches `shadow` pixels around it. */
    int up = shadow - shadow / 2;
    return (struct rect){frame.x - shadow, frame.y - up, frame.w + 2 * shadow,
                         frame.h + 2 * shadow};
}

struct rect scene_window_extent(const struct scene_window *w)
{
    return scene_shadow_extent(w->frame, w->shadow);
}

struct rect scene_cursor_rect(const struct scene *s)
{
    if (!s->cursor_visible || !s->cursor_px)
        return (struct rect){0, 0, 0, 0};
    return (struct rect){s->cursor_x - s->cursor_hot_x, s->cursor_y - s->cursor_hot_y,
                         s->cursor_px->width, s->cursor_px->height};
}

static void count(struct compose_stats *stats, struct rect r)
{
    if (stats && !rect_empty(r))
        stats->pixels_written += (long)r.w * r.h;
}

/* count of a's overlap with b, computed only when there are stats. */
static void count_in(struct compose_stats *stats, struct rect a, struct rect b)
{
    if (stats)
        count(stats, rect_intersect(a, b));
}

/* The shadow of a window of shadow size s lies around its body: the frame
 * moved down by s / 2 (the light comes from above). A pixel at Chebyshev
 * distance d (1..s) outside the body gets alpha SHADOW_ALPHA * (s - d + 1)^2
 * / s^2; under the body, where the frame does not cover it (the strip below
 * the frame, translucent corners), SHADOW_ALPHA. The factors depend only on
 * s, so they are kept for the last size used. */
struct shadow_profile {
    int size;
    int reach; /* the largest d whose alpha is above 0 (rows further out are skipped) */
    shade_t keep[SCENE_SHADOW_MAX + 1]; /* by d; [0]: under the body */
    /* The s columns left of the body (outermost first) and right of it
     * (innermost first), for each dy: row [0] serves the rows beside the
     * body, row [dy] those dy above or below it (d = max(dx, dy)). */
    shade_t left[SCENE_SHADOW_MAX + 1][SCENE_SHADOW_MAX];
    shade_t right[SCENE_SHADOW_MAX + 1][SCENE_SHADOW_MAX];
};

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static const struct shadow_profile *shadow_profile(int s)
{
    static struct shadow_profile p;
    if (p.size == s)
        return &p;
    p.size = s;
    p.reach = 0;
    p.keep[0] = shade_factor(255 - SHADOW_ALPHA);
    for (int d = 1; d <= s; d++) {
        int fade = s - d + 1;
        uint32_t alpha = (uint32_t)(SHADOW_ALPHA * fade * fade / (s * s));
        p.keep[d] = shade_factor(255u - alpha);
        if (alpha)
            p.reach = d;
    }
    for (int dy = 0; dy <= s; dy++)
        for (int i = 0; i < s; i++) {
            p.left[dy][i] = p.keep[max_int(s - i, dy)];
            p.right[dy][i] = p.keep[max_int(i + 1, dy)];
        }
    return &p;
}

/* Rows of r at vertical distance dy (> 0) above or below the body: the
 * corners by their row of the profile, the middle with one factor. */
static void shade_band_row(const struct shadow_profile *p, struct rect body, struct rect r, int dy,
                           struct surface *target)
{
    int x = r.x, end = rect_right(r), right = rect_right(body);
    int left_end = end < body.x ? end : body.x;
    if (left_end > x) {
        pixels_shade(target, (struct rect){x, r.y, left_end - x, r.h},
                     &p->left[dy][x - (body.x - p->size)], true);
        x = left_end;
    }
    int mid_end = end < right ? end : right;
    if (mid_end > x) {
        pixels_shade(target, (struct rect){x, r.y, mid_end - x, r.h}, &p->keep[dy], false);
        x = mid_end;
    }
    if (end > x)
        pixels_shade(target, (struct rect){x, r.y, end - x, r.h}, &p->right[dy][x - right], true);
}

/* Rows of r beside the body (dy = 0): the columns left and right of it by
 * the fixed profiles, under it the solid shadow below the frame. */
static void shade_side_rows(const struct shadow_profile *p, const struct scene_window *w,
                            struct rect body, struct rect r, struct surface *target)
{
    int s = p->size;
    struct rect left = rect_intersect(r, (struct rect){body.x - s, r.y, s, r.h});
    if (!rect_empty(left))
        pixels_shade(target, left, &p->left[0][left.x - (body.x - s)], true);
    struct rect right = rect_intersect(r, (struct rect){rect_right(body), r.y, s, r.h});
    if (!rect_empty(right))
        pixels_shade(target, right, &p->right[0][right.x - rect_right(body)], true);
    struct rect below = {body.x, rect_bottom(w->frame), body.w,
                         rect_bottom(body) - rect_bottom(w->frame)};
    struct rect under = rect_intersect(r, below);
    if (!rect_empty(under))
        pixels_shade(target, under, &p->keep[0], false);
}

/* The shadow inside one rectangle r of the extent: the bands above and
 * below the body row by row, the rows beside it as one block. */
static void shade_rect(const struct shadow_profile *p, const struct scene_window *w,
                       struct rect body, struct rect r, struct surface *target)
{
    int y = r.y, end = rect_bottom(r);
    for (; y < end && y < body.y; y++)
        shade_band_row(p, body, (struct rect){r.x, y, r.w, 1}, body.y - y, target);
    int side_end = end < rect_bottom(body) ? end : rect_bottom(body);
    if (side_end > y)
        shade_side_rows(p, w, body, (struct rect){r.x, y, r.w, side_end - y}, target);
    for (y = max_int(y, side_end); y < end; y++)
        shade_band_row(p, body, (struct rect){r.x, y, r.w, 1}, y - rect_bottom(body) + 1, target);
}

/* The shadow within clip, except where the window's own opaque pixels will
 * cover it anyway. */
static void draw_shadow(const struct scene_window *w, struct rect clip, struct surface *target,
                        struct compose_stats *stats)
{
    int s = w->shadow < SCENE_SHADOW_MAX ? w->shadow : SCENE_SHADOW_MAX;
    const struct shadow_profile *p = shadow_profile(s);
    struct rect body = w->frame;
    body.y += s / 2;
    /* Rows further than p->reach have alpha 0: not visited. */
    struct rect reach = {body.x - s, body.y - p->reach, body.w + 2 * s, body.h + 2 * p->reach};
    struct region todo;
    region_clear(&todo);
    region_add(&todo, rect_intersect(rect_intersect(clip, reach),
                                     (struct rect){0, 0, target->width, target->height}));
    for (int k = 0; k < w->opaque.count && todo.count; k++)
        region_subtract(&todo, w->opaque.rects[k]);
    for (int k = 0; k < todo.count; k++) {
        shade_rect(p, w, body, todo.rects[k], target);
        count(stats, todo.rects[k]);
    }
}

/* The frame around the content within r: copied where the window says it
 * is opaque, blended elsewhere (its translucent corners). */
static void draw_frame_part(const struct scene_window *w, struct rect r, struct surface *target,
                            struct compose_stats *stats)
{
    struct region rest;
    region_clear(&rest);
    region_add(&rest, r);
    for (int k = 0; k < w->opaque.count && rest.count; k++) {
        struct rect o = w->opaque.rects[k];
        struct rect c = rect_intersect(r, o);
        if (rect_empty(c))
            continue;
        pixels_copy(target, c, w->frame_px, w->frame.x, w->frame.y);
        region_subtract(&rest, o);
    }
    for (int k = 0; k < rest.count; k++)
        pixels_blend(target, rest.rects[k], w->frame_px, w->frame.x, w->frame.y);
    count_in(stats, r,
             (struct rect){w->frame.x, w->frame.y, w->frame_px->width, w->frame_px->height});
}

static void draw_window(const struct scene_window *w, struct rect clip, struct surface *target,
                        struct compose_stats *stats)
{
    struct rect screen = {0, 0, target->width, target->height};
    if (w->shadow > 0)
        draw_shadow(w, clip, target, stats);
    if (w->frame_px) {
        /* Only the frame around the content: the content covers the rest. */
        struct rect parts[4];
        int n = rect_subtract(w->frame, w->content, parts);
        for (int i = 0; i < n; i++) {
            struct rect r = rect_intersect(rect_intersect(parts[i], clip), screen);
            if (!rect_empty(r))
                draw_frame_part(w, r, target, stats);
        }
    }
    struct rect r = rect_intersect(rect_intersect(w->content, clip), screen);
    if (rect_empty(r))
        return;
    if (!w->content_px) {
        pixels_fill(target, r, w->content_fill);
        count(stats, r);
        return;
    }
    if (w->content_alpha)
        pixels_blend(target, r, w->content_px, w->content.x, w->content.y);
    else
        pixels_copy(target, r, w->content_px, w->content.x, w->content.y);
    count_in(
        stats, r,
        (struct rect){w->content.x, w->content.y, w->content_px->width, w->content_px->height});
}

void scene_compose(const struct scene *s, const struct region *damage, struct surface *target,
                   struct compose_stats *stats)
{
    struct rect screen = {0, 0, target->width, target->height};
    /* clips[i]: where window i may paint — the damage minus every opaque
     * region above it; `open` ends as what the wallpaper shows. */
    static struct region clips[SCENE_WINDOWS_MAX];
    struct region open;
    region_copy(&open, damage);
    region_intersect(&open, screen);
    struct rect bounds = region_bounds(&open); /* it only shrinks from here */
    for (int i = s->count - 1; i >= 0; i--) {
        const struct scene_window *w = s->stack[i];
        region_clear(&clips[i]);
        struct rect extent = scene_window_extent(w);
        if (!w->visible || rect_empty(rect_intersect(extent, bounds)))
            continue;
        for (int k = 0; k < open.count; k++) {
            struct rect c = rect_intersect(open.rects[k], extent);
            if (!rect_empty(c))
                clips[i].rects[clips[i].count++] = c;
        }
        for (int k = 0; k < w->opaque.count; k++)
            if (!rect_empty(rect_intersect(w->opaque.rects[k], bounds)))
                region_subtract(&open, w->opaque.rects[k]);
    }
    for (int k = 0; k < open.count; k++) {
        pixels_copy(target, open.rects[k], &s->wallpaper, 0, 0);
        count_in(stats, open.rects[k], screen);
    }
    for (int i = 0; i < s->count; i++)
        for (int k = 0; k < clips[i].count; k++)
            draw_window(s->stack[i], clips[i].rects[k], target, stats);
    struct rect cursor = scene_cursor_rect(s);
    for (int k = 0; k < damage->count && !rect_empty(cursor); k++) {
        struct rect r = rect_intersect(rect_intersect(damage->rects[k], cursor), screen);
        pixels_blend(target, r, s->cursor_px, cursor.x, cursor.y);
        count(stats, r);
    }
}
