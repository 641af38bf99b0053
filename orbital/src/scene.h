/* Orbital's scene: what the screen shows — a wallpaper, a stack of windows
 * (bottom first) and the cursor — and the compositor that redraws any damaged
 * part of it. Each window is up to three layers: a soft shadow around its
 * frame, its frame (decorations, premultiplied ARGB, may be absent) and its
 * content (the client's buffer, opaque or premultiplied ARGB).
 *
 * scene_compose draws only inside the damage, and never a pixel of a window
 * that an opaque part of a window above it covers: each layer is clipped to
 * the damage minus the opaque regions above it, and the layers are painted
 * bottom to top, so translucent pixels (shadows, rounded corners) blend over
 * what really lies below. */
#ifndef ORBITAL_SCENE_H
#define ORBITAL_SCENE_H

#include "pixels.h"
#include "region.h"

#define SCENE_WINDOWS_MAX 256
#define SCENE_SHADOW_MAX  32 /* larger shadow sizes are drawn at this size */

struct scene_window {
    bool visible;
    struct rect frame;                /* screen rectangle of the frame (the whole window) */
    const struct surface *frame_px;   /* frame-sized, premultiplied; NULL: no frame */
    struct rect content;              /* screen rectangle of the client's pixels */
    const struct surface *content_px; /* content-sized; NULL: not drawn yet (filled) */
    bool content_alpha;               /* content is premultiplied ARGB */
    uint32_t content_fill;            /* shown where content_px is NULL */
    int shadow;                       /* shadow width in pixels around the frame (0: none) */
    /* Screen pixels this window paints opaquely (set by its owner: the frame
     * less its rounded corners, the content when it has no alpha). */
    struct region opaque;
};

struct scene {
    struct surface wallpaper; /* screen-sized */
    int count;
    struct scene_window *stack[SCENE_WINDOWS_MAX]; /* [0] is the bottom */
    bool cursor_visible;
    int cursor_x, cursor_y; /* the hot spot, on screen */
    int cursor_hot_x, cursor_hot_y;
    const struct surface *cursor_px; /* premultiplied */
};

struct compose_stats {
    long pixels_written; /* every pixel store into the target, layers counted each */
};

/* The screen rectangle a window's layers can touch (frame plus shadow). */
struct rect scene_window_extent(const struct scene_window *w);
/* The same for a frame and a shadow size: the pixels a frame's change can
 * alter. */
struct rect scene_shadow_extent(struct rect frame, int shadow);
/* The screen rectangle of the cursor image. */
struct rect scene_cursor_rect(const struct scene *s);

/* Redraws damage (screen coordinates) of target from the scene. stats may be
 * NULL. */
void scene_compose(const struct scene *s, const struct region *damage, struct surface *target,
                   struct compose_stats *stats);

#endif
