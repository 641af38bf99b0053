/* Orbital's windows and clients: creating a window from a decoded open,
 * its shared-memory buffers (made by Orbital, so a client cannot shrink
 * them), its decorations, its event queue and deferred reads, per-client
 * caps, and disconnecting a client that breaks the rules. */
#include "orbital.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct window *window_find(uint64_t id)
{
    for (int i = 0; i < WINDOWS_MAX; i++)
        if (orb.windows[i].used && orb.windows[i].id == id)
            return &orb.windows[i];
    return NULL;
}

static void client_usage(int pid, int *windows, long *bytes)
{
    *windows = 0, *bytes = 0;
    for (int i = 0; i < WINDOWS_MAX; i++) {
        struct window *w = &orb.windows[i];
        if (w->used && w->pid == pid) {
            (*windows)++;
            *bytes += (long)w->shown.w * w->shown.h * 4 + (long)w->next.w * w->next.h * 4;
        }
    }
}

static void buffer_free(struct buffer *b)
{
    if (b->pixels)
        cobalt_shm_unmap((long)b->pixels);
    if (b->shm >= 0)
        cobalt_handle_close(b->shm);
    *b = (struct buffer){.shm = -1};
}

static int buffer_make(struct buffer *b, int w, int h, uint32_t serial)
{
    long shm = cobalt_shm_create((long)w * h * 4);
    if (shm < 0)
        return (int)shm;
    long addr = cobalt_shm_map(shm, 0, 3);
    if (addr < 0) {
        cobalt_handle_close(shm);
        return (int)addr;
    }
    *b = (struct buffer){.shm = shm, .pixels = (uint32_t *)addr, .w = w, .h = h, .serial = serial};
    return 0;
}

/* The frame geometry decor draws from, in frame coordinates. */
static void frame_of(const struct window *w, struct decor_frame *f)
{
    struct rect frame = wm_frame(&orb.wm, &w->wm);
    memset(f, 0, sizeof *f);
    f->width = frame.w, f->height = frame.h;
    f->content = (struct rect){w->wm.content.x - frame.x, w->wm.content.y - frame.y,
                               w->wm.content.w, w->wm.content.h};
    f->focused = orb.wm.focus == &w->wm;
    f->resizable = w->wm.flags & ORB_FLAG_RESIZABLE;
    f->maximized = w->wm.state == ORB_STATE_MAXIMIZED;
    f->not_responding = w->live.not_responding;
    f->title = w->title;
    enum wm_part parts[3] = {WM_PART_CLOSE, WM_PART_MAXIMIZE, WM_PART_MINIMIZE};
    struct rect *out[3] = {&f->close, &f->maximize, &f->minimize};
    for (int k = 0; k < 3; k++) {
        struct rect r = wm_button_rect(&orb.wm, &w->wm, parts[k]);
        if (!rect_empty(r))
            r.x -= frame.x, r.y -= frame.y;
        *out[k] = r;
    }
}

/* Brings the scene entry up to date with the window's state, redrawing the
 * frame surface only when what it shows changed. */
