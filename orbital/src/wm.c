/* Orbital's window manager (wm.h): stacking, focus, hit testing, drags,
 * maximize/minimize, the Alt-Tab switcher and input routing. */
#include "wm.h"

#include <cobalt/input.h>
#include <errno.h>
#include <string.h>

#define CORNER        16 /* pixels along an edge that also grab the corner */
#define MIN_CONTENT_W 40
#define MIN_CONTENT_H 20

void wm_metrics_default(struct wm_metrics *m)
{
    *m = (struct wm_metrics){.title_height = 28,
                             .border = 4,
                             .grab = 4,
                             .button_size = 18,
                             .button_gap = 5,
                             .double_click_ns = 400000000ull,
                             .double_click_slop = 4};
}

void wm_init(struct wm *wm, struct rect screen, const struct wm_metrics *m,
             const struct wm_ops *ops, void *ctx)
{
    memset(wm, 0, sizeof *wm);
    wm->screen = screen;
    wm->m = *m;
    wm->ops = ops;
    wm->ctx = ctx;
}

bool wm_visible(const struct wm_window *w)
{
    return w->state != ORB_STATE_MINIMIZED && !(w->flags & ORB_FLAG_HIDDEN);
}

struct rect wm_frame(const struct wm *wm, const struct wm_window *w)
{
    struct rect c = w->content;
    if (w->flags & ORB_FLAG_BORDERLESS)
        return c;
    int b = wm->m.border, t = wm->m.title_height;
    return (struct rect){c.x - b, c.y - t, c.w + 2 * b, c.h + t + b};
}

struct rect wm_button_rect(const struct wm *wm, const struct wm_window *w, enum wm_part button)
{
    if (w->flags & ORB_FLAG_BORDERLESS)
        return (struct rect){0, 0, 0, 0};
    /* From the right: close, maximize (resizable windows only), minimize. */
    int slot;
    bool resizable = w->flags & ORB_FLAG_RESIZABLE;
    if (button == WM_PART_CLOSE)
        slot = 0;
    else if (button == WM_PART_MAXIMIZE)
        slot = resizable ? 1 : -1;
    else if (button == WM_PART_MINIMIZE)
        slot = resizable ? 2 : 1;
    else
        slot = -1;
    if (slot < 0)
        return (struct rect){0, 0, 0, 0};
    struct rect f = wm_frame(wm, w);
    int s = wm->m.button_size, g = wm->m.button_gap;
    return (struct rect){rect_right(f) - wm->m.border - g - (slot + 1) * s - slot * g,
                         f.y + (wm->m.title_height - s) / 2, s, s};
}

static void damage_window(struct wm *wm, const struct wm_window *w)
{
    wm->ops->damage(wm->ctx, wm_frame(wm, w));
}

static void send(struct wm *wm, struct wm_window *w, struct orb_event *e)
{
    e->mods = wm->mods;
    wm->ops->send(wm->ctx, w, e);
}

static void send_pointer(struct wm *wm, struct wm_window *w, uint32_t type)
{
    struct orb_event e = {.type = type};
    e.pointer.x = wm->px - w->content.x;
    e.pointer.y = wm->py - w->content.y;
    e.pointer.buttons = wm->buttons;
    send(wm, w, &e);
}

static int index_of(const struct wm *wm, const struct wm_window *w)
{
    for (int i = 0; i < wm->count; i++)
        if (wm->stack[i] == w)
            return i;
    return -1;
}

/* The topmost visible window below index `below` (or the top when below is
 * the count). */
static struct wm_window *top_visible(const struct wm *wm, int below)
{
    for (int i = below - 1; i >= 0; i--)
        if (wm_visible(wm->stack[i]))
            return wm->stack[i];
    return NULL;
}

