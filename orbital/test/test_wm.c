/* Host unit test of Orbital's window manager (ORBU0005): scripted pointer
 * and key input against two or three windows, checking focus, stacking,
 * moves, resizes, maximize/restore (button and double click), minimize,
 * close, Alt-Tab, grabs and key routing by the events each window gets. */
#include "../src/wm.h"

#include <cobalt/input.h>
#include <stdio.h>
#include <string.h>

static int fails, checks;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(cond) && fails++ < 30) {                                                             \
            printf("line %d: ", __LINE__);                                                         \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

#define LOG_MAX 64
struct log {
    int n;
    struct orb_event ev[LOG_MAX];
    int resized;
};

static struct log logs[3];
static struct wm_window win[3];
static struct rect damaged;
static int damage_calls;

static int which(struct wm_window *w)
{
    return (int)(w - win);
}

static void on_send(void *ctx, struct wm_window *w, const struct orb_event *e)
{
    (void)ctx;
    struct log *l = &logs[which(w)];
    if (l->n < LOG_MAX)
        l->ev[l->n++] = *e;
}

static void on_damage(void *ctx, struct rect r)
{
    (void)ctx;
    damaged = rect_union_box(damaged, r);
    damage_calls++;
}

static void on_resized(void *ctx, struct wm_window *w)
{
    (void)ctx;
    logs[which(w)].resized++;
}

static const struct wm_ops ops = {on_send, on_damage, on_resized};

static void clear_logs(void)
{
    memset(logs, 0, sizeof logs);
    damaged = (struct rect){0, 0, 0, 0};
    damage_calls = 0;
}

/* The last event of a type a window got, or NULL. */
static const struct orb_event *last(int w, uint32_t type)
{
    for (int i = logs[w].n - 1; i >= 0; i--)
        if (logs[w].ev[i].type == type)
            return &logs[w].ev[i];
    return NULL;
}

static int count(int w, uint32_t type)
{
    int n = 0;
    for (int i = 0; i < logs[w].n; i++)
        n += logs[w].ev[i].type == type;
    return n;
}

static struct wm wm;
static uint64_t now = 1000000000ull;

static void click(int x, int y)
{
    wm_pointer(&wm, x, y);
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now);
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now);
    now += 1000000000ull; /* never a double click by accident */
}

static void drag(int x0, int y0, int x1, int y1)
{
    wm_pointer(&wm, x0, y0);
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now);
    wm_pointer(&wm, (x0 + x1) / 2, (y0 + y1) / 2);
    wm_pointer(&wm, x1, y1);
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now);
    now += 1000000000ull;
}

static void setup(void)
{
    struct wm_metrics m;
    wm_metrics_default(&m);
    wm_init(&wm, (struct rect){0, 0, 1024, 768}, &m, &ops, NULL);
    win[0] = (struct wm_window){.flags = ORB_FLAG_RESIZABLE, .content = {100, 100, 300, 200}};
    win[1] = (struct wm_window){.flags = ORB_FLAG_RESIZABLE, .content = {250, 150, 300, 200}};
    win[2] = (struct wm_window){.flags = 0, .content = {600, 400, 200, 100}};
    wm_add(&wm, &win[0]);
    wm_add(&wm, &win[1]);
    clear_logs();
}

static void test_focus_and_raise(void)
{
    setup();
    CHECK(wm.focus == &win[1] && wm.stack[1] == &win[1], "the newest window is on top, focused");
    click(120, 120); /* A's content, not covered by B */
    CHECK(wm.focus == &win[0] && wm.stack[1] == &win[0], "click focuses and raises A");
    CHECK(last(1, ORB_EVENT_FOCUS) && last(1, ORB_EVENT_FOCUS)->focus.in == 0, "B lost focus");
    CHECK(last(0, ORB_EVENT_FOCUS) && last(0, ORB_EVENT_FOCUS)->focus.in == 1, "A got focus");
    const struct orb_event *b = last(0, ORB_EVENT_BUTTON);
    CHECK(b && b->pointer.x == 20 && b->pointer.y == 20, "the button event is window-relative");
    clear_logs();
    click(300, 200); /* where both overlap: A is on top now */
    CHECK(count(0, ORB_EVENT_BUTTON) == 2 && count(1, ORB_EVENT_BUTTON) == 0,
          "the pointer goes to the window on top only");
}

