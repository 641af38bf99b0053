/* orbclient's windows: opening them at fixed places, painting each in its
 * own colours, redrawing on resize, closing on a close request, and
 * reporting every event on the harness channel ("EV <window> <event> ...")
 * so a test can check where input went. */
#include "orbclient.h"

#include <cobalt/debug.h>
#include <cobalt/input.h>
#include <errno.h>
#include <poll.h>
#include <sys/wait.h>

struct win wins[MAX_WIN];
int nwins;
static volatile uintptr_t crash_address = 16; /* unmapped: the write faults */

void crash_now(void)
{
    volatile int *nowhere = (volatile int *)(uintptr_t)crash_address;
    *nowhere = 1;
}

/* A fill with a darker band every 16 rows and a 1-pixel frame: moves and
 * resizes show in screenshots. */
void paint(struct win *v)
{
    struct cobalt_window *w = &v->w;
    uint32_t dark = 0xFF000000u | ((v->colour >> 1) & 0x7F7F7F);
    for (int y = 0; y < w->height; y++)
        for (int x = 0; x < w->width; x++) {
            bool edge = x == 0 || y == 0 || x == w->width - 1 || y == w->height - 1;
            w->pixels[(size_t)y * w->width + x] = edge           ? 0xFF000000u
                                                  : (y / 16) % 2 ? dark
                                                                 : v->colour;
        }
    cobalt_window_damage(w, 0, 0, 0, 0);
}

int open_win(const char *name, const char *flags, int x, int y, int wd, int ht, uint32_t c)
{
    struct win *v = &wins[nwins];
    int r = cobalt_window_open(&v->w, flags, x, y, wd, ht, name);
    if (r < 0) {
        cobalt_harness_printf("ORBTEST open %s failed %d", name, r);
        return r;
    }
    v->name = name, v->colour = c, v->open = true;
    nwins++;
    paint(v);
    return 0;
}

static const char *type_name(uint32_t t)
{
    static const char *const names[] = {"?",     "KEY",   "POINTER", "BUTTON", "SCROLL", "ENTER",
                                        "LEAVE", "FOCUS", "RESIZE",  "CLOSE",  "PING",   "STATE"};
    return t < sizeof names / sizeof *names ? names[t] : "?";
}

static void report(struct win *v, const struct orb_event *e)
{
    switch (e->type) {
    case ORB_EVENT_KEY:
        cobalt_harness_printf("EV %s KEY %u %s %s", v->name, e->key.code,
                              e->key.flags == ORB_KEY_PRESS ? "down" : "up",
                              e->key.text[0] ? e->key.text : "-");
        return;
    case ORB_EVENT_BUTTON:
        cobalt_harness_printf("EV %s BUTTON %u %s %d %d", v->name, e->pointer.button,
                              e->pointer.pressed ? "down" : "up", e->pointer.x, e->pointer.y);
        return;
    case ORB_EVENT_POINTER:
        return; /* too many to report; tests look at buttons */
    case ORB_EVENT_FOCUS:
        cobalt_harness_printf("EV %s FOCUS %s", v->name, e->focus.in ? "in" : "out");
        return;
    case ORB_EVENT_RESIZE:
        cobalt_harness_printf("EV %s RESIZE %d %d", v->name, e->resize.w, e->resize.h);
        return;
    case ORB_EVENT_STATE:
        cobalt_harness_printf("EV %s STATE %u", v->name, e->state.state);
        return;
    default:
        cobalt_harness_printf("EV %s %s", v->name, type_name(e->type));
    }
}

/* Reports how the watched child ended once it has: the pid still to watch. */
static pid_t reap(pid_t child)
{
    int status = 0;
    if (child <= 0 || waitpid(child, &status, WNOHANG) != child)
        return child;
    if (WIFSIGNALED(status))
        cobalt_harness_printf("ORBTEST child %d ended by signal %d", (int)child, WTERMSIG(status));
    else
        cobalt_harness_printf("ORBTEST child %d exited %d", (int)child, WEXITSTATUS(status));
    return 0;
}

int run(pid_t child)
{
    for (;;) {
        child = reap(child);
        struct pollfd p[MAX_WIN];
        int open = 0;
        for (int i = 0; i < nwins; i++) {
            p[i] = (struct pollfd){.fd = wins[i].open ? wins[i].w.fd : -1, .events = POLLIN};
            open += wins[i].open;
        }
        if (!open)
            return 0;
        /* With a child to watch, look at it every 50 ms. */
        if (poll(p, (nfds_t)nwins, child > 0 ? 50 : -1) < 0 && errno != EINTR)
            return 1;
        for (int i = 0; i < nwins; i++) {
            if (!wins[i].open || !(p[i].revents & (POLLIN | POLLHUP)))
                continue;
            struct orb_event e;
            int r = cobalt_window_event(&wins[i].w, &e, 0);
            if (r < 0) {
                cobalt_harness_printf("EV %s GONE %d", wins[i].name, r);
                cobalt_window_close(&wins[i].w);
                wins[i].open = false;
                continue;
            }
            if (r == 0)
                continue;
            report(&wins[i], &e);
            if (e.type == ORB_EVENT_RESIZE)
                paint(&wins[i]);
            if (e.type == ORB_EVENT_CLOSE) {
                cobalt_window_close(&wins[i].w);
                wins[i].open = false;
            }
        }
    }
}
