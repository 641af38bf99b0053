/* libscheme's request path: receive a request, check its shape, call the
 * scheme's handler, answer. The checks here are the ones every server needs
 * (path length and NULs, sizes clamped to SS_IO_MAX, unknown operations), so a
 * handler only ever sees well-formed arguments. */
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <string.h>

/* The loop is single-threaded: one receive buffer, one read buffer, one path. */
static unsigned char rx[SS_IO_MAX];
static unsigned char tx[SS_IO_MAX];
static char path[SS_PATH_MAX + 1];

static long do_open(struct ss_scheme *s, struct ss_request *rq)
{
    if (rq->msg.payload_total > SS_PATH_MAX)
        return -ENAMETOOLONG;
    if (memchr(rq->payload, 0, rq->payload_len))
        return -EINVAL; /* rule: a path never holds a NUL */
    memcpy(path, rq->payload, rq->payload_len);
    path[rq->payload_len] = 0;
    if (!s->ops->open)
        return -ENOENT;
    return s->ops->open(s->ctx, rq, path, rq->msg.arg[0]);
}

static void answer(struct ss_scheme *s, struct ss_request *rq, long result, const void *data,
                   size_t len)
{
    if (result == SS_DEFER)
        return;
    if (result < 0)
        data = NULL, len = 0;
    cobalt_scheme_reply(s->endpoint, (long)rq->msg.tag, result, (long)data, (long)len);
}

static void dispatch(struct ss_scheme *s, struct ss_request *rq)
{
    const struct ss_ops *ops = s->ops;
    uint64_t id = rq->msg.id;
    long result = -ENOSYS;
    switch (rq->msg.op) {
    case SCHEME_OPEN:
        answer(s, rq, do_open(s, rq), NULL, 0);
        return;
    case SCHEME_READ: {
        size_t want = rq->msg.arg[0] < SS_IO_MAX ? (size_t)rq->msg.arg[0] : SS_IO_MAX;
        if (ops->read)
            result = ops->read(s->ctx, rq, id, tx, want);
        const void *data = rq->reply_data ? rq->reply_data : tx;
        size_t n = result > 0 ? (size_t)result : 0;
        if (n > want)
            result = (long)(n = want); /* never more than asked */
        answer(s, rq, result, data, n);
        return;
    }
    case SCHEME_WRITE:
        if (ops->write)
            result = ops->write(s->ctx, rq, id, rq->payload, rq->payload_len);
        if (result > (long)rq->payload_len && result != SS_DEFER)
            result = (long)rq->payload_len;
        answer(s, rq, result, NULL, 0);
        return;
    case SCHEME_FCALL: {
        size_t len = rq->msg.payload_total < SS_IO_MAX ? (size_t)rq->msg.payload_total : SS_IO_MAX;
        size_t reply_len = 0;
        memset(rx + rq->payload_len, 0, len - rq->payload_len);
        if (rq->msg.arg[0] == 0)
            result = -EINVAL;
        else if (ops->fcall)
            result = ops->fcall(s->ctx, rq, id, rq->msg.arg[0], rq->msg.arg[1], rq->msg.arg[2], rx,
                                len, &reply_len);
        answer(s, rq, result, rx, reply_len < len ? reply_len : len);
        return;
    }
    case SCHEME_FMAP:
        if (ops->fmap)
            result = ops->fmap(s->ctx, rq, id, rq->msg.arg[0], rq->msg.arg[1], rq->msg.arg[2]);
        answer(s, rq, result, NULL, 0);
        return;
    case SCHEME_CLOSE:
        if (ops->close)
            ops->close(s->ctx, id);
        return; /* nobody waits for a close */
    default:
        answer(s, rq, -ENOSYS, NULL, 0);
        return;
    }
}

/* Takes one request if one is queued: 1 served, 0 none, -errno. */
static long serve_one(struct ss_scheme *s)
{
    struct ss_request rq = {.scheme = s};
    long n =
        cobalt_scheme_recv(s->endpoint, (long)&rq.msg, (long)rx, sizeof rx, SCHEME_RECV_NONBLOCK);
    if (n == -EAGAIN)
        return 0;
    if (n < 0)
        return n;
    rq.payload = rx;
    rq.payload_len = rq.msg.payload_len < sizeof rx ? (size_t)rq.msg.payload_len : sizeof rx;
    dispatch(s, &rq);
    return 1;
}

void ss_serve_pending(struct ss_scheme *s)
{
    /* A bound, so one busy scheme cannot starve the loop's other items. */
    for (int i = 0; i < 64; i++)
        if (serve_one(s) <= 0)
            return;
}

long ss_reply(struct ss_scheme *s, uint64_t tag, long result, const void *data, size_t len)
{
    if (result < 0)
        data = NULL, len = 0;
    return cobalt_scheme_reply(s->endpoint, (long)tag, result, (long)data, (long)len);
}

long ss_notify(struct ss_scheme *s, uint64_t id, uint32_t events)
{
    return cobalt_scheme_notify(s->endpoint, (long)id, (long)events);
}
