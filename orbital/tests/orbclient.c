/* Orbital's test client (the ORBT* screenshot tests, tests/cases/orbital.py):
 * opens the windows of a scenario at fixed places, draws each in its own
 * colours, redraws on resize, closes on a close request, and reports every
 * event it gets on the harness channel ("EV <window> <event> ...") so a test
 * can check where input went. Usage: orbclient <scenario>; the misbehaving
 * scenarios (crash, garbage, noread, many) break the protocol on purpose. */
#include <cobalt/debug.h>
#include <cobalt/input.h>
#include <cobalt/window.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WIN 8

struct win {
    struct cobalt_window w;
    const char *name;
    uint32_t colour;
    bool open;
};

static struct win wins[MAX_WIN];
static volatile uintptr_t crash_address = 16; /* unmapped: the write faults */
static int nwins;

/* A fill with a darker band every 16 rows and a 1-pixel frame: moves and
 * resizes show in screenshots. */
static void paint(struct win *v)
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

static int open_win(const char *name, const char *flags, int x, int y, int wd, int ht, uint32_t c)
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

/* Serves every window's events until all are closed. */
static int run(void)
{
    for (;;) {
        struct pollfd p[MAX_WIN];
        int open = 0;
        for (int i = 0; i < nwins; i++) {
            p[i] = (struct pollfd){.fd = wins[i].open ? wins[i].w.fd : -1, .events = POLLIN};
            open += wins[i].open;
        }
        if (!open)
            return 0;
        if (poll(p, (nfds_t)nwins, -1) < 0 && errno != EINTR)
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

int main(int argc, char **argv)
{
    const char *s = argc > 1 ? argv[1] : "two";
    if (!strcmp(s, "two")) {
        if (open_win("A", "r", 120, 140, 360, 240, 0xFFC0392Bu) < 0 ||
            open_win("B", "r", 420, 300, 360, 240, 0xFF27AE60u) < 0)
            return 1;
    } else if (!strcmp(s, "one")) {
        if (open_win("A", "r", 200, 160, 400, 300, 0xFF2980B9u) < 0)
            return 1;
    } else if (!strcmp(s, "crashmix")) {
        /* Two good windows, then a second client that crashes mid-draw. */
        if (open_win("A", "r", 120, 140, 360, 240, 0xFFC0392Bu) < 0 ||
            open_win("B", "r", 420, 300, 360, 240, 0xFF27AE60u) < 0)
            return 1;
        pid_t child = fork();
        if (child == 0) {
            nwins = 0;
            if (open_win("C", "r", 300, 200, 300, 200, 0xFF8E44ADu) < 0)
                _exit(1);
            cobalt_harness_printf("ORBTEST crashing");
            volatile int *nowhere = (volatile int *)(uintptr_t)crash_address;
            *nowhere = 1;
            _exit(0);
        }
        int status = 0;
        waitpid(child, &status, 0);
        cobalt_harness_printf("ORBTEST crasher ended %s",
                              WIFSIGNALED(status) ? "by a signal" : "normally");
    } else if (!strcmp(s, "crash")) {
        open_win("C", "r", 300, 200, 300, 200, 0xFF8E44ADu);
        for (int y = 0; y < 50; y++) /* half a picture, then a crash */
            for (int x = 0; x < 300; x++)
                wins[0].w.pixels[y * 300 + x] = 0xFFFFFF00u;
        cobalt_harness_printf("ORBTEST crashing");
        volatile int *nowhere = (volatile int *)(uintptr_t)crash_address;
        *nowhere = 1;
    } else if (!strcmp(s, "garbage")) {
        open_win("G", "r", 500, 100, 200, 150, 0xFFE67E22u);
        int refused = 0, other = 0;
        for (int i = 0; i < 40; i++) {
            unsigned char junk[40];
            for (size_t k = 0; k < sizeof junk; k++)
                junk[k] = (unsigned char)(i * 31 + k * 7);
            ssize_t n = write(wins[0].w.fd, junk, 8 + (size_t)(i % 32));
            if (n < 0 && errno == EINVAL)
                refused++;
            else if (n < 0 && errno == EPIPE)
                break;
            else
                other++;
        }
        ssize_t n = write(wins[0].w.fd, "x", 1);
        cobalt_harness_printf("ORBTEST garbage refused=%d other=%d after=%s", refused, other,
                              n < 0 && errno == EPIPE ? "EPIPE" : "open");
        pause();
    } else if (!strcmp(s, "noread")) {
        open_win("N", "r", 100, 400, 300, 200, 0xFF16A085u);
        cobalt_harness_printf("ORBTEST ready noread");
        pause(); /* never reads: its queue fills and Orbital drops it */
    } else if (!strcmp(s, "many")) {
        static struct cobalt_window many[200];
        int n = 0, err = 0;
        while (n < 200 &&
               (err = cobalt_window_open(&many[n], "-", 10 + n, 10 + n, 20, 20, "m")) == 0)
            n++;
        cobalt_harness_printf("ORBTEST many opened=%d refused=%d", n, err);
        pause();
    } else {
        cobalt_harness_printf("ORBTEST unknown scenario %s", s);
        return 2;
    }
    cobalt_harness_printf("ORBTEST ready %s", s);
    return run();
}
