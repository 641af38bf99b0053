/* pipe: the pipe: scheme, POSIX pipes for libc's pipe()/pipe2() (protocol:
 * <cobalt/pipe.h>; semantics and limits: docs/pipes.md).
 *
 * This file owns the pipe table and the request handlers. Each pipe has one
 * read-end file and at most one write-end file (their ids carry the slot, a
 * generation and the end); handles to them are shared by dup and fork, and the
 * kernel sends CLOSE when the last one goes. Reads wait for data (SS_DEFER) in
 * a FIFO, writes wait for room; every answer that moves bytes is sent first
 * and the queue changes only when it arrived, so a client interrupted by a
 * signal loses no data and doubles none (ring.h). */
#include <cobalt/debug.h>
#include <cobalt/pipe.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "ring.h"

#define PIPES_MAX      256 /* pipes alive at once */
#define PIPES_PER_PID  64  /* pipes one process may have created and not yet freed */
#define WAITERS_MAX    32  /* blocked reads, and blocked writes, per pipe */
#define END_READ       0
#define END_WRITE      1
#define WRITER_PENDING 0 /* the token was not used yet: counts as a writer */
#define WRITER_OPEN    1
#define WRITER_CLOSED  2

struct waiter {
    uint64_t tag;
    int pid;
    size_t len;          /* bytes wanted (read) or to write */
    unsigned char *data; /* write: a copy of the bytes (the request's buffer is gone) */
};

struct pipe {
    int used;
    uint32_t gen;
    int creator;
    uint64_t serial; /* st_ino */
    struct ring ring;
    int reader_open;
    int writer;
    int nonblock[2];
    int synced[2]; /* readiness posted once since the end's file exists */
    uint32_t posted[2];
    char token[PIPE_TOKEN_LEN + 1];
    struct waiter readers[WAITERS_MAX], writers[WAITERS_MAX];
    int nreaders, nwriters;
};

static struct pipe pipes[PIPES_MAX];
static struct ss_scheme scheme;
static uint64_t serials;
static uint64_t rng_state;
static unsigned char scratch[SS_IO_MAX];

/* Tokens: a splitmix64 stream seeded from the clocks and the pid. Not
 * cryptographic (docs/pipes.md): unguessable enough that a process cannot hit
 * a pipe it was not given by trying tokens. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void make_token(char *out)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t now = 0;
    cobalt_clock_get(0, (long)&now);
    rng_state ^= now; /* fold in the time of each pipe's birth */
    uint64_t v[2] = {rng_next(), rng_next()};
    for (int i = 0; i < PIPE_TOKEN_LEN; i++)
        out[i] = hex[(v[i / 16] >> (4 * (i % 16))) & 15];
    out[PIPE_TOKEN_LEN] = 0;
}

static uint64_t make_id(int slot, int end)
{
    return (uint64_t)pipes[slot].gen << 32 | (uint64_t)slot << 1 | (uint64_t)end;
}

/* Rule: an id names a live pipe's open end; anything else is EBADF. */
static struct pipe *lookup(uint64_t id, int *end)
{
    uint64_t slot = (id & 0xFFFFFFFFu) >> 1;
    if (slot >= PIPES_MAX)
        return NULL;
    struct pipe *p = &pipes[slot];
    *end = (int)(id & 1);
    if (!p->used || p->gen != (uint32_t)(id >> 32))
        return NULL;
    if (*end == END_READ ? !p->reader_open : p->writer != WRITER_OPEN)
        return NULL;
    return p;
}

static uint32_t readiness(const struct pipe *p, int end)
{
    if (end == END_READ) {
        uint32_t ev = p->ring.count ? WAIT_READABLE : 0;
        if (p->writer == WRITER_CLOSED)
            ev |= WAIT_READABLE | WAIT_HANGUP;
        return ev;
    }
    if (!p->reader_open)
        return WAIT_WRITABLE | WAIT_HANGUP;
    return ring_space(&p->ring) >= PIPE_ATOMIC_MAX && !p->nwriters ? WAIT_WRITABLE : 0;
}

