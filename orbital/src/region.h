/* Orbital's regions: a set of pixels kept as at most REGION_MAX disjoint
 * rectangles (damage to recompose, the visible part of a window). When an
 * operation would need more rectangles the region grows to a superset (its
 * bounding box): drawing a few pixels too many is always correct, because
 * windows are painted bottom to top; it only costs time. region_exact says
 * whether that happened. */
#ifndef ORBITAL_REGION_H
#define ORBITAL_REGION_H

#include "rect.h"

#define REGION_MAX 64

struct region {
    int count;
    bool exact; /* false once a superset was taken */
    struct rect rects[REGION_MAX];
};

void region_clear(struct region *r);
/* dst = src (only the rectangles in use are copied). */
void region_copy(struct region *dst, const struct region *src);
bool region_is_empty(const struct region *r);
/* Adds the pixels of rect. */
void region_add(struct region *r, struct rect rect);
/* Adds the pixels of rect, for damage: where rect overlaps a held rectangle
 * and their bounding box has no more pixels than the two apart, the box is
 * taken instead (a few more pixels, fewer and larger rectangles to draw). */
void region_add_loose(struct region *r, struct rect rect);
/* Adds every pixel of other. */
void region_add_region(struct region *r, const struct region *other);
/* Removes the pixels of rect (exactly, or not at all when that would need
 * more than REGION_MAX rectangles: the region stays a superset). */
void region_subtract(struct region *r, struct rect rect);
/* Keeps only the pixels inside clip. */
void region_intersect(struct region *r, struct rect clip);
/* Moves every rectangle by (dx, dy). */
void region_translate(struct region *r, int dx, int dy);
struct rect region_bounds(const struct region *r);
/* The number of pixels (each counted once: the rectangles are disjoint). */
long region_area(const struct region *r);
bool region_contains_point(const struct region *r, int x, int y);

#endif