void wm_focus(struct wm *wm, struct wm_window *w)
{
    if (wm->focus == w)
        return;
    struct wm_window *old = wm->focus;
    wm->focus = w;
    if (old) {
        struct orb_event e = {.type = ORB_EVENT_FOCUS};
        send(wm, old, &e);
        damage_window(wm, old); /* its title bar turns inactive */
    }
    if (w) {
        struct orb_event e = {.type = ORB_EVENT_FOCUS};
        e.focus.in = 1;
        send(wm, w, &e);
        damage_window(wm, w);
    }
}

void wm_raise(struct wm *wm, struct wm_window *w)
{
    int i = index_of(wm, w);
    if (i < 0)
        return;
    /* On-top windows stay above the rest: a normal window rises only to just
     * below the lowest on-top one. */
    int top = wm->count - 1;
    if (!(w->flags & ORB_FLAG_ON_TOP))
        while (top > i && (wm->stack[top]->flags & ORB_FLAG_ON_TOP))
            top--;
    if (top <= i)
        return;
    memmove(&wm->stack[i], &wm->stack[i + 1], (size_t)(top - i) * sizeof *wm->stack);
    wm->stack[top] = w;
    damage_window(wm, w);
}

int wm_add(struct wm *wm, struct wm_window *w)
{
    if (wm->count >= WM_WINDOWS_MAX)
        return -ENOSPC;
    wm->stack[wm->count++] = w;
    if (!(w->flags & ORB_FLAG_ON_TOP)) {
        /* Below the on-top windows. */
        wm->count--;
        int at = wm->count;
        while (at > 0 && (wm->stack[at - 1]->flags & ORB_FLAG_ON_TOP))
            at--;
        memmove(&wm->stack[at + 1], &wm->stack[at], (size_t)(wm->count - at) * sizeof *wm->stack);
        wm->stack[at] = w;
        wm->count++;
    }
    if (wm_visible(w)) {
        damage_window(wm, w);
        wm_focus(wm, w);
    }
    return 0;
}

static void end_drag(struct wm *wm)
{
    wm->drag = WM_DRAG_NONE;
    wm->drag_window = NULL;
}

void wm_remove(struct wm *wm, struct wm_window *w)
{
    int i = index_of(wm, w);
    if (i < 0)
        return;
    if (wm_visible(w))
        damage_window(wm, w);
    memmove(&wm->stack[i], &wm->stack[i + 1], (size_t)(wm->count - i - 1) * sizeof *wm->stack);
    wm->count--;
    if (wm->drag_window == w)
        end_drag(wm);
    if (wm->hover == w)
        wm->hover = NULL;
    if (wm->last_click_window == w)
        wm->last_click_window = NULL;
    if (wm->switching) {
        wm->switching = false;
        wm->ops->damage(wm->ctx, wm->screen);
    }
    if (wm->focus == w) {
        wm->focus = NULL; /* no FOCUS-out to a window that is gone */
        wm_focus(wm, top_visible(wm, wm->count));
    }
}

static void set_content(struct wm *wm, struct wm_window *w, struct rect c)
{
    bool resized = c.w != w->content.w || c.h != w->content.h;
    if (wm_visible(w))
        damage_window(wm, w);
    w->content = c;
    if (wm_visible(w))
        damage_window(wm, w);
    if (resized)
        wm->ops->resized(wm->ctx, w);
}

static struct rect maximized_content(const struct wm *wm, const struct wm_window *w)
{
    struct rect s = wm->screen;
    if (w->flags & ORB_FLAG_BORDERLESS)
        return s;
    int b = wm->m.border, t = wm->m.title_height;
    return (struct rect){s.x + b, s.y + t, s.w - 2 * b, s.h - t - b};
}