/* Posts each open end's readiness when it changed (or was never posted). */
static void post(struct pipe *p)
{
    int slot = (int)(p - pipes);
    for (int end = 0; end < 2; end++) {
        int open = end == END_READ ? p->reader_open : p->writer == WRITER_OPEN;
        uint32_t ev = readiness(p, end);
        if (!open || (p->synced[end] && p->posted[end] == ev))
            continue;
        if (ss_notify(&scheme, make_id(slot, end), ev) > 0)
            p->synced[end] = 1;
        p->posted[end] = ev;
    }
}

static int pipes_of(int pid)
{
    int n = 0;
    for (int i = 0; i < PIPES_MAX; i++)
        n += pipes[i].used && pipes[i].creator == pid;
    return n;
}

static void free_pipe(struct pipe *p)
{
    for (int i = 0; i < p->nwriters; i++)
        free(p->writers[i].data);
    ring_free(&p->ring);
    uint32_t gen = p->gen + 1;
    memset(p, 0, sizeof *p);
    p->gen = gen;
}

static void pop(struct waiter *q, int *n)
{
    memmove(q, q + 1, (size_t)(*n - 1) * sizeof *q);
    (*n)--;
}

/* Answers a read with up to want bytes; takes them only when the answer
 * arrived. Returns ss_reply's result. */
static long give(struct pipe *p, uint64_t tag, size_t want)
{
    size_t n = ring_peek(&p->ring, scratch, want);
    long r = ss_reply(&scheme, tag, (long)n, scratch, n);
    if (r == 0)
        ring_consume(&p->ring, n);
    return r;
}

/* Appends what the write may put in now and answers it; undoes the append
 * when the writer is gone. Returns 1 when answered, 0 when it must wait. */
static int take(struct pipe *p, uint64_t tag, const void *data, size_t len)
{
    size_t space = ring_space(&p->ring);
    /* Rule: a write of at most PIPE_BUF bytes goes in whole or waits. */
    if (len <= PIPE_ATOMIC_MAX ? space < len : space == 0)
        return 0;
    size_t n = len < space ? len : space;
    if (ring_append(&p->ring, data, n) < 0) {
        ss_reply(&scheme, tag, -ENOMEM, NULL, 0);
        return 1;
    }
    if (ss_reply(&scheme, tag, (long)n, NULL, 0) < 0)
        ring_unappend(&p->ring, n);
    return 1;
}

/* A write with no reader: EPIPE first, then SIGPIPE (a signal that came
 * while the writer still waited would make its call end in EINTR). */
static void refuse_epipe(uint64_t tag, int pid)
{
    ss_reply(&scheme, tag, -EPIPE, NULL, 0);
    cobalt_kill(pid, SIGPIPE);
}

/* Serves the waiting readers and writers as far as the pipe allows. */
static void wake(struct pipe *p)
{
    for (;;) {
        int progress = 0;
        while (p->nwriters) {
            struct waiter *w = &p->writers[0];
            if (!p->reader_open) {
                refuse_epipe(w->tag, w->pid);
            } else if (!take(p, w->tag, w->data, w->len)) {
                break;
            }
            free(w->data);
            pop(p->writers, &p->nwriters);
            progress = 1;
        }
        while (p->nreaders && (p->ring.count || p->writer == WRITER_CLOSED)) {
            struct waiter *w = &p->readers[0];
            if (p->ring.count)
                give(p, w->tag, w->len);
            else
                ss_reply(&scheme, w->tag, 0, NULL, 0); /* end of file */
            pop(p->readers, &p->nreaders);
            progress = 1;
        }
        if (!progress)
            break;
    }
    post(p);
}

