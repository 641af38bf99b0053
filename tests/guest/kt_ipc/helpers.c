/* kt_ipc's shared helpers (ipc.h): the request helpers, the client
 * threads and their common bodies, the mailbox. */
#include "ipc.h"

long reg(const char *name)
{
    return sys_scheme_register((long)name, (long)strlen(name));
}

long open_path(const char *path, long flags)
{
    return sys_open((long)path, (long)strlen(path), flags);
}

long reply(long ep, uint64_t tag, long result, const void *data, size_t len)
{
    return sys_scheme_reply(ep, (long)tag, result, (long)data, (long)len);
}

long recv_nb(long ep, struct scheme_request *r, void *buf, size_t cap)
{
    return sys_scheme_recv(ep, (long)r, (long)buf, (long)cap, SCHEME_RECV_NONBLOCK);
}

long take(long ep, struct scheme_request *r, void *buf, size_t cap)
{
    uint64_t end = rt_now_ns() + 3000 * MS;
    for (;;) {
        long n = recv_nb(ep, r, buf, cap);
        if (n != -EAGAIN)
            return n;
        if (rt_now_ns() > end)
            return -ETIMEDOUT;
        sys_sleep(1 * MS);
    }
}

const char *op_name(uint32_t op)
{
    static const char *const names[] = {"?", "OPEN", "READ", "WRITE", "CLOSE", "FMAP"};
    return op <= SCHEME_FMAP ? names[op] : "?";
}

struct scheme_request rq;
char sbuf[8192];

struct client ca, cb;

bool start(struct client *c, rt_thread_fn fn)
{
    if (c->blk != 0)
        return false; /* a thread of an earlier (failed) case still runs */
    void *top = rt_stack_alloc(64 << 10);
    for (int i = 0; i < 6; i++)
        c->r[i] = 0x7777;
    c->blk = -1;
    if (!top || rt_thread_create(fn, c, top, NULL, &c->blk) < 0) {
        c->blk = 0;
        return false;
    }
    return true;
}

bool join(struct client *c)
{
    uint64_t end = rt_now_ns() + 3000 * MS;
    int v;
    while ((v = c->blk) != 0) {
        if (rt_now_ns() > end)
            return false;
        sys_futex_wait((long)&c->blk, (long)(uint32_t)v, 50 * MS);
    }
    return true;
}

int c_open(void *arg)
{
    struct client *c = arg;
    c->r[0] = open_path(c->path, 0);
    return 0;
}

long open_served(long ep, const char *path, long id)
{
    ca.path = path;
    if (!start(&ca, c_open))
        return -1000;
    long n = take(ep, &rq, sbuf, sizeof sbuf);
    if (n < 0 || rq.op != SCHEME_OPEN || reply(ep, rq.tag, id, NULL, 0) != 0 || !join(&ca))
        return -1001;
    return ca.r[0];
}

int c_write(void *arg)
{
    struct client *c = arg;
    c->r[0] = sys_write(c->h, (long)c->wbuf, (long)c->wlen);
    c->r[1] = sys_write(c->h, (long)c->wbuf, 0);
    return 0;
}

int c_big_read(void *arg)
{
    struct client *c = arg;
    c->r[0] = sys_read(c->h, (long)c->rbuf, (long)c->rlen);
    return 0;
}

int c_one_read(void *arg)
{
    struct client *c = arg;
    memset(c->buf, 0, sizeof c->buf);
    c->r[0] = sys_read(c->h, (long)c->buf[0], 16);
    return 0;
}

struct mailbox *mb;
long mb_handle;

struct mailbox *mailbox(void)
{
    return mb = kt_shared_page(&mb_handle);
}