void wm_set_state(struct wm *wm, struct wm_window *w, enum orb_state state)
{
    if (w->state == state)
        return;
    enum orb_state old = w->state;
    if (state == ORB_STATE_MINIMIZED) {
        damage_window(wm, w);
        w->maximized_before_minimize = old == ORB_STATE_MAXIMIZED;
        w->state = state;
        /* To the bottom: Alt-Tab's order is the stack from the top, so the
         * window just minimized is the last one it offers. */
        int i = index_of(wm, w);
        memmove(&wm->stack[1], &wm->stack[0], (size_t)i * sizeof *wm->stack);
        wm->stack[0] = w;
        if (wm->drag_window == w)
            end_drag(wm);
        if (wm->focus == w)
            wm_focus(wm, top_visible(wm, wm->count));
    } else if (old == ORB_STATE_MINIMIZED) {
        w->state = state;
        if (state == ORB_STATE_NORMAL && w->maximized_before_minimize)
            w->state = ORB_STATE_MAXIMIZED; /* restore brings back what was */
        damage_window(wm, w);
    } else if (state == ORB_STATE_MAXIMIZED) {
        if (!(w->flags & ORB_FLAG_RESIZABLE))
            return; /* rule: only resizable windows maximize */
        w->restore = w->content;
        w->state = state;
        set_content(wm, w, maximized_content(wm, w));
    } else {
        w->state = state;
        set_content(wm, w, w->restore);
    }
    struct orb_event e = {.type = ORB_EVENT_STATE};
    e.state.state = w->state;
    send(wm, w, &e);
}

void wm_move(struct wm *wm, struct wm_window *w, int x, int y)
{
    if (w->state == ORB_STATE_MAXIMIZED)
        return; /* a maximized window stays where it is */
    set_content(wm, w, (struct rect){x, y, w->content.w, w->content.h});
}

void wm_resize(struct wm *wm, struct wm_window *w, int width, int height)
{
    if (w->state == ORB_STATE_MAXIMIZED) {
        w->restore.w = width, w->restore.h = height; /* for later */
        wm->ops->resized(wm->ctx, w);                /* the client still gets an answer */
        return;
    }
    set_content(wm, w, (struct rect){w->content.x, w->content.y, width, height});
}

static unsigned edges_at(const struct wm *wm, const struct wm_window *w, int x, int y)
{
    struct rect f = wm_frame(wm, w);
    int b = wm->m.border;
    unsigned e = 0;
    if (x < f.x + b)
        e |= WM_EDGE_LEFT;
    if (x >= rect_right(f) - b)
        e |= WM_EDGE_RIGHT;
    if (y < f.y + b)
        e |= WM_EDGE_TOP;
    if (y >= rect_bottom(f) - b)
        e |= WM_EDGE_BOTTOM;
    /* Near a corner, an edge grabs the corner too. */
    if (e & (WM_EDGE_TOP | WM_EDGE_BOTTOM)) {
        if (x < f.x + CORNER)
            e |= WM_EDGE_LEFT;
        if (x >= rect_right(f) - CORNER)
            e |= WM_EDGE_RIGHT;
    }
    if (e & (WM_EDGE_LEFT | WM_EDGE_RIGHT)) {
        if (y < f.y + CORNER)
            e |= WM_EDGE_TOP;
        if (y >= rect_bottom(f) - CORNER)
            e |= WM_EDGE_BOTTOM;
    }
    return e;
}

struct wm_hit wm_hit_test(const struct wm *wm, int x, int y)
{
    for (int i = wm->count - 1; i >= 0; i--) {
        struct wm_window *w = wm->stack[i];
        if (!wm_visible(w))
            continue;
        struct rect f = wm_frame(wm, w);
        bool resizable = (w->flags & ORB_FLAG_RESIZABLE) && w->state == ORB_STATE_NORMAL &&
                         !(w->flags & ORB_FLAG_BORDERLESS);
        struct rect grab = f;
        if (resizable) {
            int g = wm->m.grab;
            grab = (struct rect){f.x - g, f.y - g, f.w + 2 * g, f.h + 2 * g};
        }
        if (!rect_contains_point(grab, x, y))
            continue;
        struct wm_hit hit = {.window = w, .part = WM_PART_CONTENT};
        if (rect_contains_point(w->content, x, y))
            return hit;
        static const enum wm_part buttons[] = {WM_PART_CLOSE, WM_PART_MAXIMIZE, WM_PART_MINIMIZE};
        for (int k = 0; k < 3; k++)
            if (rect_contains_point(wm_button_rect(wm, w, buttons[k]), x, y)) {
                hit.part = buttons[k];
                return hit;
            }
        if (resizable) {
            unsigned e = edges_at(wm, w, x, y);
            if (e) {
                hit.part = WM_PART_EDGE;
                hit.edges = e;
                return hit;
            }
        }
        hit.part = WM_PART_TITLE; /* the rest of the frame moves the window */
        return hit;
    }
    return (struct wm_hit){NULL, WM_PART_NONE, 0};
}

