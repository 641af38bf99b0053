/* Handle tables and object reference counts.
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "handle.h"

#include "cobalt/errno.h"
#include "panic.h"

void kobj_init(struct kobj *o, enum kobj_type type, void (*destroy)(struct kobj *))
{
    o->type = type;
    o->refs = 1;
    o->destroy = destroy;
}

void kobj_ref(struct kobj *o)
{
    o->refs++;
}

void kobj_unref(struct kobj *o)
{
    if (o->refs <= 0)
        panic("kobj: reference count of a type-%d object fell below zero", o->type);
    if (--o->refs == 0)
        o->destroy(o);
}

int handle_install(struct handle_table *t, struct kobj *o, uint32_t rights)
{
    for (int h = 0; h < HANDLES_MAX; h++) {
        if (!t->slot[h].obj) {
            kobj_ref(o);
            t->slot[h] = (struct handle){o, rights};
            return h;
        }
    }
    return -EMFILE;
}

int handle_get(struct handle_table *t, int64_t h, enum kobj_type type, uint32_t need,
               struct kobj **out)
{
    if (h < 0 || h >= HANDLES_MAX || !t->slot[h].obj || t->slot[h].obj->type != type)
        return -EBADF;
    if ((t->slot[h].rights & need) != need)
        return -EACCES;
    *out = t->slot[h].obj;
    return 0;
}

int handle_close(struct handle_table *t, int64_t h)
{
    if (h < 0 || h >= HANDLES_MAX || !t->slot[h].obj)
        return -EBADF;
    struct kobj *o = t->slot[h].obj;
    t->slot[h] = (struct handle){0, 0};
    kobj_unref(o);
    return 0;
}

void handle_close_all(struct handle_table *t)
{
    for (int h = 0; h < HANDLES_MAX; h++) {
        if (t->slot[h].obj)
            handle_close(t, h);
    }
}

void handle_table_copy(struct handle_table *dst, const struct handle_table *src)
{
    for (int h = 0; h < HANDLES_MAX; h++) {
        dst->slot[h] = src->slot[h];
        if (dst->slot[h].obj)
            kobj_ref(dst->slot[h].obj);
    }
}
