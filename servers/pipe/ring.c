/* ring: a pipe's byte queue with peek-then-consume and undoable appends
 * (ring.h). */
#include "ring.h"

#include <stdlib.h>
#include <string.h>

size_t ring_peek(const struct ring *r, void *out, size_t len)
{
    if (len > r->count)
        len = r->count;
    size_t first = r->cap - r->head < len ? r->cap - r->head : len;
    memcpy(out, r->buf + r->head, first);
    memcpy((unsigned char *)out + first, r->buf, len - first);
    return len;
}

void ring_consume(struct ring *r, size_t len)
{
    if (len > r->count)
        len = r->count;
    r->head = (r->head + len) % r->cap;
    r->count -= len;
    if (r->count == 0)
        r->head = 0;
}

int ring_append(struct ring *r, const void *data, size_t len)
{
    if (!r->buf) {
        r->buf = malloc(r->cap);
        if (!r->buf)
            return -1;
    }
    size_t tail = (r->head + r->count) % r->cap;
    size_t first = r->cap - tail < len ? r->cap - tail : len;
    memcpy(r->buf + tail, data, first);
    memcpy(r->buf, (const unsigned char *)data + first, len - first);
    r->count += len;
    return 0;
}

void ring_unappend(struct ring *r, size_t len)
{
    r->count -= len < r->count ? len : r->count;
}

void ring_free(struct ring *r)
{
    free(r->buf);
    r->buf = NULL;
    r->head = r->count = 0;
}