static struct rect resized_rect(const struct wm *wm, struct rect s, unsigned edges, int dx, int dy)
{
    int x0 = s.x, y0 = s.y, x1 = rect_right(s), y1 = rect_bottom(s);
    if (edges & WM_EDGE_LEFT)
        x0 = x0 + dx < x1 - MIN_CONTENT_W ? x0 + dx : x1 - MIN_CONTENT_W;
    if (edges & WM_EDGE_RIGHT)
        x1 = x1 + dx > x0 + MIN_CONTENT_W ? x1 + dx : x0 + MIN_CONTENT_W;
    if (edges & WM_EDGE_TOP)
        y0 = y0 + dy < y1 - MIN_CONTENT_H ? y0 + dy : y1 - MIN_CONTENT_H;
    if (edges & WM_EDGE_BOTTOM)
        y1 = y1 + dy > y0 + MIN_CONTENT_H ? y1 + dy : y0 + MIN_CONTENT_H;
    struct rect r = {x0, y0, x1 - x0, y1 - y0};
    if (r.w > ORB_SIZE_MAX)
        r.w = ORB_SIZE_MAX;
    if (r.h > ORB_SIZE_MAX)
        r.h = ORB_SIZE_MAX;
    while ((long)r.w * r.h * 4 > ORB_BUFFER_MAX)
        r.h--;
    (void)wm;
    return r;
}

static void update_hover(struct wm *wm)
{
    struct wm_hit hit = wm_hit_test(wm, wm->px, wm->py);
    struct wm_window *over = hit.part == WM_PART_CONTENT ? hit.window : NULL;
    if (over != wm->hover) {
        if (wm->hover)
            send_pointer(wm, wm->hover, ORB_EVENT_LEAVE);
        wm->hover = over;
        if (over)
            send_pointer(wm, over, ORB_EVENT_ENTER);
    }
    if (over)
        send_pointer(wm, over, ORB_EVENT_POINTER);
}

void wm_pointer(struct wm *wm, int x, int y)
{
    if (x == wm->px && y == wm->py)
        return;
    wm->px = x, wm->py = y;
    struct wm_window *w = wm->drag_window;
    int dx = x - wm->drag_x, dy = y - wm->drag_y;
    switch (wm->drag) {
    case WM_DRAG_MOVE:
        set_content(wm, w,
                    (struct rect){wm->drag_start.x + dx, wm->drag_start.y + dy, w->content.w,
                                  w->content.h});
        return;
    case WM_DRAG_RESIZE:
        set_content(wm, w, resized_rect(wm, wm->drag_start, wm->drag_edges, dx, dy));
        return;
    case WM_DRAG_CLIENT:
        send_pointer(wm, w, ORB_EVENT_POINTER); /* the grab: even outside the window */
        return;
    case WM_DRAG_BUTTON:
        return; /* the action happens on release over the same button */
    case WM_DRAG_NONE:
        update_hover(wm);
        return;
    }
}

