/* Input event schemes with per-client bounded queues (evq.h). */
#include "evq.h"

#include "drv.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#define REC              sizeof(struct cobalt_input_event)
#define READ_MAX_RECORDS 64 /* at most this many records per read */

static struct evq_client *client_of(struct evq *q, uint64_t id)
{
    for (int i = 0; i < EVQ_CLIENTS; i++)
        if (q->clients[i].id == id)
            return &q->clients[i];
    return NULL;
}

/* Copies up to max records out of c's queue (consume: remove them). */
static size_t take(struct evq_client *c, struct cobalt_input_event *out, size_t max, int consume)
{
    size_t n = c->count < max ? c->count : max;
    for (size_t i = 0; i < n; i++)
        out[i] = c->q[(c->head + i) % EVQ_DEPTH];
    if (n && c->dropped)
        out[0].flags |= COBALT_INPUT_F_DROPPED;
    if (consume && n) {
        c->head = (c->head + (unsigned)n) % EVQ_DEPTH;
        c->count -= (unsigned)n;
        c->dropped = 0;
    }
    return n;
}

static void notify(struct evq *q, struct evq_client *c)
{
    ss_notify(&q->scheme, c->id, c->count ? WAIT_READABLE : 0);
}

void evq_push(struct evq *q, const struct cobalt_input_event *ev)
{
    static struct cobalt_input_event out[READ_MAX_RECORDS];
    struct cobalt_input_event e = *ev;
    e.time_ns = drv_now_ns();
    for (int i = 0; i < EVQ_CLIENTS; i++) {
        struct evq_client *c = &q->clients[i];
        if (!c->id)
            continue;
        if (c->count == EVQ_DEPTH) { /* full: the oldest goes */
            c->head = (c->head + 1) % EVQ_DEPTH;
            c->count--;
            c->dropped = 1;
        }
        c->q[(c->head + c->count) % EVQ_DEPTH] = e;
        c->count++;
        if (c->waiting) {
            size_t n = take(c, out, c->want, 0);
            c->waiting = 0;
            /* A client that is gone (-ESRCH) keeps its events for its next read. */
            if (ss_reply(&q->scheme, c->tag, (long)(n * REC), out, n * REC) == 0)
                take(c, out, n, 1);
        }
        notify(q, c);
    }
}

static long evq_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)rq;
    struct evq *q = ctx;
    if (path[0] != 0)
        return -ENOENT;
    for (int i = 0; i < EVQ_CLIENTS; i++) {
        struct evq_client *c = &q->clients[i];
        if (!c->id) {
            memset(c, 0, sizeof *c);
            c->id = q->next_id++;
            c->nonblock = (flags & O_NONBLOCK) != 0;
            notify(q, c);
            return (long)c->id;
        }
    }
    return -EMFILE;
}

static long evq_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    struct evq *q = ctx;
    struct evq_client *c = client_of(q, id);
    if (!c)
        return -EBADF;
    /* Whole records only. */
    if (want < REC)
        return -EINVAL;
    size_t max = want / REC < READ_MAX_RECORDS ? want / REC : READ_MAX_RECORDS;
    if (c->count) {
        size_t n = take(c, out, max, 1);
        notify(q, c);
        return (long)(n * REC);
    }
    if (c->nonblock)
        return -EAGAIN;
    if (c->waiting) /* one read at a time per open file */
        return -EBUSY;
    c->waiting = 1;
    c->tag = rq->msg.tag;
    c->want = max;
    return SS_DEFER;
}

static long evq_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                      uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)rq, (void)a2;
    struct evq *q = ctx;
    struct evq_client *c = client_of(q, id);
    if (!c)
        return -EBADF;
    if (code == FCALL_FSTAT)
        return drv_fstat_chr(buf, len, reply_len, q->ino);
    if (code == FCALL_FLAGS) {
        if (a1 & ~(uint64_t)O_NONBLOCK)
            return -EINVAL;
        c->nonblock = (a1 & O_NONBLOCK) != 0;
        return (long)a1;
    }
    return -ENOSYS;
}

static void evq_close(void *ctx, uint64_t id)
{
    struct evq_client *c = client_of(ctx, id);
    if (c)
        c->id = 0;
}

static const struct ss_ops evq_ops = {
    .open = evq_open, .read = evq_read, .fcall = evq_fcall, .close = evq_close};

void evq_init(struct evq *q, const char *name, uint64_t ino)
{
    memset(q, 0, sizeof *q);
    q->scheme = (struct ss_scheme){.name = name, .ops = &evq_ops, .ctx = q};
    q->next_id = 1;
    q->ino = ino;
}
