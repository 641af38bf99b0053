/* Orbital's scheme: the window protocol's file operations (docs/orbital-
 * protocol.md). Every request is decoded by proto.c before anything
 * changes; a window id is looked up among the open windows, and a request on
 * a window of a disconnected client gets ECONNRESET (EPIPE means Orbital
 * itself is gone: a client re-attaches then, docs/orbital-protocol.md). */
#include "orbital.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

static long o_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx;
    struct orb_open o;
    int r = orb_decode_open(path, strlen(path), &o);
    if (r < 0)
        return r;
    long err = 0;
    struct window *w = window_create(&o, rq->msg.client_pid, &err);
    if (!w)
        return err;
    w->nonblock = flags & O_NONBLOCK;
    render_damage(wm_frame(&orb.wm, &w->wm));
    w->posted = WAIT_WRITABLE;
    if (ss_open_reply(rq, w->id, WAIT_WRITABLE) < 0)
        window_destroy(w); /* the client left before it got the window */
    return SS_DEFER;
}

/* The window of a request, or NULL with *err set. */
static struct window *lookup(uint64_t id, long *err)
{
    struct window *w = window_find(id);
    if (!w)
        *err = -EBADF;
    else if (w->broken)
        *err = -ECONNRESET;
    return w && !w->broken ? w : NULL;
}

static long o_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx;
    long err;
    struct window *w = lookup(id, &err);
    if (!w)
        return err;
    /* rule: whole events only */
    if (want < sizeof(struct orb_event))
        return -EINVAL;
    if (w->events.count) {
        size_t n = events_pop(&w->events, out, want / sizeof(struct orb_event));
        window_flush_reads(w); /* posts the new readiness */
        return (long)(n * sizeof(struct orb_event));
    }
    if (w->nonblock)
        return -EAGAIN;
    if (w->read_waiting)
        return -EBUSY; /* one reader at a time */
    w->read_waiting = true;
    w->read_tag = rq->msg.tag;
    w->read_want = want;
    return SS_DEFER;
}

static void present(struct window *w, const struct orb_req_damage *d)
{
    if (d->serial == w->next.serial && w->next.shm != w->shown.shm) {
        /* The client drew its new buffer: show it, drop the old. */
        struct buffer old = w->shown;
        w->shown = w->next;
        w->content_surface = (struct surface){w->shown.pixels, w->shown.w, w->shown.h, w->shown.w};
        if (old.pixels)
            cobalt_shm_unmap((long)old.pixels);
        if (old.shm >= 0)
            cobalt_handle_close(old.shm);
        w->presented = true;
        render_damage(wm_frame(&orb.wm, &w->wm));
        return;
    }
    if (!w->presented) {
        w->presented = true;
        cobalt_log_printf("orbital: client %d presented window %llu (%s)", w->pid,
                          (unsigned long long)w->id, w->title);
        cobalt_harness_printf("ORBITAL presented window %llu (%s)", (unsigned long long)w->id,
                              w->title);
        render_damage(wm_frame(&orb.wm, &w->wm));
        return;
    }
    struct rect r = {d->x + w->wm.content.x, d->y + w->wm.content.y, d->w, d->h};
    render_damage_exact(rect_intersect(r, w->wm.content));
}