static void test_move_and_resize(void)
{
    setup();
    struct rect f = wm_frame(&wm, &win[1]);
    drag(f.x + 40, f.y + 10, f.x + 70, f.y + 30);
    CHECK(win[1].content.x == 280 && win[1].content.y == 170 && win[1].content.w == 300,
          "dragging the title moves by the pointer's travel (at %d,%d)", win[1].content.x,
          win[1].content.y);
    CHECK(logs[1].resized == 0, "a move is not a resize");
    CHECK(rect_contains(damaged, f), "the old place is damaged");
    f = wm_frame(&wm, &win[1]);
    drag(rect_right(f) - 1, rect_bottom(f) - 1, rect_right(f) + 49, rect_bottom(f) + 29);
    CHECK(win[1].content.w == 350 && win[1].content.h == 230 && win[1].content.x == 280,
          "the bottom-right corner resizes (%dx%d)", win[1].content.w, win[1].content.h);
    CHECK(logs[1].resized > 0, "the client hears of the resize");
    f = wm_frame(&wm, &win[1]);
    drag(f.x, f.y + 100, f.x + 1000, f.y + 100);
    CHECK(win[1].content.w == 40, "a resize stops at the minimum width (%d)", win[1].content.w);
    /* Fixed-size windows have no edges. */
    wm_add(&wm, &win[2]);
    f = wm_frame(&wm, &win[2]);
    struct wm_hit h = wm_hit_test(&wm, rect_right(f) - 1, rect_bottom(f) - 1);
    CHECK(h.window == &win[2] && h.part == WM_PART_TITLE, "a fixed window's edge just moves it");
    h = wm_hit_test(&wm, rect_right(f) + 2, rect_bottom(f) + 2);
    CHECK(h.window != &win[2], "no grab margin outside a fixed window");
}

static void test_hit_parts(void)
{
    setup();
    struct rect f = wm_frame(&wm, &win[1]);
    struct wm_hit h = wm_hit_test(&wm, f.x - 2, f.y + 60);
    CHECK(h.part == WM_PART_EDGE && h.edges == WM_EDGE_LEFT, "just outside the left edge");
    h = wm_hit_test(&wm, f.x + 1, f.y + 1);
    CHECK(h.part == WM_PART_EDGE && h.edges == (WM_EDGE_LEFT | WM_EDGE_TOP), "the top-left corner");
    struct rect close = wm_button_rect(&wm, &win[1], WM_PART_CLOSE);
    struct rect max = wm_button_rect(&wm, &win[1], WM_PART_MAXIMIZE);
    struct rect min = wm_button_rect(&wm, &win[1], WM_PART_MINIMIZE);
    CHECK(rect_right(close) <= rect_right(f) && max.x < close.x && min.x < max.x &&
              rect_empty(rect_intersect(close, max)) && rect_empty(rect_intersect(max, min)),
          "close, maximize, minimize from the right, apart");
    h = wm_hit_test(&wm, close.x + 3, close.y + 3);
    CHECK(h.part == WM_PART_CLOSE, "the close button");
    h = wm_hit_test(&wm, 5, 5);
    CHECK(h.window == NULL && h.part == WM_PART_NONE, "the desktop");
    CHECK(rect_empty(wm_button_rect(&wm, &win[2], WM_PART_MAXIMIZE)),
          "a fixed window has no maximize button");
}

