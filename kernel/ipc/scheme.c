/* Scheme IPC. Each scheme keeps a FIFO of pending requests (bounded by
 * SCHEME_QUEUE_MAX) and a list of requests a server has received but not yet
 * answered. A client blocks on its request until the answer or the server's
 * death (-EPIPE); a client that dies first leaves its request orphaned and
 * the answer is dropped. Payloads are copied straight between the two
 * address spaces through a small kernel bounce buffer.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "scheme.h"

#include "cobalt/errno.h"
#include "kheap.h"
#include "kstring.h"
#include "log.h"
#include "percpu.h"
#include "process.h"
#include "readiness.h"
#include "shm.h"
#include "thread.h"
#include "usercopy.h"
#include "vm.h"

struct request {
    struct request *next;
    struct scheme *scheme;
    struct scheme_request msg;
    struct thread *client; /* NULL: nobody waits (CLOSE) or the client is gone */
    struct vm_space *client_vm;
    uint64_t payload;   /* client address of the payload */
    uint64_t reply_buf; /* client address for reply data (READ) */
    uint64_t reply_cap;
    struct process *server; /* who received it (FMAP answers name its handles) */
    long result;
    int done;
    struct kobj *shm; /* FMAP answer */
    /* OPEN: the client's new file. The answer links it into the scheme's
     * open files at once, so readiness the server posts right after its
     * answer finds it (the client takes it when it runs again). */
    struct scheme_file *file;
    struct waitq done_q;
};

struct scheme {
    struct kobj obj;
    char name[SCHEME_NAME_MAX + 1];
    int dead;
    struct request *head, *tail; /* pending, FIFO */
    unsigned pending;
    struct request *inflight;  /* received, awaiting an answer */
    struct waitq servers;      /* threads blocked in recv */
    struct scheme_file *files; /* open files, for scheme_post */
    uint64_t next_tag;
    struct scheme *next; /* the registry */
};

static struct scheme *registry; /* guarded by the kernel lock */

static void scheme_free(struct kobj *o)
{
    kfree(o);
}

static struct scheme *lookup(const char *name)
{
    for (struct scheme *s = registry; s; s = s->next) {
        if (strcmp(s->name, name) == 0)
            return s;
    }
    return 0;
}

static void complete(struct request *r, long result)
{
    r->result = result;
    r->done = 1;
    if (r->client)
        waitq_wake(&r->done_q, -1, 0);
    else
        kfree(r);
}

/* The server is gone: every request fails, the name is free again. */
static void kill_scheme(struct scheme *s)
{
    s->dead = 1;
    for (struct scheme **pp = &registry; *pp; pp = &(*pp)->next) {
        if (*pp == s) {
            *pp = s->next;
            break;
        }
    }
    while (s->head) {
        struct request *r = s->head;
        s->head = r->next;
        complete(r, -EPIPE);
    }
    s->tail = 0;
    s->pending = 0;
    while (s->inflight) {
        struct request *r = s->inflight;
        s->inflight = r->next;
        complete(r, -EPIPE);
    }
    waitq_wake(&s->servers, -1, -EPIPE);
    readiness_changed(); /* its files now report a hang-up */
    klog("scheme: '%s' closed", s->name);
}

static void endpoint_destroy(struct kobj *o)
{
    struct scheme_endpoint *ep = (struct scheme_endpoint *)o;
    kill_scheme(ep->scheme);
    kobj_unref(&ep->scheme->obj);
    kfree(ep);
}

/* Rule: a name is 1..31 characters of [a-z0-9_-]. */
static int name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > SCHEME_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

long scheme_register(struct process *p, const char *name, struct scheme_endpoint **out)
{
    (void)p;
    if (!name_valid(name))
        return -EINVAL;
    if (lookup(name))
        return -EEXIST;
    struct scheme *s = kzalloc(sizeof *s);
    struct scheme_endpoint *ep = kzalloc(sizeof *ep);
    if (!s || !ep) {
        kfree(s);
        kfree(ep);
        return -ENOMEM;
    }
    kobj_init(&s->obj, KOBJ_NONE, scheme_free);
    memcpy(s->name, name, strlen(name) + 1);
    s->next_tag = 1;
    s->next = registry;
    registry = s;
    kobj_init(&ep->obj, KOBJ_SCHEME, endpoint_destroy);
    ep->scheme = s; /* the endpoint owns the first reference */
    *out = ep;
    return 0;
}