static long open_new(struct ss_request *rq, uint64_t flags)
{
    /* Rule: "pipe:new" gives the read end only. */
    if ((flags & O_ACCMODE) != O_RDONLY)
        return -EINVAL;
    int pid = rq->msg.client_pid;
    if (pipes_of(pid) >= PIPES_PER_PID)
        return -EMFILE;
    for (int i = 0; i < PIPES_MAX; i++) {
        struct pipe *p = &pipes[i];
        if (p->used)
            continue;
        uint32_t gen = p->gen;
        memset(p, 0, sizeof *p);
        p->gen = gen;
        p->used = 1;
        p->creator = pid;
        p->serial = ++serials;
        p->ring.cap = PIPE_CAPACITY;
        p->reader_open = 1;
        p->writer = WRITER_PENDING;
        p->nonblock[END_READ] = (flags & O_NONBLOCK) != 0;
        make_token(p->token);
        /* Answered here: a client interrupted while opening gets no file, so
         * the pipe goes again (nothing would ever close it). */
        if (ss_open_reply(rq, make_id(i, END_READ), 0) < 0) {
            free_pipe(p);
            return SS_DEFER;
        }
        p->synced[END_READ] = 1;
        return SS_DEFER;
    }
    return -ENFILE;
}

static long open_token(struct ss_request *rq, const char *path, uint64_t flags)
{
    /* Rule: a token opens the write end of its pipe once, write-only. */
    if (strlen(path) != PIPE_TOKEN_LEN)
        return -ENOENT;
    for (int i = 0; i < PIPES_MAX; i++) {
        struct pipe *p = &pipes[i];
        if (!p->used || p->writer != WRITER_PENDING || memcmp(p->token, path, PIPE_TOKEN_LEN))
            continue;
        if ((flags & O_ACCMODE) != O_WRONLY)
            return -EINVAL;
        p->writer = WRITER_OPEN;
        p->nonblock[END_WRITE] = (flags & O_NONBLOCK) != 0;
        /* A client interrupted while opening gets no file: the token stays good. */
        if (ss_open_reply(rq, make_id(i, END_WRITE), readiness(p, END_WRITE)) < 0) {
            p->writer = WRITER_PENDING;
            return SS_DEFER;
        }
        memset(p->token, 0, sizeof p->token); /* used up */
        p->synced[END_WRITE] = 1;
        p->posted[END_WRITE] = readiness(p, END_WRITE);
        return SS_DEFER;
    }
    return -ENOENT;
}

static long pipe_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx;
    if (flags & O_PATH)
        return -ENOENT; /* no names to stat: pipes exist only as open ends */
    if (strcmp(path, "new") == 0)
        return open_new(rq, flags);
    return open_token(rq, path, flags);
}

static long pipe_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx, (void)out;
    int end;
    struct pipe *p = lookup(id, &end);
    if (!p)
        return -EBADF;
    if (end != END_READ)
        return -EBADF; /* rule: the write end cannot be read */
    if (want == 0)
        return 0;
    if (p->ring.count) {
        give(p, rq->msg.tag, want);
        wake(p);
        return SS_DEFER; /* answered above */
    }
    if (p->writer == WRITER_CLOSED)
        return 0;
    if (p->nonblock[END_READ])
        return -EAGAIN;
    if (p->nreaders == WAITERS_MAX) {
        /* Bounded: the oldest waiter goes (it may be a client that was
         * interrupted and is not waiting any more; a live one sees EINTR). */
        ss_reply(&scheme, p->readers[0].tag, -EINTR, NULL, 0);
        pop(p->readers, &p->nreaders);
    }
    p->readers[p->nreaders++] = (struct waiter){rq->msg.tag, rq->msg.client_pid, want, NULL};
    return SS_DEFER;
}

