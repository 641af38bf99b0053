/* Orbital's compositor (scene.h): clip each layer to the damage minus the
 * opaque parts above it, then paint bottom to top. */
#include "scene.h"

#define SHADOW_ALPHA 72 /* at the frame's edge; it fades to 0 outwards */

struct rect scene_window_extent(const struct scene_window *w)
{
    struct rect e = w->frame;
    e.x -= w->shadow;
    e.y -= w->shadow / 2; /* the light comes from above: less shadow on top */
    e.w += 2 * w->shadow;
    e.h += w->shadow + w->shadow / 2;
    return e;
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

/* The ring k pixels out from the frame: shadow alpha falls off with the
 * square of the distance. */
static void draw_shadow(const struct scene_window *w, struct rect clip, struct surface *target,
                        struct compose_stats *stats)
{
    int s = w->shadow;
    struct rect body = w->frame;
    body.y += s / 2; /* the shadow's own rectangle sits lower than the frame */
    for (int k = 0; k < s; k++) {
        int fade = s - k;
        uint32_t a = (uint32_t)(SHADOW_ALPHA * fade * fade / (s * s));
        if (!a)
            continue;
        struct rect inner = {body.x - k, body.y - k, body.w + 2 * k, body.h + 2 * k};
        struct rect outer = {inner.x - 1, inner.y - 1, inner.w + 2, inner.h + 2};
        /* The rings grow with k: once the clip lies inside one's hole it
         * lies inside every later one's too. */
        if (rect_contains(inner, clip))
            break;
        if (rect_empty(rect_intersect(outer, clip)))
            continue;
        struct rect ring[4];
        int n = rect_subtract(outer, inner, ring);
        for (int i = 0; i < n; i++) {
            struct rect r = rect_intersect(ring[i], clip);
            pixels_fill_blend(target, r, a << 24);
            count_in(stats, r, (struct rect){0, 0, target->width, target->height});
        }
    }
    /* Under the frame itself the shadow is solid, but only where it shows:
     * outside the frame (the strip below it) and under translucent corners. */
    struct rect under[4];
    int n = rect_subtract(body, w->frame, under);
    for (int i = 0; i < n; i++) {
        struct rect r = rect_intersect(under[i], clip);
        pixels_fill_blend(target, r, (uint32_t)SHADOW_ALPHA << 24);
        count_in(stats, r, (struct rect){0, 0, target->width, target->height});
    }
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
            pixels_blend(target, r, w->frame_px, w->frame.x, w->frame.y);
            count_in(
                stats, r,
                (struct rect){w->frame.x, w->frame.y, w->frame_px->width, w->frame_px->height});
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
    struct region open = *damage;
    region_intersect(&open, screen);
    for (int i = s->count - 1; i >= 0; i--) {
        const struct scene_window *w = s->stack[i];
        region_clear(&clips[i]);
        if (!w->visible)
            continue;
        clips[i] = open;
        region_intersect(&clips[i], scene_window_extent(w));
        for (int k = 0; k < w->opaque.count; k++)
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