static struct request *take_pending(struct scheme *s)
{
    struct request *r = s->head;
    if (r) {
        s->head = r->next;
        if (!s->head)
            s->tail = 0;
        s->pending--;
        r->next = 0;
    }
    return r;
}

static struct request *take_inflight(struct scheme *s, uint64_t tag)
{
    for (struct request **pp = &s->inflight; *pp; pp = &(*pp)->next) {
        if ((*pp)->msg.tag == tag) {
            struct request *r = *pp;
            *pp = r->next;
            r->next = 0;
            return r;
        }
    }
    return 0;
}

long scheme_post(struct scheme_endpoint *ep, uint64_t id, uint32_t events)
{
    long n = 0;
    for (struct scheme_file *f = ep->scheme->files; f; f = f->next_open) {
        if (f->id == id) {
            f->ready = events;
            n++;
        }
    }
    if (n)
        readiness_changed();
    return n;
}

uint32_t scheme_file_ready(struct scheme_file *f)
{
    return f->scheme->dead ? f->ready | WAIT_HANGUP : f->ready;
}

int scheme_has_requests(struct scheme_endpoint *ep)
{
    return ep->scheme->head != 0;
}

static long receive(struct scheme *s, uint64_t msg_ptr, uint64_t buf, uint64_t cap, int nonblock);

long scheme_receive(struct scheme_endpoint *ep, uint64_t msg_ptr, uint64_t buf, uint64_t cap,
                    int nonblock)
{
    /* Another thread may close the endpoint while this one waits: the scheme
     * itself stays alive (referenced) until the receive returns. */
    struct scheme *s = ep->scheme;
    kobj_ref(&s->obj);
    long r = receive(s, msg_ptr, buf, cap, nonblock);
    kobj_unref(&s->obj);
    return r;
}

static long receive(struct scheme *s, uint64_t msg_ptr, uint64_t buf, uint64_t cap, int nonblock)
{
    /* Rule: the server's buffers are checked before a request is taken. */
    if (!user_range_ok(msg_ptr, sizeof(struct scheme_request)) || (cap && !user_range_ok(buf, cap)))
        return -EFAULT;
    for (;;) {
        /* Rule: a closed scheme answers nothing more (its endpoint may be gone
         * while this thread slept: the caller holds a reference on s). */
        if (s->dead)
            return -EPIPE;
        struct request *r = take_pending(s);
        if (!r) {
            if (nonblock)
                return -EAGAIN;
            long w = waitq_block(&s->servers, 0);
            if (w < 0)
                return w;
            continue;
        }
        uint64_t n = r->msg.payload_total < cap ? r->msg.payload_total : cap;
        int err = 0;
        /* Read after every wait: another thread's exec may have replaced it. */
        struct vm_space *my_vm = current_thread()->proc->vm;
        if (n && r->client)
            err = vm_copy_between(r->client_vm, r->payload, my_vm, buf, n);
        if (err) {
            /* The client's buffer went bad: its call fails, the server never sees it. */
            complete(r, -EFAULT);
            continue;
        }
        if (r->msg.op != SCHEME_CLOSE) {
            r->msg.tag = s->next_tag++;
            r->server = current_thread()->proc;
            r->next = s->inflight;
            s->inflight = r;
        }
        r->msg.payload_len = n;
        err = copy_to_user(msg_ptr, &r->msg, sizeof r->msg);
        if (r->msg.op == SCHEME_CLOSE) {
            kfree(r);
        } else if (err) {
            /* The server cannot learn the tag: fail the request now. */
            take_inflight(s, r->msg.tag);
            complete(r, -EIO);
        }
        return err ? err : (long)n;
    }
}

static void file_destroy(struct kobj *o);

/* Makes f an open file of s with the server's id (the reference on s that
 * scheme_open took becomes the file's). */
