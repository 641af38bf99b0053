/* libwindow (<cobalt/window.h>): Orbital's protocol for clients, and the
 * re-attach of a window to a new Orbital after the old one died. */
#include <cobalt/window.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define OPEN_TRIES 250 /* x 20 ms: 5 s for Orbital to come up */

static size_t buffer_bytes(int width, int height)
{
    return (size_t)width * (size_t)height * 4;
}

static int map_buffer(struct cobalt_window *w, int width, int height, uint32_t serial)
{
    void *p = mmap(NULL, buffer_bytes(width, height), PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
    if (p == MAP_FAILED)
        return -errno;
    if (w->pixels)
        munmap(w->pixels, buffer_bytes(w->width, w->height));
    w->pixels = p;
    w->width = width, w->height = height, w->serial = serial;
    return 0;
}

/* Opens w's window path at size width x height: the fd, or -errno. Orbital
 * may still be starting (init starts services in order but does not wait
 * for them to be ready): its scheme appears within a few seconds. */
static int open_window(const struct cobalt_window *w, int width, int height)
{
    char path[512];
    int n;
    if (w->x == ORB_AUTO || w->y == ORB_AUTO)
        n = snprintf(path, sizeof path, "orbital:%s/*/*/%d/%d/%s", w->flags, width, height,
                     w->title);
    else
        n = snprintf(path, sizeof path, "orbital:%s/%d/%d/%d/%d/%s", w->flags, w->x, w->y, width,
                     height, w->title);
    if (n < 0 || (size_t)n >= sizeof path)
        return -ENAMETOOLONG;
    int fd = -1;
    for (int tries = 0; tries < OPEN_TRIES; tries++) {
        fd = open(path, O_RDWR);
        if (fd >= 0 || errno != ENOENT)
            break;
        usleep(20000);
    }
    return fd >= 0 ? fd : -errno;
}

int cobalt_window_open(struct cobalt_window *w, const char *flags, int x, int y, int width,
                       int height, const char *title)
{
    memset(w, 0, sizeof *w);
    w->fd = -1;
    if (strlen(flags) >= sizeof w->flags || strlen(title) >= sizeof w->title)
        return -ENAMETOOLONG;
    strcpy(w->flags, flags);
    strcpy(w->title, title);
    w->x = x, w->y = y;
    int fd = open_window(w, width, height);
    if (fd < 0)
        return fd;
    w->fd = fd;
    int r = map_buffer(w, width, height, 0);
    if (r < 0) {
        close(fd);
        w->fd = -1;
    }
    return r;
}

static int send_request(struct cobalt_window *w, const void *request, uint32_t size)
{
    ssize_t n = write(w->fd, request, size);
    return n == (ssize_t)size ? 0 : n < 0 ? -errno : -EIO;
}

/* Orbital died: the same window on the new one, with the old pixels shown. */
static int reattach(struct cobalt_window *w)
{
    int fd = open_window(w, w->width, w->height);
    if (fd < 0)
        return fd;
    uint32_t *old = w->pixels;
    size_t bytes = buffer_bytes(w->width, w->height);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        int err = -errno;
        close(fd);
        return err;
    }
    memcpy(p, old, bytes);
    munmap(old, bytes);
    close(w->fd);
    w->fd = fd;
    w->pixels = p;
    w->serial = 0;
    w->resized = true; /* the program should redraw: its RESIZE may come later */
    struct orb_req_damage d = {{ORB_REQ_DAMAGE, sizeof d}, 0, 0, w->width, w->height, 0, 0};
    return send_request(w, &d, sizeof d);
}

int cobalt_window_request(struct cobalt_window *w, const void *request, uint32_t size)
{
    int r = send_request(w, request, size);
    if (r != -EPIPE || (r = reattach(w)) != 0)
        return r;
    /* A damage is done: the re-attach showed the whole buffer (and the old
     * serial would be refused); anything else goes to the new Orbital. */
    const struct orb_request_header *h = request;
    return size >= sizeof *h && h->type == ORB_REQ_DAMAGE ? 0 : send_request(w, request, size);
}

int cobalt_window_damage(struct cobalt_window *w, int x, int y, int width, int height)
{
    if (width <= 0 || height <= 0)
        x = 0, y = 0, width = w->width, height = w->height;
    struct orb_req_damage d = {{ORB_REQ_DAMAGE, sizeof d}, x, y, width, height, w->serial, 0};
    return cobalt_window_request(w, &d, sizeof d);
}

int cobalt_window_set_title(struct cobalt_window *w, const char *title)
{
    struct orb_req_set_title t = {{ORB_REQ_SET_TITLE, 0}, 0, {0}};
    size_t n = strlen(title);
    if (n > ORB_TITLE_MAX)
        return -ENAMETOOLONG;
    t.len = (uint32_t)n;
    memcpy(t.title, title, n);
    t.hdr.size = (uint32_t)(offsetof(struct orb_req_set_title, title) + n);
    int r = cobalt_window_request(w, &t, t.hdr.size);
    if (r == 0)
        memcpy(w->title, title, n + 1); /* a re-attach opens it with this title */
    return r;
}

/* The event a re-attach returns: a RESIZE of the same size, so the program
 * redraws on the new Orbital. */
static int reattached_event(struct cobalt_window *w, struct orb_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->type = ORB_EVENT_RESIZE;
    ev->resize.w = w->width, ev->resize.h = w->height, ev->resize.serial = w->serial;
    w->resized = true;
    return 1;
}

int cobalt_window_event(struct cobalt_window *w, struct orb_event *ev, int timeout_ms)
{
    for (;;) {
        struct pollfd p = {.fd = w->fd, .events = POLLIN};
        int r = poll(&p, 1, timeout_ms);
        if (r < 0)
            return -errno;
        if (r == 0)
            return 0;
        ssize_t n = read(w->fd, ev, sizeof *ev);
        if (n < 0 && errno == EPIPE) {
            int a = reattach(w);
            return a < 0 ? a : reattached_event(w, ev);
        }
        if (n < 0)
            return errno == EAGAIN ? 0 : -errno;
        if (n != sizeof *ev)
            return -EIO;
        if (ev->type == ORB_EVENT_PING) {
            struct orb_req_pong pong = {{ORB_REQ_PONG, sizeof pong}, ev->ping.serial, 0};
            cobalt_window_request(w, &pong, sizeof pong);
            continue;
        }
        if (ev->type == ORB_EVENT_RESIZE) {
            int m = map_buffer(w, ev->resize.w, ev->resize.h, ev->resize.serial);
            if (m < 0)
                return m;
            w->resized = true;
        }
        return 1;
    }
}

void cobalt_window_close(struct cobalt_window *w)
{
    if (w->pixels)
        munmap(w->pixels, buffer_bytes(w->width, w->height));
    if (w->fd >= 0)
        close(w->fd);
    w->pixels = NULL;
    w->fd = -1;
}