static void title_click(struct wm *wm, struct wm_window *w, uint64_t now)
{
    bool twice = wm->last_click_window == w && now - wm->last_click_ns <= wm->m.double_click_ns &&
                 wm->px - wm->last_click_x <= wm->m.double_click_slop &&
                 wm->last_click_x - wm->px <= wm->m.double_click_slop &&
                 wm->py - wm->last_click_y <= wm->m.double_click_slop &&
                 wm->last_click_y - wm->py <= wm->m.double_click_slop;
    if (twice && (w->flags & ORB_FLAG_RESIZABLE)) {
        wm->last_click_window = NULL;
        wm_set_state(wm, w,
                     w->state == ORB_STATE_MAXIMIZED ? ORB_STATE_NORMAL : ORB_STATE_MAXIMIZED);
        return;
    }
    wm->last_click_window = w;
    wm->last_click_ns = now;
    wm->last_click_x = wm->px, wm->last_click_y = wm->py;
    if (w->state == ORB_STATE_MAXIMIZED)
        return; /* a maximized window does not move */
    wm->drag = WM_DRAG_MOVE;
    wm->drag_window = w;
}

static void press(struct wm *wm, uint32_t button, uint64_t now)
{
    if (wm->drag != WM_DRAG_NONE) {
        if (wm->drag == WM_DRAG_CLIENT) { /* another button during a grab */
            struct orb_event e = {.type = ORB_EVENT_BUTTON};
            e.pointer.x = wm->px - wm->drag_window->content.x;
            e.pointer.y = wm->py - wm->drag_window->content.y;
            e.pointer.buttons = wm->buttons, e.pointer.button = button, e.pointer.pressed = 1;
            send(wm, wm->drag_window, &e);
        }
        return;
    }
    struct wm_hit hit = wm_hit_test(wm, wm->px, wm->py);
    struct wm_window *w = hit.window;
    if (!w)
        return;
    wm_focus(wm, w);
    wm_raise(wm, w);
    wm->drag_window = w;
    wm->drag_part = hit.part;
    wm->drag_x = wm->px, wm->drag_y = wm->py;
    wm->drag_start = w->content;
    switch (hit.part) {
    case WM_PART_CONTENT: {
        wm->drag = WM_DRAG_CLIENT;
        struct orb_event e = {.type = ORB_EVENT_BUTTON};
        e.pointer.x = wm->px - w->content.x, e.pointer.y = wm->py - w->content.y;
        e.pointer.buttons = wm->buttons, e.pointer.button = button, e.pointer.pressed = 1;
        send(wm, w, &e);
        return;
    }
    case WM_PART_TITLE:
        if (button == COBALT_BUTTON_LEFT)
            title_click(wm, w, now);
        else
            end_drag(wm);
        return;
    case WM_PART_EDGE:
        if (button != COBALT_BUTTON_LEFT) {
            end_drag(wm);
            return;
        }
        wm->drag = WM_DRAG_RESIZE;
        wm->drag_edges = hit.edges;
        return;
    default:
        if (button != COBALT_BUTTON_LEFT) {
            end_drag(wm);
            return;
        }
        wm->drag = WM_DRAG_BUTTON;
        return;
    }
}

static void release(struct wm *wm, uint32_t button)
{
    struct wm_window *w = wm->drag_window;
    switch (wm->drag) {
    case WM_DRAG_CLIENT: {
        struct orb_event e = {.type = ORB_EVENT_BUTTON};
        e.pointer.x = wm->px - w->content.x, e.pointer.y = wm->py - w->content.y;
        e.pointer.buttons = wm->buttons, e.pointer.button = button, e.pointer.pressed = 0;
        send(wm, w, &e);
        if (wm->buttons)
            return; /* the grab lasts while any button is held */
        end_drag(wm);
        update_hover(wm);
        return;
    }
    case WM_DRAG_BUTTON: {
        enum wm_part part = wm->drag_part;
        end_drag(wm);
        struct wm_hit hit = wm_hit_test(wm, wm->px, wm->py);
        if (hit.window != w || hit.part != part)
            return; /* released elsewhere: nothing happens */
        if (part == WM_PART_CLOSE) {
            struct orb_event e = {.type = ORB_EVENT_CLOSE};
            send(wm, w, &e);
        } else if (part == WM_PART_MAXIMIZE) {
            wm_set_state(wm, w,
                         w->state == ORB_STATE_MAXIMIZED ? ORB_STATE_NORMAL : ORB_STATE_MAXIMIZED);
        } else if (part == WM_PART_MINIMIZE) {
            wm_set_state(wm, w, ORB_STATE_MINIMIZED);
        }
        return;
    }
    case WM_DRAG_MOVE:
    case WM_DRAG_RESIZE:
        if (button == COBALT_BUTTON_LEFT)
            end_drag(wm);
        return;
    case WM_DRAG_NONE:
        return;
    }
}