static void link_file(struct scheme *s, struct scheme_file *f, uint64_t id)
{
    kobj_init(&f->obj, KOBJ_FILE, file_destroy);
    f->scheme = s;
    f->id = id;
    f->next_open = s->files;
    s->files = f;
}

long scheme_answer(struct scheme_endpoint *ep, uint64_t tag, int64_t result, uint64_t data,
                   uint64_t len)
{
    struct scheme *s = ep->scheme;
    /* Rule: the tag names a request this scheme received and has not answered. */
    struct request *r = take_inflight(s, tag);
    if (!r)
        return -EINVAL;
    if (!r->client) {
        /* The client died or was interrupted meanwhile: the answer is dropped,
         * and the server learns it (a pipe keeps the bytes it would have sent). */
        kfree(r);
        return -ESRCH;
    }
    struct vm_space *my_vm = current_thread()->proc->vm;
    if ((r->msg.op == SCHEME_READ || r->msg.op == SCHEME_FCALL) && result >= 0) {
        uint64_t n = len < r->reply_cap ? len : r->reply_cap;
        int err = n ? vm_copy_between(my_vm, data, r->client_vm, r->reply_buf, n) : 0;
        /* READ's result is the byte count; FCALL's is the server's own. */
        complete(r, err ? err : r->msg.op == SCHEME_READ ? (long)n : (long)result);
        return err == -EFAULT ? 0 : err;
    }
    if (r->msg.op == SCHEME_FMAP && result >= 0) {
        struct kobj *o;
        /* Rule: the server can hand out only what its handle allows (a writable
         * mapping needs the write right too). */
        uint32_t need = RIGHT_MAP | ((r->msg.arg[2] & PROT_WRITE) ? RIGHT_WRITE : 0);
        int err = handle_get(current_thread()->proc->handles, result, KOBJ_SHM, need, &o);
        if (err) {
            complete(r, -EIO);
            return err;
        }
        kobj_ref(o);
        r->shm = o;
        complete(r, 0);
        return 0;
    }
    if (r->msg.op == SCHEME_OPEN && result >= 0)
        link_file(s, r->file, (uint64_t)result);
    complete(r, result < 0 && result >= -4095 ? (long)result : (result < 0 ? -EIO : result));
    return 0;
}

static void enqueue(struct scheme *s, struct request *r)
{
    if (s->tail)
        s->tail->next = r;
    else
        s->head = r;
    s->tail = r;
    s->pending++;
    waitq_wake(&s->servers, 1, 0);
    readiness_changed();
}

/* Takes r back out of the pending queue; false when a server already has it. */
static int withdraw(struct scheme *s, struct request *r)
{
    struct request *prev = 0;
    for (struct request *q = s->head; q; prev = q, q = q->next) {
        if (q == r) {
            if (prev)
                prev->next = r->next;
            else
                s->head = r->next;
            if (s->tail == r)
                s->tail = prev;
            s->pending--;
            return 1;
        }
    }
    return 0;
}

/* Queues r and waits. Returns 0 when r was answered (r->result holds the
 * answer and the caller frees r), or -errno when r never will be (r is
 * already freed or handed over as an orphan). */
static long call(struct scheme *s, struct request *r)
{
    if (s->dead || s->pending >= SCHEME_QUEUE_MAX) {
        long err = s->dead ? -EPIPE : -EAGAIN;
        kfree(r);
        return err;
    }
    struct thread *me = current_thread();
    r->scheme = s;
    r->client = me;
    r->client_vm = me->proc->vm;
    r->msg.client_pid = me->proc->pid;
    enqueue(s, r);
    me->ipc_wait = r;
    waitq_block(&r->done_q, 0);
    if (me->ipc_wait != r)
        return -EINTR; /* scheme_cancel_wait already withdrew or orphaned it */
    me->ipc_wait = 0;
    if (r->done)
        return 0;
    /* Woken without an answer: withdraw the request, or orphan it if taken. */
    if (withdraw(s, r))
        kfree(r);
    else
        r->client = 0;
    return -EINTR;
}

