/* Orbital's input: the keyboard (kbd:), the absolute pointer (pointer:) and
 * the PS/2 mouse (ps2mouse:, only without the absolute pointer) drivers'
 * events, fed to the window manager. A
 * driver that restarts gives EPIPE on its old file: Orbital reopens it. */
#include "orbital.h"

#include <cobalt/debug.h>
#include <cobalt/input.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

struct source {
    const char *path;
    long *fd;
};

static struct source sources[] = {
    {"kbd:", &orb.kbd_fd}, {"pointer:", &orb.pointer_fd}, {"ps2mouse:", &orb.mouse_fd}};

static void damage_cursor(void)
{
    render_damage_exact((struct rect){orb.wm.px - orb.scene.cursor_hot_x,
                                      orb.wm.py - orb.scene.cursor_hot_y, CURSOR_W, CURSOR_H});
}

static void pointer_to(int x, int y)
{
    x = x < 0 ? 0 : x >= orb.width ? orb.width - 1 : x;
    y = y < 0 ? 0 : y >= orb.height ? orb.height - 1 : y;
    if (x == orb.wm.px && y == orb.wm.py)
        return;
    damage_cursor();
    wm_pointer(&orb.wm, x, y);
    damage_cursor();
}

/* time_ns: when the driver took the event, so a double click is measured
 * between the user's two presses, not between the moments Orbital got to
 * them (a frame composed in between would eat into the interval). */
static void buttons_to(uint32_t buttons, uint64_t time_ns)
{
    static const uint32_t each[] = {COBALT_BUTTON_LEFT, COBALT_BUTTON_RIGHT, COBALT_BUTTON_MIDDLE};
    for (int i = 0; i < 3; i++) {
        bool now = buttons & each[i], before = orb.wm.buttons & each[i];
        if (now != before)
            wm_button(&orb.wm, each[i], now, time_ns ? time_ns : orb_now());
    }
}

static void handle(const struct cobalt_input_event *e)
{
    switch (e->type) {
    case COBALT_INPUT_KEY: {
        char text[sizeof e->text + 1];
        memcpy(text, e->text, sizeof e->text);
        text[sizeof e->text] = 0;
        wm_key(&orb.wm, e->code, e->flags & COBALT_INPUT_F_PRESS, e->mods, text);
        return;
    }
    case COBALT_INPUT_ABS:
        pointer_to(e->x, e->y);
        buttons_to(e->buttons, e->time_ns);
        if (e->wheel)
            wm_scroll(&orb.wm, e->wheel);
        return;
    case COBALT_INPUT_REL:
        pointer_to(orb.wm.px + e->x, orb.wm.py + e->y);
        buttons_to(e->buttons, e->time_ns);
        if (e->wheel)
            wm_scroll(&orb.wm, e->wheel);
        return;
    }
}

static void reopen(struct source *s);

static void readable(void *arg, uint32_t revents)
{
    struct source *s = arg;
    struct cobalt_input_event ev[16];
    (void)revents;
    ssize_t n = read((int)*s->fd, ev, sizeof ev);
    if (n < 0 && (errno == EPIPE || errno == EBADF)) {
        cobalt_log_printf("orbital: %s went away: reopening", s->path);
        ss_loop_remove_watch(&orb.loop, *s->fd);
        close((int)*s->fd);
        *s->fd = -1;
        reopen(s);
        return;
    }
    for (ssize_t i = 0; n > 0 && i < n / (ssize_t)sizeof *ev; i++)
        handle(&ev[i]);
}

static void reopen(struct source *s)
{
    long fd = open(s->path, O_RDONLY);
    if (fd < 0) {
        *s->fd = -1;
        return; /* input_open tries again from the tick */
    }
    *s->fd = fd;
    ss_loop_add_watch(&orb.loop, fd, WAIT_READABLE, readable, s);
}

void input_open(void)
{
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        /* With the absolute pointer (vmmouse), the PS/2 mouse's packets are only
         * its doorbells (docs/drivers.md): they would move and click twice. */
        if (sources[i].fd == &orb.mouse_fd && orb.pointer_fd >= 0)
            continue;
        if (*sources[i].fd < 0)
            reopen(&sources[i]);
    }
}

bool input_complete(void)
{
    return orb.kbd_fd >= 0 && (orb.pointer_fd >= 0 || orb.mouse_fd >= 0);
}
