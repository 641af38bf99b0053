/* System calls of scheme IPC: scheme_register, scheme_recv, scheme_reply
 * (server side) and open, read, write, fmap (client side). */
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "handle.h"
#include "kheap.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "scheme.h"
#include "shm.h"
#include "syscall.h"
#include "thread.h"
#include "usercopy.h"
#include "vm.h"

static struct process *self(void)
{
    return current_thread()->proc;
}

long sys_scheme_register(const struct syscall_args *args)
{
    uint64_t name_ptr = args->a[0], name_len = args->a[1];
    if (name_len == 0 || name_len > SCHEME_NAME_MAX)
        return -EINVAL;
    char name[SCHEME_NAME_MAX + 1];
    int err = copy_from_user(name, name_ptr, name_len);
    if (err)
        return err;
    name[name_len] = '\0';
    struct scheme_endpoint *ep;
    long r = scheme_register(self(), name, &ep);
    if (r)
        return r;
    int h = handle_install(self()->handles, &ep->obj, RIGHTS_ALL);
    kobj_unref(&ep->obj); /* the handle holds it now (or nobody, closing the scheme) */
    return h;
}

static int get_endpoint(int64_t h, struct scheme_endpoint **out)
{
    struct kobj *o;
    int err = handle_get(self()->handles, h, KOBJ_SCHEME, 0, &o);
    *out = (struct scheme_endpoint *)o;
    return err;
}

long sys_scheme_recv(const struct syscall_args *args)
{
    uint64_t msg = args->a[1], buf = args->a[2], cap = args->a[3], flags = args->a[4];
    if (flags & ~(uint64_t)SCHEME_RECV_NONBLOCK || cap > SCHEME_PAYLOAD_MAX)
        return -EINVAL;
    struct scheme_endpoint *ep;
    int err = get_endpoint((int64_t)args->a[0], &ep);
    if (err)
        return err;
    return scheme_receive(ep, msg, buf, cap, flags & SCHEME_RECV_NONBLOCK);
}

long sys_scheme_reply(const struct syscall_args *args)
{
    uint64_t tag = args->a[1], data = args->a[3], len = args->a[4];
    int64_t result = (int64_t)args->a[2];
    if (len > SCHEME_PAYLOAD_MAX)
        return -EINVAL;
    if (len && !user_range_ok(data, len))
        return -EFAULT;
    struct scheme_endpoint *ep;
    int err = get_endpoint((int64_t)args->a[0], &ep);
    if (err)
        return err;
    return scheme_answer(ep, tag, result, data, len);
}

long sys_scheme_notify(const struct syscall_args *args)
{
    uint64_t id = args->a[1], events = args->a[2];
    if (events & ~(uint64_t)(WAIT_READABLE | WAIT_WRITABLE | WAIT_HANGUP))
        return -EINVAL;
    struct scheme_endpoint *ep;
    int err = get_endpoint((int64_t)args->a[0], &ep);
    if (err)
        return err;
    return scheme_post(ep, id, (uint32_t)events);
}

#define OPEN_PATH_MAX 1024

long sys_open(const struct syscall_args *args)
{
    uint64_t path = args->a[0], path_len = args->a[1], flags = args->a[2];
    /* Rule: "name:rest", the name valid, the whole path at most OPEN_PATH_MAX bytes. */
    if (path_len == 0 || path_len > OPEN_PATH_MAX)
        return -EINVAL;
    if (!user_range_ok(path, path_len))
        return -EFAULT;
    char name[SCHEME_NAME_MAX + 2];
    uint64_t n = path_len < sizeof name ? path_len : sizeof name;
    int err = copy_from_user(name, path, n);
    if (err)
        return err;
    uint64_t colon = 0;
    while (colon < n && name[colon] != ':')
        colon++;
    if (colon == n || colon == 0)
        return -EINVAL;
    name[colon] = '\0';
    struct scheme_file *f;
    long r = scheme_open(name, path + colon + 1, path_len - colon - 1, flags, &f);
    if (r)
        return r;
    int h = handle_install(self()->handles, &f->obj, RIGHT_READ | RIGHT_WRITE | RIGHT_MAP);
    kobj_unref(&f->obj);
    return h;
}

static int get_file(int64_t h, uint32_t need, struct scheme_file **out)
{
    struct kobj *o;
    int err = handle_get(self()->handles, h, KOBJ_FILE, need, &o);
    *out = (struct scheme_file *)o;
    return err;
}

/* read and write: check the buffer, find the file with the right they need,
 * and keep it alive while the call blocks. */
static long transfer(const struct syscall_args *args, uint32_t right,
                     long (*op)(struct scheme_file *, uint64_t, uint64_t))
{
    uint64_t buf = args->a[1], len = args->a[2];
    if (len > SCHEME_PAYLOAD_MAX)
        return -EINVAL;
    if (len && !user_range_ok(buf, len))
        return -EFAULT;
    struct scheme_file *f;
    int err = get_file((int64_t)args->a[0], right, &f);
    if (err)
        return err;
    kobj_ref(&f->obj);
    long r = op(f, buf, len);
    kobj_unref(&f->obj);
    return r;
}

long sys_read(const struct syscall_args *args)
{
    return transfer(args, RIGHT_READ, scheme_read);
}

long sys_write(const struct syscall_args *args)
{
    return transfer(args, RIGHT_WRITE, scheme_write);
}

long sys_fcall(const struct syscall_args *args)
{
    uint64_t code = args->a[1], a1 = args->a[2], a2 = args->a[3], buf = args->a[4],
             len = args->a[5];
    if (code == 0 || len > SCHEME_PAYLOAD_MAX)
        return -EINVAL;
    if (len && !user_range_ok(buf, len))
        return -EFAULT;
    struct scheme_file *f;
    int err = get_file((int64_t)args->a[0], 0, &f);
    if (err)
        return err;
    kobj_ref(&f->obj);
    long r = scheme_fcall(f, code, a1, a2, buf, len);
    kobj_unref(&f->obj);
    return r;
}

long sys_fmap(const struct syscall_args *args)
{
    uint64_t offset = args->a[1], len = args->a[2], prot = args->a[3];
    if (len == 0 || offset & (PAGE_SIZE - 1) || prot & ~(uint64_t)(PROT_READ | PROT_WRITE) ||
        len > SHM_MAX_BYTES || offset > SHM_MAX_BYTES)
        return -EINVAL;
    struct scheme_file *f;
    int err = get_file((int64_t)args->a[0], RIGHT_MAP, &f);
    if (err)
        return err;
    kobj_ref(&f->obj);
    struct kobj *o = 0;
    long r = scheme_fmap(f, offset, len, prot, &o);
    kobj_unref(&f->obj);
    if (r < 0)
        return r;
    struct shm *s = (struct shm *)o;
    uint64_t size = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    /* Rule: the server's object must cover what the client asked for. */
    long result;
    if (offset / PAGE_SIZE + size / PAGE_SIZE > s->pages) {
        result = -EIO;
    } else {
        uint64_t at = vm_find_free(self()->vm, size);
        result =
            at ? vm_add_special(self()->vm, at, size, (uint32_t)prot, VM_SHM, s, offset / PAGE_SIZE)
               : -ENOMEM;
        if (result == 0) {
            /* The client gets what it asked for and never more (mprotect). */
            vm_find_region(self()->vm, at)->max_prot = (uint32_t)prot;
            result = (long)at;
        }
    }
    kobj_unref(o);
    return result;
}
