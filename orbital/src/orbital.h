/* Orbital's server state: the one struct the modules share (display, input,
 * window manager, windows, clients, damage), and the modules' entry points.
 * Single-threaded: everything runs from the libscheme loop in main.c. */
#ifndef ORBITAL_ORBITAL_H
#define ORBITAL_ORBITAL_H

#include "decor.h"
#include "events.h"
#include "liveness.h"
#include "proto.h"
#include "region.h"
#include "scene.h"
#include "theme.h"
#include "wm.h"

#include <cobalt/scheme_server.h>
#include <stdbool.h>
#include <stdint.h>

#define WINDOWS_MAX        WM_WINDOWS_MAX
#define CLIENT_WINDOWS_MAX 64                   /* per client (pid) */
#define CLIENT_BYTES_MAX   (256L * 1024 * 1024) /* window buffers per client */
#define CLIENT_STRIKES_MAX 16                   /* refused requests before a disconnect */

struct buffer {
    long shm;         /* the shared-memory handle (the client's fmap gets it) */
    uint32_t *pixels; /* Orbital's own mapping */
    int w, h;
    uint32_t serial;
};

struct window {
    bool used;
    uint64_t id; /* the scheme file id */
    int pid;     /* the client that opened it */
    bool broken; /* its client was disconnected: requests get ECONNRESET */
    struct wm_window wm;
    struct scene_window scene;
    char title[ORB_TITLE_MAX + 1];
    struct buffer shown; /* what the screen shows */
    struct buffer next;  /* after a resize: the buffer the client should draw into */
    bool presented;      /* the client has reported damage at least once */
    struct surface content_surface;
    uint32_t *frame_px; /* decorations, frame-sized */
    uint32_t title_gen; /* bumped when the title changes */
    /* What frame_px was drawn for: redrawn only when one of these changes, not
     * every frame (text rendering is the costly part). */
    struct {
        bool valid, focused, maximized, not_responding;
        int width, height;
        uint32_t title_gen, flags;
    } drawn;
    struct surface frame_surface;
    struct events events;
    bool read_waiting; /* a READ is deferred */
    uint64_t read_tag;
    size_t read_want;
    bool nonblock;
    struct liveness live; /* pings, "not responding", a close request's deadline */
    uint32_t posted;      /* readiness last posted */
    int strikes;          /* refused requests (counted on the client's first window) */
};

struct orbital {
    bool test_mode;
    struct theme theme;
    struct decor_style decor;
    struct wm wm;
    struct scene scene;
    struct ss_loop loop;
    struct ss_scheme scheme;
    struct window windows[WINDOWS_MAX];
    uint64_t next_id;
    /* The display: two pages; the damage each has missed since it was drawn. */
    long display_fd;
    uint32_t *pages[2];
    int width, height, stride;
    int shown_page;
    struct region missed[2];
    struct region damage; /* since the last frame */
    /* Input. */
    long kbd_fd, pointer_fd, mouse_fd;
    uint32_t cursor_px[CURSOR_W * CURSOR_H];
    struct surface cursor_surface;
    uint32_t *wallpaper;
    uint64_t last_ping_round_ns;
};

extern struct orbital orb;

uint64_t orb_now(void);
/* main.c: open(), waiting up to 2 s for a server that is still starting. */
int open_when_served(const char *path, int flags);

/* window.c */
struct window *window_create(const struct orb_open *o, int pid, long *err);
struct window *window_find(uint64_t id);
void window_destroy(struct window *w);
int window_resize_buffer(struct window *w, int width, int height);
void window_redecorate(struct window *w);
void window_send(struct window *w, const struct orb_event *e);
void window_flush_reads(struct window *w);
void client_disconnect(int pid, const char *rule);
void client_strike(int pid, const char *rule);
void windows_tick(uint64_t now);

/* server.c */
extern const struct ss_ops orbital_ops;

/* render.c */
int display_open(void);
void render_damage(struct rect r);
/* Marks r alone for redrawing: pixels that cast no shadow change (the
 * cursor, a client's damage inside its content). */
void render_damage_exact(struct rect r);
void render_frame(void);

/* title_text.c */
void title_text_open(void);

/* input.c */
void input_open(void);
bool input_complete(void);

#endif
