/* libwindow (<cobalt/window.h>): Orbital's protocol for clients. */
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

static int map_buffer(struct cobalt_window *w, int width, int height, uint32_t serial)
{
    size_t len = (size_t)width * (size_t)height * 4;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, 0);
    if (p == MAP_FAILED)
        return -errno;
    if (w->pixels)
        munmap(w->pixels, (size_t)w->width * (size_t)w->height * 4);
    w->pixels = p;
    w->width = width, w->height = height, w->serial = serial;
    return 0;
}

int cobalt_window_open(struct cobalt_window *w, const char *flags, int x, int y, int width,
                       int height, const char *title)
{
    char path[512];
    memset(w, 0, sizeof *w);
    w->fd = -1;
    int n;
    if (x == ORB_AUTO || y == ORB_AUTO)
        n = snprintf(path, sizeof path, "orbital:%s/*/*/%d/%d/%s", flags, width, height, title);
    else
        n = snprintf(path, sizeof path, "orbital:%s/%d/%d/%d/%d/%s", flags, x, y, width, height,
                     title);
    if (n < 0 || (size_t)n >= sizeof path)
        return -ENAMETOOLONG;
    /* Orbital may still be starting (init starts services in order but does
     * not wait for them to be ready): its scheme appears within a few seconds. */
    int fd = -1;
    for (int tries = 0; tries < OPEN_TRIES; tries++) {
        fd = open(path, O_RDWR);
        if (fd >= 0 || errno != ENOENT)
            break;
        usleep(20000);
    }
    if (fd < 0)
        return -errno;
    w->fd = fd;
    int r = map_buffer(w, width, height, 0);
    if (r < 0) {
        close(fd);
        w->fd = -1;
    }
    return r;
}

int cobalt_window_request(struct cobalt_window *w, const void *request, uint32_t size)
{
    ssize_t n = write(w->fd, request, size);
    return n == (ssize_t)size ? 0 : n < 0 ? -errno : -EIO;
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
    return cobalt_window_request(w, &t, t.hdr.size);
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
        munmap(w->pixels, (size_t)w->width * (size_t)w->height * 4);
    if (w->fd >= 0)
        close(w->fd);
    w->pixels = NULL;
    w->fd = -1;
}