static void test_maximize_minimize_close(void)
{
    setup();
    struct rect before = win[1].content;
    struct rect max = wm_button_rect(&wm, &win[1], WM_PART_MAXIMIZE);
    click(max.x + 2, max.y + 2);
    CHECK(win[1].state == ORB_STATE_MAXIMIZED && rect_contains(wm.screen, wm_frame(&wm, &win[1])) &&
              wm_frame(&wm, &win[1]).w == 1024 && wm_frame(&wm, &win[1]).h == 768,
          "the maximize button fills the screen");
    CHECK(last(1, ORB_EVENT_STATE) && last(1, ORB_EVENT_STATE)->state.state == ORB_STATE_MAXIMIZED,
          "a STATE event says so");
    max = wm_button_rect(&wm, &win[1], WM_PART_MAXIMIZE);
    click(max.x + 2, max.y + 2);
    CHECK(win[1].state == ORB_STATE_NORMAL && win[1].content.x == before.x &&
              win[1].content.w == before.w,
          "pressed again, it restores the old place and size");
    /* Double click on the title. */
    struct rect f = wm_frame(&wm, &win[1]);
    wm_pointer(&wm, f.x + 50, f.y + 10);
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now);
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now);
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now + 100000000ull);
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now + 100000000ull);
    now += 2000000000ull;
    CHECK(win[1].state == ORB_STATE_MAXIMIZED, "a double click on the title maximizes");
    f = wm_frame(&wm, &win[1]);
    wm_pointer(&wm, f.x + 50, f.y + 10);
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now);
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now);
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now + 900000000ull);
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now + 900000000ull);
    now += 2000000000ull;
    CHECK(win[1].state == ORB_STATE_MAXIMIZED, "two slow clicks are not a double click");
    wm_set_state(&wm, &win[1], ORB_STATE_NORMAL);
    /* Minimize. */
    clear_logs();
    struct rect min = wm_button_rect(&wm, &win[1], WM_PART_MINIMIZE);
    click(min.x + 2, min.y + 2);
    CHECK(win[1].state == ORB_STATE_MINIMIZED && !wm_visible(&win[1]), "minimized");
    CHECK(wm.focus == &win[0], "focus moves to the window below");
    struct wm_hit h = wm_hit_test(&wm, min.x + 2, min.y + 2);
    CHECK(h.window != &win[1], "a minimized window takes no clicks");
    /* Close: the client is asked; released elsewhere, nothing happens. */
    clear_logs();
    struct rect close = wm_button_rect(&wm, &win[0], WM_PART_CLOSE);
    wm_pointer(&wm, close.x + 2, close.y + 2);
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now);
    wm_pointer(&wm, close.x + 60, close.y + 60);
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now);
    now += 1000000000ull;
    CHECK(count(0, ORB_EVENT_CLOSE) == 0, "released away from the button: no close");
    click(close.x + 2, close.y + 2);
    CHECK(count(0, ORB_EVENT_CLOSE) == 1, "the close button sends one CLOSE");
    wm_remove(&wm, &win[0]);
    CHECK(wm.focus == NULL, "no visible window left to focus (the other is minimized)");
}

static void key(uint32_t code, bool pressed, uint32_t mods)
{
    wm_key(&wm, code, pressed, mods, pressed ? "x" : NULL);
}

