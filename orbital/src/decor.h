/* Orbital's decorations: draws a window's frame surface (title bar with
 * rounded top corners, border, close/maximize/minimize buttons and the
 * title) from the theme, and the software cursor image. Text goes through a
 * callback, so this module needs no font code (text.c provides it). */
#ifndef ORBITAL_DECOR_H
#define ORBITAL_DECOR_H

#include "pixels.h"
#include "region.h"
#include "theme.h"

/* Draws utf8 in colour, vertically centred in box, clipped to it. */
typedef void (*decor_text_fn)(void *ctx, struct surface *dst, struct rect box, const char *utf8,
                              uint32_t colour);

struct decor_style {
    const struct theme *theme;
    decor_text_fn text; /* NULL: no title text */
    void *text_ctx;
};

struct decor_frame {
    int width, height;   /* the frame: content + border + title bar */
    struct rect content; /* inside the frame */
    bool focused, resizable, maximized;
    bool not_responding; /* " (not responding)" after the title, dimmed */
    const char *title;
    struct rect close, maximize, minimize; /* button rectangles in the frame (may be empty) */
};

/* Draws the whole frame into dst (frame-sized, premultiplied ARGB); the
 * content rectangle is left transparent (the content covers it). */
void decor_draw(const struct decor_style *style, const struct decor_frame *f, struct surface *dst);

/* The frame pixels that are opaque (all but the rounded corners and the
 * content), in frame coordinates: the compositor culls with it. */
void decor_opaque(const struct theme *theme, const struct decor_frame *f, struct region *out);

/* The arrow cursor: fills px (CURSOR_W x CURSOR_H, premultiplied) and its hot spot. */
#define CURSOR_W 12
#define CURSOR_H 19
void decor_cursor(uint32_t *px, int *hot_x, int *hot_y);

#endif
