/* libwindow: the client side of Orbital's window protocol (docs/orbital-
 * protocol.md) for C programs — open a window, get its pixels, present
 * damage, read events. It answers pings, follows resizes and re-attaches a
 * window to a restarted Orbital by itself, so a program only draws and
 * handles what it cares about. docs/libwindow.md. */
#ifndef COBALT_WINDOW_H
#define COBALT_WINDOW_H

#include <cobalt/orbital.h>
#include <stdbool.h>
#include <stdint.h>

struct cobalt_window {
    int fd;
    int width, height; /* of the buffer in `pixels` */
    uint32_t *pixels;  /* width * height pixels, 0xAARRGGBB, rows of width */
    uint32_t serial;   /* of that buffer */
    bool resized;      /* set when a RESIZE event gave a new buffer: redraw all */
    /* What re-attaching needs (libwindow's own): how the window was opened. */
    char flags[16];
    char title[ORB_TITLE_MAX + 1];
    int x, y; /* as opened (ORB_AUTO: placed by Orbital) */
};

/* Opens a window: flags as in the protocol ("-" or letters), x/y ORB_AUTO
 * for automatic placement. 0 or -errno; while Orbital is not up yet (no
 * orbital: scheme) it waits up to 5 s for it. */
#define ORB_AUTO (-100000)
int cobalt_window_open(struct cobalt_window *w, const char *flags, int x, int y, int width,
                       int height, const char *title);
/* Shows the pixels of a rectangle (or the whole window for w = 0). */
int cobalt_window_damage(struct cobalt_window *w, int x, int y, int width, int height);
int cobalt_window_set_title(struct cobalt_window *w, const char *title);
int cobalt_window_request(struct cobalt_window *w, const void *request, uint32_t size);
/* The next event: waits up to timeout_ms (-1 forever, 0 not at all). 1 with
 * *ev filled, 0 on timeout, -errno. PINGs are answered here and never
 * returned; a RESIZE is returned after the new buffer is mapped (w->pixels,
 * width, height, serial are the new ones and w->resized is set).
 * When Orbital has died (EPIPE), the window is opened again on the new
 * Orbital (waiting up to 5 s for it, whatever timeout_ms says) with its
 * title, its flags and place as opened, and its current size; the old
 * pixels are copied into the new buffer and shown, w->resized is set, and a
 * RESIZE of the same size is returned so the program redraws. A request
 * that meets a dead Orbital re-attaches the same way and is sent again (a
 * DAMAGE is not: the re-attach showed everything). A client Orbital
 * disconnected for misbehaving gets ECONNRESET and is not re-attached.
 * A window is used from one thread at a time (libwindow takes no lock). */
int cobalt_window_event(struct cobalt_window *w, struct orb_event *ev, int timeout_ms);
void cobalt_window_close(struct cobalt_window *w);

#endif
