/* libscheme: the server side of Cobalt's schemes. A server describes each
 * scheme it serves with a table of handlers (struct ss_ops); one event loop
 * (struct ss_loop) waits on the schemes' endpoints and on any other handles
 * (IRQs, timers, files) with wait_many, decodes every request, checks it, calls
 * the handler, and sends the answer. docs/libscheme.md has the rules.
 *
 * One thread per loop: the receive and reply buffers are the loop's own. */
#ifndef COBALT_SCHEME_SERVER_H
#define COBALT_SCHEME_SERVER_H

#include <cobalt/abi.h>
#include <stddef.h>
#include <stdint.h>

/* A handler's result that means "no answer now": the handler kept rq->msg.tag
 * and answers later with ss_reply (a read that waits for data). */
#define SS_DEFER (-0x40000000L)

/* At most this many bytes travel in one READ answer, WRITE payload or FCALL
 * buffer; more is answered short (a write takes what fitted: the caller writes
 * the rest again). */
#define SS_IO_MAX (64 * 1024)

/* Longest path an OPEN may carry (the kernel's limit). */
#define SS_PATH_MAX 1024

/* Longest component of a path (NAME_MAX). */
#define SS_NAME_MAX 255

struct ss_scheme;

/* One request, decoded. payload points into the loop's receive buffer and is
 * valid only until the handler returns. */
struct ss_request {
    struct ss_scheme *scheme;
    struct scheme_request msg; /* tag, op, client pid, file id, args */
    const unsigned char *payload;
    size_t payload_len;
    /* READ handlers may answer from their own memory instead of `out`: set
     * reply_data to it (it must stay valid until the handler returns). */
    const void *reply_data;
};

/* Handlers: each returns a result >= 0 or -errno (or SS_DEFER where said).
 * A NULL handler answers -ENOSYS (open: -ENOENT). ctx is the scheme's. */
struct ss_ops {
    /* path: the part after "name:", NUL-terminated (an embedded NUL is refused
     * before the handler runs). flags: docs/libc.md "What a server receives".
     * Result: the file id (any value >= 0) the later requests carry. */
    long (*open)(void *ctx, struct ss_request *rq, const char *path, uint64_t flags);
    /* out has room for want bytes (want <= SS_IO_MAX). Result: bytes, 0 at end
     * of file, -errno, or SS_DEFER. */
    long (*read)(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want);
    /* Result: bytes taken (may be fewer than len), -errno, or SS_DEFER. */
    long (*write)(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len);
    /* buf holds the caller's len bytes (zeroed past what arrived) and takes the
     * answer: set *reply_len to how many bytes of buf go back (at most len).
     * Result: what the caller's fcall returns, -errno, or SS_DEFER. */
    long (*fcall)(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                  uint64_t a2, void *buf, size_t len, size_t *reply_len);
    /* Result: a shared-memory handle of this process that the kernel maps
     * into the client (docs/syscalls.md, scheme_reply), or -errno. */
    long (*fmap)(void *ctx, struct ss_request *rq, uint64_t id, uint64_t offset, uint64_t len,
                 uint64_t prot);
    /* The client's last handle to file id is gone. No answer. */
    void (*close)(void *ctx, uint64_t id);
};

struct ss_scheme {
    const char *name; /* registered as "name:" */
    const struct ss_ops *ops;
    void *ctx;
    long endpoint; /* set by ss_loop_add_scheme */
};

typedef void (*ss_ready_fn)(void *arg, uint32_t revents);

struct ss_loop_slot {
    struct ss_scheme *scheme; /* an endpoint, or NULL for a watch */
    ss_ready_fn ready;
    void *arg;
    int removed;
};

struct ss_loop {
    int count;
    int stop; /* set (from a handler) to leave ss_loop_run */
    struct wait_item items[WAIT_ITEMS_MAX];
    struct ss_loop_slot slots[WAIT_ITEMS_MAX];
};

void ss_loop_init(struct ss_loop *loop);
/* Registers the scheme's name and serves it from this loop: 0 or -errno
 * (-EEXIST: the name is taken, e.g. the old server still runs). */
long ss_loop_add_scheme(struct ss_loop *loop, struct ss_scheme *scheme);
/* Calls ready(arg, revents) whenever wait_many reports handle (any waitable
 * handle: IRQ, timer, file, WAIT_CHILDREN) with one of events. 0 or -errno. */
long ss_loop_add_watch(struct ss_loop *loop, long handle, uint32_t events, ss_ready_fn ready,
                       void *arg);
/* Stops watching handle (safe from inside a ready function). */
void ss_loop_remove_watch(struct ss_loop *loop, long handle);
/* Waits once (timeout_ns: 0 polls, -1 forever) and serves what is ready.
 * Result: ready items, 0 on timeout, or -errno (-EINTR is returned too). */
long ss_loop_run_once(struct ss_loop *loop, long timeout_ns);
/* Serves until loop->stop is set or wait_many fails for another reason than
 * EINTR: 0, or that -errno. */
long ss_loop_run(struct ss_loop *loop);

/* Serves every request already queued on the scheme, without waiting. */
void ss_serve_pending(struct ss_scheme *scheme);

/* Answers a deferred request. READ: data/len are the bytes; FCALL: data/len
 * go back into the caller's buffer. 0, -ESRCH when the client is gone (it
 * died or its call was interrupted: the answer was dropped, keep the data),
 * or another -errno. */
long ss_reply(struct ss_scheme *scheme, uint64_t tag, long result, const void *data, size_t len);

/* Posts the readiness (WAIT_READABLE | WAIT_WRITABLE | WAIT_HANGUP) that
 * poll() on the open files with this id reports from now on. */
long ss_notify(struct ss_scheme *scheme, uint64_t id, uint32_t events);

/* Appends one struct linux_dirent64 record (FCALL_READDIR's answer) at
 * buf + *used: 0, or -1 when it does not fit (nothing written). type is a
 * DT_* value, next_off what a later seek to this point would use. */
int ss_dirent_put(void *buf, size_t cap, size_t *used, uint64_t ino, int64_t next_off,
                  unsigned char type, const char *name);

/* File systems: checks an OPEN's path (the part after "name:"): "" (the
 * root) or components joined by single '/', none empty, "." or "..", none
 * longer than SS_NAME_MAX. 0, -EINVAL or -ENAMETOOLONG. */
int ss_path_check(const char *path);

/* Answers an OPEN now with file id `id`, then posts `events` for it (poll
 * readiness of the new file). 0, or -ESRCH when the client is gone (no file
 * was made: forget id). The handler then returns SS_DEFER. */
long ss_open_reply(struct ss_request *rq, uint64_t id, uint32_t events);

/* FCALL_SEEK's arithmetic: the new offset for (offset, whence) from pos in a
 * file of size bytes; -EINVAL (unknown whence, a negative result) or
 * -EOVERFLOW. Seeking past the end is allowed. */
long ss_seek_target(uint64_t pos, uint64_t size, uint64_t offset, uint64_t whence);

/* Serves one scheme from its own loop until that fails; logs "<who>: serving
 * <name>: (pid N)" first. Returns 1 (an exit status: the supervisor restarts). */
int ss_serve(struct ss_scheme *scheme, const char *who);

/* The answer of a read-only file to the generic fcalls: FCALL_SYNC 0,
 * FCALL_FLAGS (O_APPEND, O_NONBLOCK only), EROFS for every change, ENOSYS
 * for the rest (a server answers FSTAT, SEEK, READDIR... itself first). */
long ss_fcall_readonly(uint64_t code, uint64_t a1);

#endif