static long pipe_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx;
    int end;
    struct pipe *p = lookup(id, &end);
    if (!p)
        return -EBADF;
    if (end != END_WRITE)
        return -EBADF; /* rule: the read end cannot be written */
    if (!p->reader_open) {
        refuse_epipe(rq->msg.tag, rq->msg.client_pid);
        return SS_DEFER; /* answered */
    }
    if (len == 0)
        return 0;
    /* Writes keep their order: nothing passes a waiting writer. */
    if (!p->nwriters && take(p, rq->msg.tag, data, len)) {
        wake(p);
        return SS_DEFER; /* answered by take */
    }
    if (p->nonblock[END_WRITE])
        return -EAGAIN;
    if (p->nwriters == WAITERS_MAX)
        return -EAGAIN; /* bounded: more blocked writers than this fail */
    unsigned char *copy = malloc(len);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, data, len);
    p->writers[p->nwriters++] = (struct waiter){rq->msg.tag, rq->msg.client_pid, len, copy};
    post(p);
    return SS_DEFER;
}

static long pipe_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                       uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)rq, (void)a2;
    int end;
    struct pipe *p = lookup(id, &end);
    if (!p)
        return -EBADF;
    switch (code) {
    case FCALL_FSTAT: {
        struct stat st = {0};
        if (len < sizeof st)
            return -EINVAL;
        st.st_mode = S_IFIFO | 0600;
        st.st_ino = p->serial;
        st.st_nlink = 1;
        st.st_blksize = PIPE_ATOMIC_MAX;
        memcpy(buf, &st, sizeof st);
        *reply_len = sizeof st;
        return 0;
    }
    case FCALL_IOCTL: {
        if (a1 != FIONREAD)
            return -ENOTTY;
        int n = end == END_READ ? (int)p->ring.count : 0;
        if (len < sizeof n)
            return -EINVAL;
        memcpy(buf, &n, sizeof n);
        *reply_len = sizeof n;
        return 0;
    }
    case FCALL_FLAGS:
        if (a1 & ~(uint64_t)(O_NONBLOCK | O_APPEND))
            return -EINVAL;
        p->nonblock[end] = (a1 & O_NONBLOCK) != 0;
        return (long)a1;
    case PIPE_FCALL_TOKEN:
        /* Rule: only the read end tells the token, and only until it is used. */
        if (end != END_READ || p->writer != WRITER_PENDING)
            return -EPERM;
        if (len < PIPE_TOKEN_LEN + 1)
            return -EINVAL;
        memcpy(buf, p->token, PIPE_TOKEN_LEN + 1);
        *reply_len = PIPE_TOKEN_LEN + 1;
        p->synced[END_READ] = 0;
        post(p);
        return 0;
    case PIPE_FCALL_SYNC:
        p->synced[end] = 0;
        post(p);
        return 0;
    default:
        return -ENOSYS;
    }
}

static void pipe_close(void *ctx, uint64_t id)
{
    (void)ctx;
    int end;
    struct pipe *p = lookup(id, &end);
    if (!p)
        return;
    if (end == END_READ) {
        p->reader_open = 0;
        /* Blocked readers of a closed read end cannot exist (the last handle
         * is gone), but answer any left, for safety. */
        while (p->nreaders) {
            ss_reply(&scheme, p->readers[0].tag, -EBADF, NULL, 0);
            pop(p->readers, &p->nreaders);
        }
        ring_free(&p->ring);
        p->ring.cap = PIPE_CAPACITY;
    } else {
        p->writer = WRITER_CLOSED;
    }
    wake(p);
    if (!p->reader_open && p->writer != WRITER_OPEN)
        free_pipe(p);
}

static const struct ss_ops pipe_ops = {
    .open = pipe_open,
    .read = pipe_read,
    .write = pipe_write,
    .fcall = pipe_fcall,
    .close = pipe_close,
};

int main(void)
{
    uint64_t mono = 0, real = 0;
    cobalt_clock_get(0, (long)&mono);
    cobalt_clock_get(1, (long)&real);
    rng_state = mono * 0x9E3779B97F4A7C15ull ^ real ^ (uint64_t)cobalt_getpid() << 40;
    scheme = (struct ss_scheme){.name = "pipe", .ops = &pipe_ops};
    return ss_serve(&scheme, "pipe");
}
