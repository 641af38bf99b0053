/* pty: the pty: scheme (docs/pty.md). Owns the pair table and the requests:
 * open ("ptmx": a new pair's master; "N": pair N's slave, once unlocked),
 * read and write on either end (waiting with SS_DEFER; a read's bytes are
 * taken only once its answer arrived, so a reader interrupted by a signal
 * loses nothing), fcalls (fstat, flags, ioctl.c's terminal requests), close
 * (hang-ups) and poll readiness. The line discipline is ldisc.c. */
#include "pty.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct pair pairs[PTYS_MAX];
struct ss_scheme pty_scheme;
static long timer = -1; /* wakes the server for VTIME */

uint64_t pty_now(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

/* Arms the timer for the earliest VTIME deadline of a waiting slave read. */
static void rearm(void)
{
    uint64_t first = 0;
    for (int i = 0; i < PTYS_MAX; i++) {
        struct pair *p = &pairs[i];
        if (!p->used || !p->rd[END_SLAVE].n)
            continue;
        uint64_t d = ldisc_deadline(p, p->rd[END_SLAVE].w[0].start);
        if (d && (!first || d < first))
            first = d;
    }
    if (timer >= 0)
        cobalt_timer_set(timer, (long)first, 0);
}

static uint64_t make_id(const struct pair *p, int end)
{
    return (uint64_t)p->gen << 32 | (uint64_t)(p - pairs) << 1 | (uint64_t)end;
}

/* Rule: an id names a live pair's open end; anything else is EBADF. */
static struct pair *lookup(uint64_t id, int *end)
{
    uint64_t slot = (id & 0xFFFFFFFFu) >> 1;
    if (slot >= PTYS_MAX)
        return NULL;
    struct pair *p = &pairs[slot];
    *end = (int)(id & 1);
    if (!p->used || p->gen != (uint32_t)(id >> 32))
        return NULL;
    if (*end == END_MASTER ? !p->master_open : p->slaves == 0)
        return NULL;
    return p;
}

static int slave_hung_up(const struct pair *p)
{
    return p->slave_ever && p->slaves == 0;
}

static uint32_t readiness(const struct pair *p, int end)
{
    int eof;
    if (end == END_MASTER) {
        uint32_t ev = p->out.len ? WAIT_READABLE : 0;
        if (bq_space(&p->in))
            ev |= WAIT_WRITABLE;
        if (slave_hung_up(p))
            ev |= WAIT_READABLE | WAIT_HANGUP;
        return ev;
    }
    if (!p->master_open)
        return WAIT_READABLE | WAIT_WRITABLE | WAIT_HANGUP;
    uint32_t ev = ldisc_readable(p, IN_CAP, &eof, 0, 0) || eof ? WAIT_READABLE : 0;
    return ev | (bq_space(&p->out) >= 2 ? WAIT_WRITABLE : 0);
}

static void post(struct pair *p)
{
    for (int end = 0; end < 2; end++) {
        int open = end == END_MASTER ? p->master_open : p->slaves > 0;
        uint32_t ev = readiness(p, end);
        if (!open || (p->synced[end] && p->posted[end] == ev))
            continue;
        if (ss_notify(&pty_scheme, make_id(p, end), ev) > 0)
            p->synced[end] = 1;
        p->posted[end] = ev;
    }
}

static void pop(struct wq *q)
{
    free(q->w[0].data);
    memmove(q->w, q->w + 1, (size_t)(q->n - 1) * sizeof q->w[0]);
    q->n--;
}

/* Queues a request that waits; the oldest waiter goes when the queue is full
 * (bounded: it may be a client that was interrupted; a live one sees EINTR). */
static long defer(struct wq *q, struct ss_request *rq, size_t len, const void *data)
{
    if (q->n == WAITERS_MAX) {
        ss_reply(&pty_scheme, q->w[0].tag, -EINTR, NULL, 0);
        pop(q);
    }
    unsigned char *copy = NULL;
    if (data) {
        copy = malloc(len);
        if (!copy)
            return -ENOMEM;
        memcpy(copy, data, len);
    }
    q->w[q->n++] = (struct waiter){rq->msg.tag, rq->msg.client_pid, len, copy, pty_now()};
    return SS_DEFER;
}

/* Answers a master read from the output queue; takes the bytes only when the
 * answer arrived. */
static void give_master(struct pair *p, uint64_t tag, size_t want)
{
    size_t n = want < p->out.len ? want : p->out.len;
    if (ss_reply(&pty_scheme, tag, (long)n, p->out.b, n) == 0)
        bq_drop(&p->out, n);
}

/* Answers a slave read (that came at start) if the line discipline has
 * something for it: 1, else 0. */
static int give_slave(struct pair *p, uint64_t tag, size_t want, uint64_t start)
{
    int eof;
    size_t n = ldisc_readable(p, want, &eof, start, pty_now());
    if (!n && !eof)
        return 0;
    if (ss_reply(&pty_scheme, tag, (long)n, p->in.b, n) == 0)
        ldisc_consume(p, n); /* n == 0: an end-of-file mark goes */
    return 1;
}

void pty_wake(struct pair *p)
{
    for (int progress = 1; progress;) {
        progress = 0;
        struct wq *q = &p->wr[END_MASTER];
        while (q->n) {
            size_t n = ldisc_input(p, q->w[0].data, q->w[0].len);
            if (!n)
                break;
            ss_reply(&pty_scheme, q->w[0].tag, (long)n, NULL, 0);
            pop(q);
            progress = 1;
        }
        q = &p->wr[END_SLAVE];
        while (q->n) {
            size_t n = p->master_open ? ldisc_output(p, q->w[0].data, q->w[0].len) : 0;
            if (p->master_open && !n)
                break;
            ss_reply(&pty_scheme, q->w[0].tag, p->master_open ? (long)n : -EIO, NULL, 0);
            pop(q);
            progress = 1;
        }
        q = &p->rd[END_MASTER];
        while (q->n && (p->out.len || slave_hung_up(p))) {
            if (p->out.len)
                give_master(p, q->w[0].tag, q->w[0].len);
            else
                ss_reply(&pty_scheme, q->w[0].tag, -EIO, NULL, 0);
            pop(q);
            progress = 1;
        }
        q = &p->rd[END_SLAVE];
        while (q->n) {
            if (!p->master_open)
                ss_reply(&pty_scheme, q->w[0].tag, 0, NULL, 0); /* hung up: end of file */
            else if (!give_slave(p, q->w[0].tag, q->w[0].len, q->w[0].start))
                break;
            pop(q);
            progress = 1;
        }
    }
    post(p);
    rearm();
}

static long open_master(struct ss_request *rq)
{
    for (int i = 0; i < PTYS_MAX; i++) {
        struct pair *p = &pairs[i];
        if (p->used)
            continue;
        uint32_t gen = p->gen + 1;
        memset(p, 0, sizeof *p);
        p->gen = gen;
        p->used = 1;
        p->master_open = 1;
        p->locked = 1; /* as Linux: unlockpt first */
        ldisc_init(p);
        /* Answered here: a client interrupted while opening gets no file. */
        if (ss_open_reply(rq, make_id(p, END_MASTER), readiness(p, END_MASTER)) < 0)
            p->used = 0;
        p->synced[END_MASTER] = 1;
        p->posted[END_MASTER] = readiness(p, END_MASTER);
        return SS_DEFER;
    }
    return -ENOSPC;
}

static long open_slave(struct ss_request *rq, const char *path, int pid)
{
    /* Rule: "N" is a decimal pair number without leading zeros. */
    size_t len = strlen(path);
    if (len == 0 || len > 2 || (len == 2 && path[0] == '0'))
        return -ENOENT;
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        if (path[i] < '0' || path[i] > '9')
            return -ENOENT;
        n = n * 10 + (path[i] - '0');
    }
    if (n >= PTYS_MAX || !pairs[n].used)
        return -ENOENT;
    struct pair *p = &pairs[n];
    if (!p->master_open || p->locked)
        return -EIO; /* as Linux: hung up, or not unlocked yet */
    int ever = p->slave_ever;
    p->slaves++;
    p->slave_ever = 1;
    /* Answered here: a client interrupted while opening gets no file. */
    if (ss_open_reply(rq, make_id(p, END_SLAVE), readiness(p, END_SLAVE)) < 0) {
        p->slaves--;
        p->slave_ever = ever;
        return SS_DEFER;
    }
    p->synced[END_SLAVE] = 0; /* the other slave files: posted again below */
    if (p->nsession == SESSION_MAX) {
        memmove(p->session, p->session + 1, (SESSION_MAX - 1) * sizeof p->session[0]);
        p->nsession--;
    }
    p->session[p->nsession++] = pid;
    pty_wake(p); /* the master sees the slave: no hang-up any more */
    return SS_DEFER;
}

