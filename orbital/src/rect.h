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

/* The overlap of a and b (empty when they do not meet). */
struct rect rect_intersect(struct rect a, struct rect b);

/* The smallest rectangle holding both (an empty one adds nothing). */
struct rect rect_union_box(struct rect a, struct rect b);

bool rect_contains(struct rect outer, struct rect inner);

bool rect_contains_point(struct rect r, int x, int y);

/* a minus b as at most 4 disjoint rectangles written to out: the count. */
int rect_subtract(struct rect a, struct rect b, struct rect out[4]);

#endif
