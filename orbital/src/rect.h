/* Orbital's rectangles: integer screen or buffer rectangles, half-open
 * ([x, x + w) × [y, y + h)), and the few operations everything else builds on. */
#ifndef ORBITAL_RECT_H
#define ORBITAL_RECT_H

#include <stdbool.h>

struct rect {
    int x, y, w, h;
};

static inline bool rect_empty(struct rect r)
{
    return r.w <= 0 || r.h <= 0;
}

static inline int rect_right(struct rect r)
{
    return r.x + r.w;
}

static inline int rect_bottom(struct rect r)
{
    return r.y + r.h;
}

/* The overlap of a and b (empty when they do not meet). Inline: the
 * compositor calls it for every layer of every damaged rectangle. */
static inline struct rect rect_intersect(struct rect a, struct rect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = rect_right(a) < rect_right(b) ? rect_right(a) : rect_right(b);
    int y1 = rect_bottom(a) < rect_bottom(b) ? rect_bottom(a) : rect_bottom(b);
    if (x1 <= x0 || y1 <= y0)
        return (struct rect){0, 0, 0, 0};
    return (struct rect){x0, y0, x1 - x0, y1 - y0};
}

/* The smallest rectangle holding both (an empty one adds nothing). */
struct rect rect_union_box(struct rect a, struct rect b);

bool rect_contains(struct rect outer, struct rect inner);

bool rect_contains_point(struct rect r, int x, int y);

/* a minus b as at most 4 disjoint rectangles written to out: the count. */
int rect_subtract(struct rect a, struct rect b, struct rect out[4]);

#endif
