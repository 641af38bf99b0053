/* libscheme's event loop: one wait_many over every scheme endpoint and watched
 * handle of a server, then each ready item served in turn. Watches removed
 * while items are being served are only marked, and compacted before the next
 * wait, so the arrays never shift under the dispatch. */
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <string.h>

void ss_loop_init(struct ss_loop *loop)
{
    memset(loop, 0, sizeof *loop);
}

static long add_item(struct ss_loop *loop, long handle, uint32_t events, struct ss_loop_slot slot)
{
    if (loop->count >= WAIT_ITEMS_MAX)
        return -ENOSPC;
    loop->items[loop->count] = (struct wait_item){.handle = (int32_t)handle, .events = events};
    loop->slots[loop->count] = slot;
    loop->count++;
    return 0;
}

long ss_loop_add_scheme(struct ss_loop *loop, struct ss_scheme *s)
{
    if (loop->count >= WAIT_ITEMS_MAX)
        return -ENOSPC;
    long ep = cobalt_scheme_register((long)s->name, (long)strlen(s->name));
    if (ep < 0)
        return ep;
    s->endpoint = ep;
    return add_item(loop, ep, WAIT_READABLE, (struct ss_loop_slot){.scheme = s});
}

long ss_loop_add_watch(struct ss_loop *loop, long handle, uint32_t events, ss_ready_fn ready,
                       void *arg)
{
    if (!ready || !events)
        return -EINVAL;
    return add_item(loop, handle, events, (struct ss_loop_slot){.ready = ready, .arg = arg});
}

void ss_loop_remove_watch(struct ss_loop *loop, long handle)
{
    for (int i = 0; i < loop->count; i++)
        if (!loop->slots[i].scheme && loop->items[i].handle == handle)
            loop->slots[i].removed = 1;
}

static void compact(struct ss_loop *loop)
{
    int kept = 0;
    for (int i = 0; i < loop->count; i++) {
        if (loop->slots[i].removed)
            continue;
        loop->items[kept] = loop->items[i];
        loop->slots[kept] = loop->slots[i];
        kept++;
    }
    loop->count = kept;
}

long ss_loop_run_once(struct ss_loop *loop, long timeout_ns)
{
    compact(loop);
    if (loop->count == 0)
        return -EINVAL;
    for (int i = 0; i < loop->count; i++)
        loop->items[i].revents = 0;
    long r = cobalt_wait_many((long)loop->items, loop->count, timeout_ns);
    if (r <= 0)
        return r;
    int n = loop->count; /* watches added by a handler wait for the next round */
    for (int i = 0; i < n; i++) {
        uint32_t rev = loop->items[i].revents;
        struct ss_loop_slot *slot = &loop->slots[i];
        if (!rev || slot->removed)
            continue;
        if (slot->scheme)
            ss_serve_pending(slot->scheme);
        else
            slot->ready(slot->arg, rev);
    }
    return r;
}

long ss_loop_run(struct ss_loop *loop)
{
    while (!loop->stop) {
        long r = ss_loop_run_once(loop, -1L);
        if (r < 0 && r != -EINTR)
            return r;
    }
    return 0;
}