static long pty_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx;
    if (flags & O_PATH)
        return -ENOENT;
    if (strcmp(path, "ptmx") == 0)
        return open_master(rq);
    return open_slave(rq, path, rq->msg.client_pid);
}

static long pty_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx, (void)out;
    int end;
    struct pair *p = lookup(id, &end);
    if (!p)
        return -EBADF;
    if (want == 0)
        return 0;
    if (end == END_MASTER) {
        if (p->out.len) {
            give_master(p, rq->msg.tag, want);
            pty_wake(p);
            return SS_DEFER; /* answered */
        }
        if (slave_hung_up(p))
            return -EIO;
    } else {
        if (!p->master_open)
            return 0;
        if (!p->rd[END_SLAVE].n && give_slave(p, rq->msg.tag, want, pty_now())) {
            pty_wake(p);
            return SS_DEFER; /* answered */
        }
    }
    if (p->nonblock[end])
        return -EAGAIN;
    long r = defer(&p->rd[end], rq, want, NULL);
    post(p);
    rearm();
    return r;
}

static long pty_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx;
    int end;
    struct pair *p = lookup(id, &end);
    if (!p)
        return -EBADF;
    if (end == END_SLAVE && !p->master_open)
        return -EIO;
    if (len == 0)
        return 0;
    size_t n = 0;
    if (!p->wr[end].n)
        n = end == END_MASTER ? ldisc_input(p, data, len) : ldisc_output(p, data, len);
    if (n) {
        pty_wake(p);
        return (long)n;
    }
    if (p->nonblock[end])
        return -EAGAIN;
    long r = defer(&p->wr[end], rq, len, data);
    post(p);
    return r;
}