void wm_button(struct wm *wm, uint32_t button, bool pressed, uint64_t now_ns)
{
    if (pressed)
        wm->buttons |= button;
    else
        wm->buttons &= ~button;
    if (pressed)
        press(wm, button, now_ns);
    else
        release(wm, button);
}

void wm_scroll(struct wm *wm, int steps)
{
    struct wm_window *w = wm->drag == WM_DRAG_CLIENT ? wm->drag_window : wm->hover;
    if (!w || !steps)
        return;
    struct orb_event e = {.type = ORB_EVENT_SCROLL};
    e.pointer.x = wm->px - w->content.x, e.pointer.y = wm->py - w->content.y;
    e.pointer.buttons = wm->buttons, e.pointer.wheel = steps;
    send(wm, w, &e);
}

int wm_switch_order(const struct wm *wm, struct wm_window **out, int max)
{
    int n = 0;
    for (int i = wm->count - 1; i >= 0 && n < max; i--) {
        struct wm_window *w = wm->stack[i];
        if (!(w->flags & (ORB_FLAG_HIDDEN | ORB_FLAG_ON_TOP)))
            out[n++] = w;
    }
    return n;
}

/* Alt-Tab: the first Tab shows the switcher on the next window; each Tab
 * (Shift-Tab: back) moves on; releasing Alt picks; Escape cancels. */
static bool switcher_key(struct wm *wm, uint32_t code, bool pressed, uint32_t mods)
{
    struct wm_window *order[WM_WINDOWS_MAX];
    int n = wm_switch_order(wm, order, WM_WINDOWS_MAX);
    if (code == COBALT_KEY_TAB && (mods & COBALT_MOD_ALT)) {
        if (pressed && n > 0) {
            int step = (mods & COBALT_MOD_SHIFT) ? n - 1 : 1;
            wm->switch_index = wm->switching ? (wm->switch_index + step) % n : step % n;
            wm->switching = true;
            wm->ops->damage(wm->ctx, wm->screen);
        }
        return true;
    }
    if (!wm->switching)
        return false;
    if (code == COBALT_KEY_ESC && pressed) {
        wm->switching = false;
        wm->ops->damage(wm->ctx, wm->screen);
        return true;
    }
    if (!(mods & COBALT_MOD_ALT)) { /* Alt let go: pick */
        wm->switching = false;
        wm->ops->damage(wm->ctx, wm->screen);
        if (wm->switch_index < n) {
            struct wm_window *w = order[wm->switch_index];
            if (w->state == ORB_STATE_MINIMIZED)
                wm_set_state(wm, w, ORB_STATE_NORMAL);
            wm_raise(wm, w);
            wm_focus(wm, w);
        }
        return true;
    }
    return true; /* while switching, keys are the switcher's */
}

void wm_key(struct wm *wm, uint32_t code, bool pressed, uint32_t mods, const char *text)
{
    wm->mods = mods;
    if (switcher_key(wm, code, pressed, mods))
        return;
    if (!wm->focus)
        return;
    struct orb_event e = {.type = ORB_EVENT_KEY};
    e.key.code = code;
    e.key.flags = pressed ? ORB_KEY_PRESS : ORB_KEY_RELEASE;
    if (pressed && text) {
        size_t n = strlen(text);
        memcpy(e.key.text, text, n < sizeof e.key.text ? n : sizeof e.key.text - 1);
    }
    send(wm, wm->focus, &e);
}