static void test_keys_and_alt_tab(void)
{
    setup();
    wm_add(&wm, &win[2]);
    clear_logs();
    key(COBALT_KEY_Q, true, 0);
    key(COBALT_KEY_Q, false, 0);
    CHECK(count(2, ORB_EVENT_KEY) == 2 && count(0, ORB_EVENT_KEY) == 0 &&
              count(1, ORB_EVENT_KEY) == 0,
          "keys go to the focused window only");
    CHECK(!strcmp(last(2, ORB_EVENT_KEY)->key.text, "") &&
              logs[2].ev[0].key.flags == ORB_KEY_PRESS && !strcmp(logs[2].ev[0].key.text, "x"),
          "a press carries its text, a release none");
    /* Alt-Tab: order is C, B, A; one Tab picks B. */
    clear_logs();
    key(COBALT_KEY_LALT, true, COBALT_MOD_LALT);
    key(COBALT_KEY_TAB, true, COBALT_MOD_LALT);
    CHECK(wm.switching && wm.switch_index == 1, "Alt-Tab shows the switcher on the next window");
    key(COBALT_KEY_TAB, false, COBALT_MOD_LALT);
    key(COBALT_KEY_LALT, false, 0);
    CHECK(!wm.switching && wm.focus == &win[1] && wm.stack[wm.count - 1] == &win[1],
          "releasing Alt focuses and raises it");
    CHECK(count(2, ORB_EVENT_KEY) == 1 && logs[2].ev[0].key.code == COBALT_KEY_LALT &&
              count(1, ORB_EVENT_KEY) == 0,
          "only Alt's press reaches the focused client; Tab and Alt's release are the switcher's");
    /* Two Tabs go two windows on, past the one just left: B, C, A -> A. */
    key(COBALT_KEY_LALT, true, COBALT_MOD_LALT);
    key(COBALT_KEY_TAB, true, COBALT_MOD_LALT);
    key(COBALT_KEY_TAB, true, COBALT_MOD_LALT);
    key(COBALT_KEY_LALT, false, 0);
    CHECK(wm.focus == &win[0], "two Tabs pick the third window");
    /* A minimized window comes back through Alt-Tab. */
    wm_set_state(&wm, &win[2], ORB_STATE_MINIMIZED);
    key(COBALT_KEY_LALT, true, COBALT_MOD_LALT);
    key(COBALT_KEY_TAB, true, COBALT_MOD_LALT);
    key(COBALT_KEY_TAB, true, COBALT_MOD_LALT);
    key(COBALT_KEY_LALT, false, 0);
    CHECK(wm.focus == &win[2] && win[2].state == ORB_STATE_NORMAL,
          "Alt-Tab restores a minimized window");
    /* Escape cancels. */
    struct wm_window *before = wm.focus;
    key(COBALT_KEY_LALT, true, COBALT_MOD_LALT);
    key(COBALT_KEY_TAB, true, COBALT_MOD_LALT);
    key(COBALT_KEY_ESC, true, COBALT_MOD_LALT);
    key(COBALT_KEY_LALT, false, 0);
    CHECK(wm.focus == before && !wm.switching, "Escape cancels the switcher");
}

static void test_grab(void)
{
    setup();
    clear_logs();
    wm_pointer(&wm, 400, 250); /* B's content */
    wm_button(&wm, COBALT_BUTTON_LEFT, true, now);
    wm_pointer(&wm, 900, 700); /* far outside */
    const struct orb_event *p = last(1, ORB_EVENT_POINTER);
    CHECK(p && p->pointer.x == 650 && p->pointer.y == 550, "during a grab B keeps the pointer");
    wm_button(&wm, COBALT_BUTTON_LEFT, false, now);
    const struct orb_event *b = last(1, ORB_EVENT_BUTTON);
    CHECK(b && !b->pointer.pressed, "the release goes to B too");
    CHECK(count(1, ORB_EVENT_LEAVE) == 1, "after the grab, B hears the pointer left");
    clear_logs();
    wm_pointer(&wm, 120, 120);
    CHECK(count(0, ORB_EVENT_ENTER) == 1 && count(0, ORB_EVENT_POINTER) == 1,
          "A hears ENTER and the motion");
    wm_scroll(&wm, 3);
    CHECK(last(0, ORB_EVENT_SCROLL) && last(0, ORB_EVENT_SCROLL)->pointer.wheel == 3,
          "the wheel goes to the window under the pointer");
}

static void test_on_top_and_remove(void)
{
    setup();
    win[2].flags = ORB_FLAG_ON_TOP | ORB_FLAG_BORDERLESS;
    win[2].content = (struct rect){0, 0, 1024, 30};
    wm_add(&wm, &win[2]);
    click(120, 120);
    CHECK(wm.stack[wm.count - 1] == &win[2] && wm.stack[wm.count - 2] == &win[0],
          "a raised window stays below an on-top one");
    wm_remove(&wm, &win[0]);
    CHECK(wm.focus == &win[2] || wm.focus == &win[1], "removing the focused window moves focus");
    CHECK(wm.count == 2, "it is gone from the stack");
    struct wm_window *order[8];
    int n = wm_switch_order(&wm, order, 8);
    CHECK(n == 1 && order[0] == &win[1], "on-top windows (panels) are not in Alt-Tab");
}

int main(void)
{
    test_focus_and_raise();
    test_move_and_resize();
    test_hit_parts();
    test_maximize_minimize_close();
    test_keys_and_alt_tab();
    test_grab();
    test_on_top_and_remove();
    if (fails) {
        printf("FAIL: %d of %d checks\n", fails, checks);
        return 1;
    }
    printf("PASS: %d window-manager checks\n", checks);
    return 0;
}
