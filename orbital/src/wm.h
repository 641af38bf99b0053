/* Orbital's window manager: the policy half of the server, with no pixels
 * and no IPC in it. It keeps the stacking order and focus, decides what the
 * pointer is over (content, title bar, a button, an edge), runs the drags
 * (move, resize), maximize/restore, minimize, close requests and the Alt-Tab
 * switcher, and routes keys to the focused window and pointer events to the
 * window under the pointer (or to the one holding a grab). What it decides
 * goes out through struct wm_ops: events for clients and damaged screen
 * rectangles for the compositor. Host-tested by ORBU0005. */
#ifndef ORBITAL_WM_H
#define ORBITAL_WM_H

#include "rect.h"

#include <cobalt/orbital.h>
#include <stdbool.h>
#include <stdint.h>

#define WM_WINDOWS_MAX 256

/* Decoration metrics (themes/: the theme file overrides these). */
struct wm_metrics {
    int title_height; /* the title bar above the content */
    int border;       /* the frame's width left, right and below the content */
    int grab;         /* extra pixels outside the frame that still grab an edge */
    int button_size;  /* the square title-bar buttons, right-aligned */
    int button_gap;
    uint64_t double_click_ns;
    int double_click_slop; /* pixels the second click may be off by */
};

void wm_metrics_default(struct wm_metrics *m);

enum wm_part {
    WM_PART_NONE, /* the desktop */
    WM_PART_CONTENT,
    WM_PART_TITLE,
    WM_PART_CLOSE,
    WM_PART_MAXIMIZE,
    WM_PART_MINIMIZE,
    WM_PART_EDGE, /* see wm_hit.edges */
};

#define WM_EDGE_LEFT   1
#define WM_EDGE_RIGHT  2
#define WM_EDGE_TOP    4
#define WM_EDGE_BOTTOM 8

struct wm_window {
    uint32_t flags;       /* ORB_FLAG_* */
    enum orb_state state; /* NORMAL, MAXIMIZED, MINIMIZED */
    struct rect content;  /* screen rectangle of the client's pixels */
    struct rect restore;  /* content before maximize */
    bool maximized_before_minimize;
    void *owner; /* the server's window object */
};

struct wm_hit {
    struct wm_window *window; /* NULL: the desktop */
    enum wm_part part;
    unsigned edges; /* WM_EDGE_* for WM_PART_EDGE */
};

struct wm_ops {
    /* An event for window w's client (pointer coordinates already made
     * window-relative). */
    void (*send)(void *ctx, struct wm_window *w, const struct orb_event *e);
    /* These screen pixels must be recomposed. */
    void (*damage)(void *ctx, struct rect r);
    /* The window's content size changed (drag, maximize): the server gives
     * the client a new buffer and sends ORB_EVENT_RESIZE. */
    void (*resized)(void *ctx, struct wm_window *w);
};

enum wm_drag { WM_DRAG_NONE, WM_DRAG_MOVE, WM_DRAG_RESIZE, WM_DRAG_BUTTON, WM_DRAG_CLIENT };

struct wm {
    struct rect screen;
    struct wm_metrics m;
    const struct wm_ops *ops;
    void *ctx;
    int count;
    struct wm_window *stack[WM_WINDOWS_MAX]; /* [0] bottom .. [count-1] top */
    struct wm_window *focus;
    struct wm_window *hover; /* the window the pointer is over (ENTER/LEAVE) */
    int px, py;              /* the pointer */
    uint32_t buttons, mods;
    /* A drag: what it does, on which window, from where. */
    enum wm_drag drag;
    struct wm_window *drag_window;
    enum wm_part drag_part;
    unsigned drag_edges;
    int drag_x, drag_y;
    struct rect drag_start;
    /* Double clicks on a title bar. */
    struct wm_window *last_click_window;
    uint64_t last_click_ns;
    int last_click_x, last_click_y;
    /* The Alt-Tab switcher: shown while Alt is held after a Tab. */
    bool switching;
    int switch_index; /* into the switcher order (wm_switch_order) */
};

void wm_init(struct wm *wm, struct rect screen, const struct wm_metrics *m,
             const struct wm_ops *ops, void *ctx);

/* The whole window: content plus title bar and border (none when borderless). */
struct rect wm_frame(const struct wm *wm, const struct wm_window *w);
/* A title-bar button's screen rectangle. */
struct rect wm_button_rect(const struct wm *wm, const struct wm_window *w, enum wm_part button);
bool wm_visible(const struct wm_window *w);

/* Adds w on top (focused unless it is hidden); 0 or -ENOSPC. */
int wm_add(struct wm *wm, struct wm_window *w);
/* Removes w; focus goes to the next visible window below it. */
void wm_remove(struct wm *wm, struct wm_window *w);
void wm_raise(struct wm *wm, struct wm_window *w);
void wm_focus(struct wm *wm, struct wm_window *w);
void wm_set_state(struct wm *wm, struct wm_window *w, enum orb_state state);
/* A client's own MOVE / RESIZE (already decoded and checked). */
void wm_move(struct wm *wm, struct wm_window *w, int x, int y);
void wm_resize(struct wm *wm, struct wm_window *w, int width, int height);

struct wm_hit wm_hit_test(const struct wm *wm, int x, int y);

/* Input, as the drivers report it. */
void wm_pointer(struct wm *wm, int x, int y);
void wm_button(struct wm *wm, uint32_t button, bool pressed, uint64_t now_ns);
void wm_scroll(struct wm *wm, int steps);
/* code: COBALT_KEY_*; mods after the key; text: what it types (NUL-terminated). */
void wm_key(struct wm *wm, uint32_t code, bool pressed, uint32_t mods, const char *text);

/* The Alt-Tab order: most recently focused first (the stack from the top),
 * minimized windows included. Fills out (at most max): the count. */
int wm_switch_order(const struct wm *wm, struct wm_window **out, int max);

#endif
