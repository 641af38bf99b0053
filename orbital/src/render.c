/* Orbital's output: the display driver's two pages (the video memory
 * itself), the wallpaper, and each frame — rebuild the scene from the window
 * stack, redraw the damage into the page not shown (plus what that page
 * missed while the other was shown), flip. Nothing is drawn when nothing
 * changed. A restarted display driver is reopened at the next flip. */
#include "orbital.h"

#include <cobalt/debug.h>
#include <cobalt/display.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <unistd.h>

int display_open(void)
{
    long fd = open_when_served("display:", O_RDWR);
    if (fd < 0)
        return -errno;
    struct display_mode mode;
    long r = cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)&mode, sizeof mode);
    if (r < 0 || mode.bpp != 32 || mode.pages < 2 || mode.pitch % 4) {
        close((int)fd);
        return r < 0 ? (int)r : -ENODEV;
    }
    void *base = mmap(NULL, mode.fmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
    if (base == MAP_FAILED) {
        close((int)fd);
        return -errno;
    }
    orb.display_fd = fd;
    orb.width = (int)mode.width, orb.height = (int)mode.height;
    orb.stride = (int)(mode.pitch / 4);
    for (int p = 0; p < 2; p++)
        orb.pages[p] = (uint32_t *)((char *)base + (size_t)p * mode.pitch * mode.height);
    orb.shown_page = (int)mode.shown;
    region_clear(&orb.damage);
    for (int p = 0; p < 2; p++) { /* both pages start unknown */
        region_clear(&orb.missed[p]);
        region_add(&orb.missed[p], (struct rect){0, 0, orb.width, orb.height});
    }
    /* The wallpaper: the theme's colour, darkening towards the bottom. */
    orb.wallpaper = malloc((size_t)orb.width * (size_t)orb.height * 4);
    if (!orb.wallpaper)
        return -ENOMEM;
    uint32_t c = orb.theme.desktop_background;
    for (int y = 0; y < orb.height; y++) {
        uint32_t k = 256 - (uint32_t)(y * 64 / orb.height); /* 256 .. 193 */
        uint32_t row = 0xFF000000u | (((c >> 16) & 255) * k >> 8) << 16 |
                       (((c >> 8) & 255) * k >> 8) << 8 | ((c & 255) * k >> 8);
        for (int x = 0; x < orb.width; x++)
            orb.wallpaper[(size_t)y * orb.width + x] = row;
    }
    return 0;
}

void render_damage(struct rect r)
{
    /* The shadow reaches past the frame: its pixels change too. */
    region_add_loose(&orb.damage, scene_shadow_extent(r, orb.theme.shadow_size));
}

void render_damage_exact(struct rect r)
{
    region_add_loose(&orb.damage, r);
}

static void build_scene(void)
{
    struct scene *sc = &orb.scene;
    sc->wallpaper = (struct surface){orb.wallpaper, orb.width, orb.height, orb.width};
    sc->count = 0;
    for (int i = 0; i < orb.wm.count; i++) {
        struct window *w = orb.wm.stack[i]->owner;
        window_redecorate(w);
        sc->stack[sc->count++] = &w->scene;
    }
    sc->cursor_px = &orb.cursor_surface;
    sc->cursor_visible = true;
    sc->cursor_x = orb.wm.px, sc->cursor_y = orb.wm.py;
}

#define SWITCHER_W   400
#define SWITCHER_ROW 30

/* The Alt-Tab panel: centred, one row per window in switch order. */
static struct rect switcher_rect(int rows)
{
    int h = 20 + rows * SWITCHER_ROW;
    return (struct rect){(orb.width - SWITCHER_W) / 2, (orb.height - h) / 2, SWITCHER_W, h};
}

static void draw_switcher(struct surface *target)
{
    struct wm_window *order[WM_WINDOWS_MAX];
    int n = wm_switch_order(&orb.wm, order, WM_WINDOWS_MAX);
    struct rect panel = switcher_rect(n);
    pixels_fill_blend(target, panel, orb.theme.switcher_background);
    for (int i = 0; i < n; i++) {
        struct rect row = {panel.x + 10, panel.y + 10 + i * SWITCHER_ROW, panel.w - 20,
                           SWITCHER_ROW};
        if (i == orb.wm.switch_index)
            pixels_fill(target, row, orb.theme.switcher_selected);
        struct window *w = order[i]->owner;
        if (orb.decor.text)
            orb.decor.text(orb.decor.text_ctx, target,
                           (struct rect){row.x + 10, row.y, row.w - 20, row.h}, w->title,
                           orb.theme.switcher_text);
    }
}

/* The display driver restarted (the old file hangs up): open the new one.
 * The mapping stays valid, being the video memory itself, and a restarted
 * driver adopts the mode and the page on the screen: only the file changes.
 * When the page shown is not the one Orbital thinks (the driver died in the
 * middle of a flip), Orbital takes the driver's and drops this frame: both
 * pages are redrawn whole, starting with the next frame (-EAGAIN). No
 * waiting (the next frame tries again); another mode is refused. */
static long display_reopen(void)
{
    int fd = open("display:", O_RDWR);
    if (fd < 0)
        return -errno;
    struct display_mode m;
    long r = cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)&m, sizeof m);
    if (r < 0 || (int)m.width != orb.width || (int)m.height != orb.height ||
        (int)(m.pitch / 4) != orb.stride || m.shown > 1) {
        close(fd);
        return r < 0 ? r : -ENODEV;
    }
    close((int)orb.display_fd);
    orb.display_fd = fd;
    cobalt_log_printf("orbital: display reopened after its driver restarted");
    if ((int)m.shown == orb.shown_page)
        return 0;
    orb.shown_page = (int)m.shown;
    for (int p = 0; p < 2; p++) {
        region_clear(&orb.missed[p]);
        region_add(&orb.missed[p], (struct rect){0, 0, orb.width, orb.height});
    }
    return -EAGAIN;
}

static long flip(int page)
{
    long r = cobalt_fcall(orb.display_fd, DISPLAY_FCALL_FLIP, page, 0, 0, 0);
    if (r == -EPIPE && (r = display_reopen()) == 0)
        r = cobalt_fcall(orb.display_fd, DISPLAY_FCALL_FLIP, page, 0, 0, 0);
    return r;
}

void render_frame(void)
{
    if (region_is_empty(&orb.damage))
        return;
    if (orb.wm.switching) { /* the panel is redrawn whole over whatever changed */
        struct wm_window *order[WM_WINDOWS_MAX];
        region_add(&orb.damage, switcher_rect(wm_switch_order(&orb.wm, order, WM_WINDOWS_MAX)));
    }
    int back = 1 - orb.shown_page;
    struct region todo;
    region_copy(&todo, &orb.missed[back]);
    region_add_region(&todo, &orb.damage);
    build_scene();
    struct surface target = {orb.pages[back], orb.width, orb.height, orb.stride};
    scene_compose(&orb.scene, &todo, &target, NULL);
    if (orb.wm.switching)
        draw_switcher(&target);
    long r = flip(back);
    if (r < 0) {
        cobalt_log_printf("orbital: flip failed (%ld)", r);
        return; /* keep the damage: the next frame tries again */
    }
    region_add_region(&orb.missed[orb.shown_page], &orb.damage);
    region_clear(&orb.missed[back]);
    region_clear(&orb.damage);
    orb.shown_page = back;
}
