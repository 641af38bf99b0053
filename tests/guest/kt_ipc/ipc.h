/* kt_ipc: scheme IPC works (docs/syscalls.md, docs/kernel.md "IPC: schemes"):
 * what a server receives for open/read/write/close/fmap and what its
 * answers do for the client, exact payloads small and large, handles
 * duplicated and closed, several clients at once, a server that dies or
 * closes its endpoint, a client that dies or is interrupted mid-request,
 * tags, shared memory through fmap. Owns UIPC*; one file per area.
 *
 * This header: what the files share (defined in helpers.c), the request
 * helpers (reg, open_path, reply, take, TAKE), the client threads and the
 * mailbox. Most cases serve from the main thread, step by step, while client
 * threads (or forked clients) make the blocking calls; handles are per
 * process, so the main thread also uses the files its client threads opened.
 * Scheme names differ per case, so a failed case leaves nothing for the next. */
#ifndef KT_IPC_IPC_H
#define KT_IPC_IPC_H

#include "kt.h"

#define RW (PROT_READ | PROT_WRITE)

long reg(const char *name);
long open_path(const char *path, long flags);
long reply(long ep, uint64_t tag, long result, const void *data, size_t len);
long recv_nb(long ep, struct scheme_request *r, void *buf, size_t cap);
/* The next request within 3 s (polling, so a missing request fails the case
 * instead of hanging it): recv's result, or -ETIMEDOUT. */
long take(long ep, struct scheme_request *r, void *buf, size_t cap);
const char *op_name(uint32_t op);

/* The request and payload buffer TAKE and EXPECT_NOTHING receive into. */
extern struct scheme_request rq;
extern char sbuf[8192];

/* Takes the next request into rq/sbuf and checks its op. */
#define TAKE(ep, want_op)                                                                          \
    do {                                                                                           \
        long n_ = take(ep, &rq, sbuf, sizeof sbuf);                                                \
        if (n_ < 0) {                                                                              \
            char b_[32];                                                                           \
            FAIL("waiting for a %s request: %s", op_name(want_op), rt_fmt_result(b_, 32, n_));     \
        }                                                                                          \
        CHECK(rq.op == (want_op), "request op %u (%s), expected %s", rq.op, op_name(rq.op),        \
              op_name(want_op));                                                                   \
    } while (0)

#define EXPECT_NOTHING(ep) EXPECT_EQ(recv_nb(ep, &rq, sbuf, sizeof sbuf), -EAGAIN)

/* ---- client threads ---------------------------------------------------------------- */

struct client {
    volatile int blk; /* clear_tid: 0 once the thread has ended */
    long h;           /* the file it works on */
    const char *path;
    const void *wbuf;
    size_t wlen;
    char *rbuf;
    size_t rlen;
    volatile long r[6]; /* results of its calls */
    char buf[3][64];
};

extern struct client ca, cb;

bool start(struct client *c, rt_thread_fn fn);
/* Waits up to 3 s for the thread to end. */
bool join(struct client *c);

#define START(c, fn) CHECK(start(c, fn), "could not start a client thread")
#define JOIN(c)      CHECK(join(c), "a client thread is still blocked after 3 s")

/* Client thread bodies shared by several files; each reads its arguments
 * from and stores its results in the struct client it is given. */
int c_open(void *arg);     /* r[0] = open(path) */
int c_write(void *arg);    /* r[0] = write(h, wbuf, wlen), r[1] = a len-0 write */
int c_big_read(void *arg); /* r[0] = read(h, rbuf, rlen) */
int c_one_read(void *arg); /* r[0] = read(h, buf[0], 16) */

/* Opens `path` from a client thread and answers the OPEN with `id`; the handle. */
long open_served(long ep, const char *path, long id);

#define OPEN_SERVED(ep, path, id)                                                                  \
    __extension__({                                                                                \
        long h_ = open_served(ep, path, id);                                                       \
        CHECK(h_ >= 0, "opening %s through the scheme failed (%ld)", path, h_);                    \
        h_;                                                                                        \
    })

/* ---- the mailbox ------------------------------------------------------------------ */

/* Forked servers and clients report through kt's shared page. */
struct mailbox {
    volatile long ready;
    volatile long word;
    volatile uint64_t arg[3];
};

extern struct mailbox *mb;
extern long mb_handle;

/* kt_shared_page (zeroed) as the mailbox; also sets mb and mb_handle. */
struct mailbox *mailbox(void);

#endif
