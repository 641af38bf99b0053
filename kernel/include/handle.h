/* Per-process handle tables. A handle names a reference-counted kernel
 * object of one type with a set of rights; lookups check both and fail
 * closed (-EBADF for an unknown handle or the wrong type, -EACCES for
 * missing rights). */
#ifndef COBALT_HANDLE_H
#define COBALT_HANDLE_H

#include <stdint.h>

#define HANDLES_MAX 256

enum kobj_type {
    KOBJ_NONE = 0,
    KOBJ_SCHEME, /* a registered scheme: the server's endpoint */
    KOBJ_FILE,   /* an open file on a scheme: the client's side */
    KOBJ_SHM,    /* a shared-memory object */
    KOBJ_IRQ,    /* a bound interrupt line */
    KOBJ_TIMER,  /* a one-shot or periodic timer */
};

#define RIGHT_READ  1u
#define RIGHT_WRITE 2u
#define RIGHT_MAP   4u
#define RIGHTS_ALL  (RIGHT_READ | RIGHT_WRITE | RIGHT_MAP)

/* The common header of every handle-able object. */
struct kobj {
    enum kobj_type type;
    int refs; /* guarded by the kernel lock */
    void (*destroy)(struct kobj *);
};

struct handle {
    struct kobj *obj;
    uint32_t rights;
};

struct handle_table {
    struct handle slot[HANDLES_MAX];
};

void kobj_init(struct kobj *o, enum kobj_type type, void (*destroy)(struct kobj *));
void kobj_ref(struct kobj *o);
void kobj_unref(struct kobj *o);

/* Installs o (taking a new reference) in the lowest free slot; the handle,
 * or -EMFILE. */
int handle_install(struct handle_table *t, struct kobj *o, uint32_t rights);
/* The object of handle h if it has the type and every right in need. */
int handle_get(struct handle_table *t, int64_t h, enum kobj_type type, uint32_t need,
               struct kobj **out);
/* Removes h, dropping its reference; -EBADF if unknown. */
int handle_close(struct handle_table *t, int64_t h);
/* Drops every handle (process exit). */
void handle_close_all(struct handle_table *t);
/* Copies every handle into a fresh table (fork), taking references. */
void handle_table_copy(struct handle_table *dst, const struct handle_table *src);

#endif