void scheme_cancel_wait(struct thread *t)
{
    struct request *r = t->ipc_wait;
    if (!r)
        return;
    t->ipc_wait = 0;
    if (r->done) {
        /* Answered but never collected: nobody will read it now. */
        if (r->shm)
            kobj_unref(r->shm);
        kfree(r);
    } else if (withdraw(r->scheme, r)) {
        kfree(r);
    } else {
        r->client = 0; /* a server has it: its answer will be dropped */
    }
}

static long call_for_result(struct scheme *s, struct request *r)
{
    long err = call(s, r);
    if (err)
        return err;
    long result = r->result;
    kfree(r);
    return result;
}

static struct request *new_request(uint32_t op, uint64_t id)
{
    struct request *r = kzalloc(sizeof *r);
    if (r) {
        r->msg.op = op;
        r->msg.id = id;
    }
    return r;
}

static void file_destroy(struct kobj *o)
{
    struct scheme_file *f = (struct scheme_file *)o;
    struct scheme *s = f->scheme;
    for (struct scheme_file **pp = &s->files; *pp; pp = &(*pp)->next_open) {
        if (*pp == f) {
            *pp = f->next_open;
            break;
        }
    }
    if (!s->dead && s->pending < SCHEME_QUEUE_MAX) {
        /* Nobody waits for a close: it is queued and forgotten. */
        struct request *r = new_request(SCHEME_CLOSE, f->id);
        if (r)
            enqueue(s, r);
    }
    kobj_unref(&s->obj);
    kfree(f);
}

long scheme_open(const char *name, uint64_t rest, uint64_t rest_len, uint64_t flags,
                 struct scheme_file **out)
{
    struct scheme *s = lookup(name);
    if (!s)
        return -ENOENT;
    struct request *r = new_request(SCHEME_OPEN, 0);
    struct scheme_file *f = kzalloc(sizeof *f);
    if (!r || !f) {
        kfree(r);
        kfree(f);
        return -ENOMEM;
    }
    r->payload = rest;
    r->msg.payload_total = rest_len;
    r->msg.arg[0] = flags;
    r->file = f;
    kobj_ref(&s->obj); /* held across the call: the server may die meanwhile */
    long id = call_for_result(s, r);
    if (id < 0) {
        if (f->scheme) {
            /* Answered, then interrupted before it was taken: the file is
             * closed again (the server gets its CLOSE; s is unreferenced). */
            kobj_unref(&f->obj);
        } else {
            kobj_unref(&s->obj);
            kfree(f);
        }
        return id;
    }
    *out = f; /* linked by the answer */
    return 0;
}

long scheme_read(struct scheme_file *f, uint64_t buf, uint64_t len)
{
    struct request *r = new_request(SCHEME_READ, f->id);
    if (!r)
        return -ENOMEM;
    r->msg.arg[0] = len;
    r->reply_buf = buf;
    r->reply_cap = len;
    return call_for_result(f->scheme, r);
}

long scheme_write(struct scheme_file *f, uint64_t buf, uint64_t len)
{
    struct request *r = new_request(SCHEME_WRITE, f->id);
    if (!r)
        return -ENOMEM;
    r->payload = buf;
    r->msg.payload_total = len;
    return call_for_result(f->scheme, r);
}

long scheme_fcall(struct scheme_file *f, uint64_t code, uint64_t a1, uint64_t a2, uint64_t buf,
                  uint64_t len)
{
    struct request *r = new_request(SCHEME_FCALL, f->id);
    if (!r)
        return -ENOMEM;
    r->msg.arg[0] = code;
    r->msg.arg[1] = a1;
    r->msg.arg[2] = a2;
    r->payload = buf;
    r->msg.payload_total = len;
    r->reply_buf = buf;
    r->reply_cap = len;
    return call_for_result(f->scheme, r);
}

long scheme_fmap(struct scheme_file *f, uint64_t offset, uint64_t len, uint64_t prot,
                 struct kobj **shm_out)
{
    struct request *r = new_request(SCHEME_FMAP, f->id);
    if (!r)
        return -ENOMEM;
    r->msg.arg[0] = offset;
    r->msg.arg[1] = len;
    r->msg.arg[2] = prot;
    long err = call(f->scheme, r);
    if (err)
        return err;
    long result = r->result;
    *shm_out = r->shm; /* the reference taken by the answer moves to the caller */
    kfree(r);
    return result;
}
