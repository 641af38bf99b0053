/* Orbital's rectangle arithmetic (rect.h). */
#include "rect.h"

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

struct rect rect_union_box(struct rect a, struct rect b)
{
    if (rect_empty(a))
        return b;
    if (rect_empty(b))
        return a;
    int x0 = min_int(a.x, b.x), y0 = min_int(a.y, b.y);
    int x1 = max_int(rect_right(a), rect_right(b)), y1 = max_int(rect_bottom(a), rect_bottom(b));
    return (struct rect){x0, y0, x1 - x0, y1 - y0};
}

bool rect_contains(struct rect outer, struct rect inner)
{
    return rect_empty(inner) ||
           (inner.x >= outer.x && inner.y >= outer.y && rect_right(inner) <= rect_right(outer) &&
            rect_bottom(inner) <= rect_bottom(outer));
}

bool rect_contains_point(struct rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < rect_right(r) && y < rect_bottom(r);
}

int rect_subtract(struct rect a, struct rect b, struct rect out[4])
{
    struct rect cut = rect_intersect(a, b);
    if (rect_empty(a))
        return 0;
    if (rect_empty(cut)) {
        out[0] = a;
        return 1;
    }
    int n = 0;
    /* Full-width bands above and below the cut, then the two side pieces. */
    if (cut.y > a.y)
        out[n++] = (struct rect){a.x, a.y, a.w, cut.y - a.y};
    if (rect_bottom(cut) < rect_bottom(a))
        out[n++] = (struct rect){a.x, rect_bottom(cut), a.w, rect_bottom(a) - rect_bottom(cut)};
    if (cut.x > a.x)
        out[n++] = (struct rect){a.x, cut.y, cut.x - a.x, cut.h};
    if (rect_right(cut) < rect_right(a))
        out[n++] = (struct rect){rect_right(cut), cut.y, rect_right(a) - rect_right(cut), cut.h};
    return n;
}
