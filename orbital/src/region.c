/* Orbital's regions (region.h): disjoint rectangles with a bounded count. */
#include "region.h"

#include <string.h>

void region_clear(struct region *r)
{
    r->count = 0;
    r->exact = true;
}

void region_copy(struct region *dst, const struct region *src)
{
    dst->count = src->count;
    dst->exact = src->exact;
    memcpy(dst->rects, src->rects, (size_t)src->count * sizeof *src->rects);
}

bool region_is_empty(const struct region *r)
{
    return r->count == 0;
}

struct rect region_bounds(const struct region *r)
{
    struct rect box = {0, 0, 0, 0};
    for (int i = 0; i < r->count; i++)
        box = rect_union_box(box, r->rects[i]);
    return box;
}

static void collapse(struct region *r, struct rect extra)
{
    struct rect box = rect_union_box(region_bounds(r), extra);
    r->rects[0] = box;
    r->count = 1;
    r->exact = false;
}

void region_add(struct region *r, struct rect rect)
{
    if (rect_empty(rect))
        return;
    /* The new pixels are rect minus every rectangle already held; the pieces
     * live in a work list that each existing rectangle cuts further. */
    struct rect pieces[REGION_MAX], next[REGION_MAX];
    int n = 1;
    pieces[0] = rect;
    for (int i = 0; i < r->count && n > 0; i++) {
        int m = 0;
        for (int j = 0; j < n; j++) {
            struct rect out[4];
            int k = rect_subtract(pieces[j], r->rects[i], out);
            if (m + k > REGION_MAX) {
                collapse(r, rect);
                return;
            }
            memcpy(next + m, out, (size_t)k * sizeof *out);
            m += k;
        }
        memcpy(pieces, next, (size_t)m * sizeof *next);
        n = m;
    }
    if (r->count + n > REGION_MAX) {
        collapse(r, rect);
        return;
    }
    memcpy(r->rects + r->count, pieces, (size_t)n * sizeof *pieces);
    r->count += n;
}

static long area(struct rect r)
{
    return (long)r.w * r.h;
}

void region_add_loose(struct region *r, struct rect rect)
{
    if (rect_empty(rect))
        return;
    for (int i = 0; i < r->count; i++) {
        struct rect held = r->rects[i];
        if (rect_empty(rect_intersect(held, rect)))
            continue;
        struct rect box = rect_union_box(held, rect);
        long both = area(held) + area(rect);
        if (area(box) > both)
            continue;
        if (area(box) != both - area(rect_intersect(held, rect)))
            r->exact = false; /* the box holds pixels neither had */
        /* Take the box: drop held, and look again (the box may meet more). */
        rect = box;
        r->rects[i] = r->rects[--r->count];
        i = -1;
    }
    region_add(r, rect);
}

void region_add_region(struct region *r, const struct region *other)
{
    for (int i = 0; i < other->count; i++)
        region_add(r, other->rects[i]);
    if (!other->exact)
        r->exact = false;
}

void region_subtract(struct region *r, struct rect rect)
{
    if (rect_empty(rect))
        return;
    struct rect out[REGION_MAX];
    int n = 0;
    for (int i = 0; i < r->count; i++) {
        struct rect pieces[4];
        int k = rect_subtract(r->rects[i], rect, pieces);
        if (n + k > REGION_MAX) {
            r->exact = false; /* keep the superset we have */
            return;
        }
        memcpy(out + n, pieces, (size_t)k * sizeof *pieces);
        n += k;
    }
    memcpy(r->rects, out, (size_t)n * sizeof *out);
    r->count = n;
}

void region_intersect(struct region *r, struct rect clip)
{
    int n = 0;
    for (int i = 0; i < r->count; i++) {
        struct rect c = rect_intersect(r->rects[i], clip);
        if (!rect_empty(c))
            r->rects[n++] = c;
    }
    r->count = n;
}

void region_translate(struct region *r, int dx, int dy)
{
    for (int i = 0; i < r->count; i++) {
        r->rects[i].x += dx;
        r->rects[i].y += dy;
    }
}

long region_area(const struct region *r)
{
    long area = 0;
    for (int i = 0; i < r->count; i++)
        area += (long)r->rects[i].w * r->rects[i].h;
    return area;
}

bool region_contains_point(const struct region *r, int x, int y)
{
    for (int i = 0; i < r->count; i++)
        if (rect_contains_point(r->rects[i], x, y))
            return true;
    return false;
}
