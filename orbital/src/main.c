/* Orbital, Cobalt's window server: sets up the theme, the display, the
 * input devices and the `orbital:` scheme, then serves clients and composes
 * frames from one loop. Test mode (boot option test=1): fixed window
 * placement and no clock-driven drawing, so screenshots repeat exactly. */
#include "orbital.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct orbital orb;

uint64_t orb_now(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

/* A server Orbital needs (the display driver, the boot image's file server)
 * may still be starting: init starts services in order, not when ready. Waits
 * up to 2 s for path's scheme to appear. An fd, or -1 with errno. */
int open_when_served(const char *path, int flags)
{
    for (int tries = 0;; tries++) {
        int fd = open(path, flags);
        if (fd >= 0 || errno != ENOENT || tries == 100)
            return fd;
        usleep(20000);
    }
}

static void load_theme(void)
{
    theme_default(&orb.theme);
    int fd = open_when_served("/etc/themes/default.theme", O_RDONLY);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        cobalt_log_printf("orbital: no /etc/themes/default.theme: the built-in theme");
        return;
    }
    static char text[16384];
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    char err[160];
    if (theme_parse(&orb.theme, text, n, err, sizeof err) < 0)
        cobalt_log_printf("orbital: default.theme refused (%s): the built-in theme", err);
}

static bool test_mode(void)
{
    char opts[512] = {0};
    if (cobalt_sysinfo(SYSINFO_OPTIONS, (long)opts, sizeof opts - 1) < 0)
        return false;
    for (char *p = strstr(opts, "test="); p; p = strstr(p + 1, "test="))
        if ((p == opts || p[-1] == ' ') && p[5] && p[5] != '0' && p[5] != ' ')
            return true;
    return false;
}

static void wm_send(void *ctx, struct wm_window *w, const struct orb_event *e)
{
    (void)ctx;
    window_send(w->owner, e);
}

static void wm_damage(void *ctx, struct rect r)
{
    (void)ctx;
    render_damage(r);
}

static void wm_resized(void *ctx, struct wm_window *w)
{
    (void)ctx;
    struct window *win = w->owner;
    if (window_resize_buffer(win, w->content.w, w->content.h) < 0)
        cobalt_log_printf("orbital: no memory for a %dx%d buffer of client %d", w->content.w,
                          w->content.h, win->pid);
}

static const struct wm_ops wm_ops = {wm_send, wm_damage, wm_resized};

int main(void)
{
    orb.test_mode = test_mode();
    orb.kbd_fd = orb.pointer_fd = orb.mouse_fd = -1;
    load_theme();
    orb.decor = (struct decor_style){.theme = &orb.theme};
    title_text_open();
    int r = display_open();
    if (r < 0) {
        cobalt_log_printf("orbital: no display (%d)", r);
        return 1;
    }
    struct wm_metrics m;
    wm_metrics_default(&m);
    m.title_height = orb.theme.title_height;
    m.border = orb.theme.border;
    m.button_size = orb.theme.button_size;
    m.button_gap = orb.theme.button_gap;
    wm_init(&orb.wm, (struct rect){0, 0, orb.width, orb.height}, &m, &wm_ops, NULL);
    orb.wm.px = orb.width / 2, orb.wm.py = orb.height / 2;
    int hx, hy;
    decor_cursor(orb.cursor_px, &hx, &hy);
    orb.cursor_surface = (struct surface){orb.cursor_px, CURSOR_W, CURSOR_H, CURSOR_W};
    orb.scene.cursor_hot_x = hx, orb.scene.cursor_hot_y = hy;
    ss_loop_init(&orb.loop);
    orb.scheme = (struct ss_scheme){.name = "orbital", .ops = &orbital_ops};
    long e = ss_loop_add_scheme(&orb.loop, &orb.scheme);
    if (e < 0) {
        cobalt_log_printf("orbital: cannot register orbital: (%ld)", e);
        return 1;
    }
    input_open();
    render_frame();
    cobalt_log_printf("orbital: %dx%d, serving orbital:%s", orb.width, orb.height,
                      orb.test_mode ? " (test mode)" : "");
    cobalt_harness_printf("ORBITAL ready %dx%d", orb.width, orb.height);
    for (;;) {
        long n = ss_loop_run_once(&orb.loop, 100000000L);
        if (n < 0 && n != -EINTR) {
            cobalt_log_printf("orbital: wait failed (%ld)", n);
            return 1;
        }
        uint64_t now = orb_now();
        windows_tick(now);
        if (!input_complete() || orb.pointer_fd < 0)
            input_open();
        render_frame();
    }
}