void window_redecorate(struct window *w)
{
    struct scene_window *s = &w->scene;
    s->visible = wm_visible(&w->wm);
    s->frame = wm_frame(&orb.wm, &w->wm);
    s->content = w->wm.content;
    s->content_alpha = w->wm.flags & ORB_FLAG_ALPHA;
    s->content_fill = orb.theme.desktop_background;
    s->content_px = w->presented ? &w->content_surface : NULL;
    bool borderless = w->wm.flags & ORB_FLAG_BORDERLESS;
    s->shadow = borderless ? 0 : orb.theme.shadow_size;
    region_clear(&s->opaque);
    if (!borderless) {
        struct decor_frame f;
        frame_of(w, &f);
        size_t need = (size_t)f.width * (size_t)f.height;
        if (w->frame_surface.width != f.width || w->frame_surface.height != f.height) {
            free(w->frame_px);
            w->frame_px = malloc(need * 4);
            w->drawn.valid = false;
            w->frame_surface = (struct surface){w->frame_px, f.width, f.height, f.width};
        }
        if (w->frame_px) {
            bool same = w->drawn.valid && w->drawn.focused == f.focused &&
                        w->drawn.maximized == f.maximized &&
                        w->drawn.not_responding == f.not_responding && w->drawn.width == f.width &&
                        w->drawn.height == f.height && w->drawn.title_gen == w->title_gen &&
                        w->drawn.flags == w->wm.flags;
            if (!same) {
                decor_draw(&orb.decor, &f, &w->frame_surface);
                w->drawn.valid = true, w->drawn.focused = f.focused;
                w->drawn.maximized = f.maximized, w->drawn.not_responding = f.not_responding;
                w->drawn.width = f.width, w->drawn.height = f.height;
                w->drawn.title_gen = w->title_gen, w->drawn.flags = w->wm.flags;
            }
            decor_opaque(&orb.theme, &f, &s->opaque);
            region_translate(&s->opaque, s->frame.x, s->frame.y);
            s->frame_px = &w->frame_surface;
        } else {
            s->frame_px = NULL;
        }
    } else {
        s->frame_px = NULL;
    }
    if (!s->content_alpha)
        region_add(&s->opaque, s->content); /* short buffers are filled: still opaque */
}

struct window *window_create(const struct orb_open *o, int pid, long *err)
{
    int count;
    long bytes;
    client_usage(pid, &count, &bytes);
    /* rule: per-client caps on windows and buffer bytes */
    if (count >= CLIENT_WINDOWS_MAX || bytes + (long)o->w * o->h * 4 > CLIENT_BYTES_MAX) {
        *err = -ENOSPC;
        return NULL;
    }
    struct window *w = NULL;
    for (int i = 0; i < WINDOWS_MAX && !w; i++)
        if (!orb.windows[i].used)
            w = &orb.windows[i];
    if (!w) {
        *err = -ENOSPC;
        return NULL;
    }
    memset(w, 0, sizeof *w);
    w->shown.shm = w->next.shm = -1;
    long r = buffer_make(&w->next, o->w, o->h, 0);
    if (r < 0) {
        *err = r;
        return NULL;
    }
    w->used = true;
    w->id = ++orb.next_id;
    w->pid = pid;
    memcpy(w->title, o->title, sizeof w->title);
    events_init(&w->events);
    int x = o->x, y = o->y;
    if (o->auto_place) { /* a fixed cascade: the same places on every run */
        int n = (int)(w->id % 8);
        x = 80 + 32 * n;
        y = 80 + 32 * n;
    }
    w->wm = (struct wm_window){.flags = o->flags, .content = {x, y, o->w, o->h}, .owner = w};
    w->shown = w->next; /* the first buffer is both */
    w->content_surface = (struct surface){w->shown.pixels, o->w, o->h, o->w};
    window_redecorate(w);
    if (wm_add(&orb.wm, &w->wm) < 0) {
        buffer_free(&w->next);
        w->used = false;
        *err = -ENOSPC;
        return NULL;
    }
    return w;
}

void window_destroy(struct window *w)
{
    wm_remove(&orb.wm, &w->wm); /* the scene is rebuilt from the stack every frame */
    if (w->next.shm != w->shown.shm)
        buffer_free(&w->next);
    buffer_free(&w->shown);
    free(w->frame_px);
    w->used = false;
}

/* A new buffer after a size change; the old one stays on screen until the
 * client presents the new serial. */
int window_resize_buffer(struct window *w, int width, int height)
{
    if (w->next.shm != w->shown.shm)
        buffer_free(&w->next);
    int r = buffer_make(&w->next, width, height, w->shown.serial + 1);
    if (r < 0) {
        w->next = w->shown;
        return r;
    }
    struct orb_event e = {.type = ORB_EVENT_RESIZE};
    e.resize.w = width, e.resize.h = height, e.resize.serial = w->next.serial;
    window_send(w, &e);
    return 0;
}