static long pty_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                      uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)a2;
    int end;
    struct pair *p = lookup(id, &end);
    if (!p)
        return -EBADF;
    long r;
    switch (code) {
    case FCALL_FSTAT: {
        struct stat st = {0};
        if (len < sizeof st)
            return -EINVAL;
        int n = (int)(p - pairs);
        st.st_mode = S_IFCHR | 0620;
        st.st_ino = end == END_MASTER ? 2 : 3 + (unsigned)n;
        st.st_rdev = end == END_MASTER ? (5 << 8 | 2) : (136 << 8 | (unsigned)n);
        st.st_nlink = 1;
        st.st_blksize = 1024;
        memcpy(buf, &st, sizeof st);
        *reply_len = sizeof st;
        r = 0;
        break;
    }
    case FCALL_FLAGS:
        if (a1 & ~(uint64_t)(O_NONBLOCK | O_APPEND))
            return -EINVAL;
        p->nonblock[end] = (a1 & O_NONBLOCK) != 0;
        r = (long)a1;
        break;
    case FCALL_IOCTL:
        r = pty_ioctl(p, end, rq->msg.client_pid, a1, buf, len, reply_len);
        break;
    default:
        return -ENOSYS;
    }
    post(p);
    return r;
}

static void pty_close(void *ctx, uint64_t id)
{
    (void)ctx;
    int end;
    struct pair *p = lookup(id, &end);
    if (!p)
        return;
    if (end == END_MASTER) {
        p->master_open = 0;
        /* Requests of the master's last handle cannot still wait; answer any, for safety. */
        struct wq *qs[2] = {&p->rd[END_MASTER], &p->wr[END_MASTER]};
        for (int k = 0; k < 2; k++) {
            while (qs[k]->n) {
                ss_reply(&pty_scheme, qs[k]->w[0].tag, -EIO, NULL, 0);
                pop(qs[k]);
            }
        }
        if (p->slaves)
            pty_signal_fg(p, SIGHUP); /* the terminal went away */
    } else if (--p->slaves > 0) {
        return;
    }
    pty_wake(p);
    if (!p->master_open && p->slaves == 0) {
        while (p->rd[END_SLAVE].n)
            pop(&p->rd[END_SLAVE]);
        while (p->wr[END_SLAVE].n)
            pop(&p->wr[END_SLAVE]);
        p->used = 0;
    }
}

static const struct ss_ops pty_ops = {
    .open = pty_open,
    .read = pty_read,
    .write = pty_write,
    .fcall = pty_fcall,
    .close = pty_close,
};

/* A VTIME deadline passed: answer the reads it ends. */
static void on_timer(void *arg, uint32_t revents)
{
    (void)arg, (void)revents;
    cobalt_timer_set(timer, -1L, 0); /* collect the expiry, keep the arming */
    for (int i = 0; i < PTYS_MAX; i++)
        if (pairs[i].used)
            pty_wake(&pairs[i]);
    rearm();
}

int main(void)
{
    static struct ss_loop loop;
    pty_scheme = (struct ss_scheme){.name = "pty", .ops = &pty_ops};
    ss_loop_init(&loop);
    long r = ss_loop_add_scheme(&loop, &pty_scheme);
    if (r < 0) {
        cobalt_log_printf("pty: scheme_register failed: %ld", r);
        return 1;
    }
    timer = cobalt_timer_create();
    if (timer < 0 || ss_loop_add_watch(&loop, timer, WAIT_READABLE, on_timer, NULL) < 0) {
        cobalt_log_printf("pty: no timer (%ld): VTIME will not end reads", timer);
        timer = -1;
    }
    cobalt_log_printf("pty: serving pty: (pid %ld)", cobalt_getpid());
    r = ss_loop_run(&loop);
    cobalt_log_printf("pty: wait_many failed: %ld", r);
    return 1;
}