static long apply(struct window *w, const struct orb_request *q)
{
    switch (q->type) {
    case ORB_REQ_DAMAGE:
        /* rule: the damage names the buffer shown or the newest one */
        if (q->damage.serial != w->shown.serial && q->damage.serial != w->next.serial)
            return -EINVAL;
        present(w, &q->damage);
        return 0;
    case ORB_REQ_SET_TITLE:
        memcpy(w->title, q->title, sizeof w->title);
        w->title_gen++;
        render_damage(wm_frame(&orb.wm, &w->wm));
        return 0;
    case ORB_REQ_MOVE:
        wm_move(&orb.wm, &w->wm, q->move.x, q->move.y);
        return 0;
    case ORB_REQ_RESIZE:
        wm_resize(&orb.wm, &w->wm, q->resize.w, q->resize.h);
        return 0;
    case ORB_REQ_SET_STATE:
        wm_set_state(&orb.wm, &w->wm, (enum orb_state)q->set_state.state);
        return 0;
    case ORB_REQ_SET_FLAGS: {
        uint32_t changed = q->set_flags.flags ^ w->wm.flags;
        /* rule: alpha is fixed at open (the buffer's meaning) */
        if (changed & ORB_FLAG_ALPHA)
            return -EINVAL;
        render_damage(wm_frame(&orb.wm, &w->wm));
        bool was_visible = wm_visible(&w->wm);
        w->wm.flags = q->set_flags.flags;
        if (was_visible && !wm_visible(&w->wm) && orb.wm.focus == &w->wm)
            wm_focus(&orb.wm, NULL);
        if (!was_visible && wm_visible(&w->wm)) {
            wm_raise(&orb.wm, &w->wm);
            wm_focus(&orb.wm, &w->wm);
        }
        render_damage(wm_frame(&orb.wm, &w->wm));
        return 0;
    }
    case ORB_REQ_PONG:
        if (liveness_pong(&w->live, q->pong.serial)) {
            render_damage(wm_frame(&orb.wm, &w->wm));
            cobalt_harness_printf("ORBITAL window %llu (%s) responding again",
                                  (unsigned long long)w->id, w->title);
        }
        return 0;
    }
    return -EINVAL;
}

static long o_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx;
    long err;
    struct window *w = lookup(id, &err);
    if (!w)
        return err;
    struct orb_request q;
    if (rq->msg.payload_total != len) {
        client_strike(w->pid, "a request larger than any request");
        return -EINVAL;
    }
    int r = orb_decode_request(data, len, &q);
    if (r == 0)
        r = (int)apply(w, &q);
    if (r < 0) {
        client_strike(w->pid, "too many malformed requests");
        return r;
    }
    return (long)len;
}

static long o_fmap(void *ctx, struct ss_request *rq, uint64_t id, uint64_t offset, uint64_t len,
                   uint64_t prot)
{
    (void)ctx, (void)rq, (void)prot;
    long err;
    struct window *w = lookup(id, &err);
    if (!w)
        return err;
    uint64_t size = ((uint64_t)w->next.w * (uint64_t)w->next.h * 4 + 4095) & ~4095ull;
    /* rule: the whole buffer from its start, no more */
    if (offset != 0 || len == 0 || len > size)
        return -EINVAL;
    return w->next.shm;
}

static long o_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                    uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)rq, (void)a2;
    long err;
    struct window *w = lookup(id, &err);
    if (!w)
        return err;
    if (code == FCALL_FLAGS) {
        if (a1 & ~(uint64_t)(O_NONBLOCK | O_APPEND))
            return -EINVAL;
        w->nonblock = a1 & O_NONBLOCK;
        return (long)(a1 & O_NONBLOCK);
    }
    if (code == FCALL_FSTAT) {
        struct stat st = {0};
        if (len < sizeof st)
            return -EINVAL;
        st.st_mode = S_IFCHR | 0600;
        st.st_ino = id;
        st.st_nlink = 1;
        memcpy(buf, &st, sizeof st);
        *reply_len = sizeof st;
        return 0;
    }
    return -ENOSYS;
}

static void o_close(void *ctx, uint64_t id)
{
    (void)ctx;
    struct window *w = window_find(id);
    if (!w)
        return;
    if (!w->broken)
        render_damage(wm_frame(&orb.wm, &w->wm));
    window_destroy(w);
}

const struct ss_ops orbital_ops = {.open = o_open,
                                   .read = o_read,
                                   .write = o_write,
                                   .fcall = o_fcall,
                                   .fmap = o_fmap,
                                   .close = o_close};