static void post(struct window *w)
{
    uint32_t ready = WAIT_WRITABLE | (w->events.count ? WAIT_READABLE : 0);
    if (w->broken)
        ready |= WAIT_HANGUP | WAIT_READABLE;
    if (ready != w->posted) {
        w->posted = ready;
        ss_notify(&orb.scheme, w->id, ready);
    }
}

/* Answers a deferred read when events wait. */
void window_flush_reads(struct window *w)
{
    if (w->read_waiting && (w->events.count || w->broken)) {
        static struct orb_event out[64];
        size_t max = w->read_want / sizeof *out;
        if (max > 64)
            max = 64;
        size_t n = events_pop(&w->events, out, max);
        long r =
            ss_reply(&orb.scheme, w->read_tag,
                     w->broken && !n ? -ECONNRESET : (long)(n * sizeof *out), out, n * sizeof *out);
        (void)r; /* -ESRCH: the reader left; the events were meant for it and are dropped */
        w->read_waiting = false;
    }
    post(w);
}

void window_send(struct window *w, const struct orb_event *e)
{
    if (w->broken)
        return;
    /* A close request starts the grace period after which a client that
     * neither closes nor answers pings is killed (windows_tick). */
    if (e->type == ORB_EVENT_CLOSE)
        liveness_close_asked(&w->live, orb_now());
    if (!events_push(&w->events, e)) {
        client_disconnect(w->pid, "its event queue overflowed (it does not read events)");
        return;
    }
    window_flush_reads(w);
}

void client_disconnect(int pid, const char *rule)
{
    cobalt_log_printf("orbital: client %d disconnected: %s", pid, rule);
    for (int i = 0; i < WINDOWS_MAX; i++) {
        struct window *w = &orb.windows[i];
        if (!w->used || w->pid != pid || w->broken)
            continue;
        w->broken = true;
        wm_remove(&orb.wm, &w->wm); /* gone from the screen; the file stays until closed */
        w->scene.visible = false;
        window_flush_reads(w);
    }
}

void client_strike(int pid, const char *rule)
{
    /* Strikes are counted on the client's first window. */
    for (int i = 0; i < WINDOWS_MAX; i++) {
        struct window *w = &orb.windows[i];
        if (w->used && w->pid == pid && !w->broken) {
            if (++w->strikes >= CLIENT_STRIKES_MAX)
                client_disconnect(pid, rule);
            return;
        }
    }
}

/* Pings, "not responding", and killing clients that ignore a close
 * (liveness.h decides; the harness markers are what tests wait for before
 * they screenshot a state reached by a timeout). */
void windows_tick(uint64_t now)
{
    bool round = now - orb.last_ping_round_ns >= LIVENESS_PING_EVERY_NS;
    if (round)
        orb.last_ping_round_ns = now;
    for (int i = 0; i < WINDOWS_MAX; i++) {
        struct window *w = &orb.windows[i];
        if (!w->used || w->broken)
            continue;
        unsigned act = liveness_tick(&w->live, now, round);
        if (act & LIVENESS_LATE) {
            window_redecorate(w);
            render_damage(wm_frame(&orb.wm, &w->wm));
            cobalt_harness_printf("ORBITAL window %llu (%s) not responding",
                                  (unsigned long long)w->id, w->title);
        }
        if (act & LIVENESS_PING) {
            struct orb_event e = {.type = ORB_EVENT_PING};
            e.ping.serial = w->live.ping_serial;
            window_send(w, &e);
        }
        if (act & LIVENESS_KILL) {
            cobalt_log_printf("orbital: client %d ignored a close request and does not respond: "
                              "killed",
                              w->pid);
            cobalt_kill(w->pid, SIGKILL);
            cobalt_harness_printf("ORBITAL killed client %d: it ignored a close request and "
                                  "does not respond",
                                  w->pid);
        }
    }
}
