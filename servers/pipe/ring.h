/* ring: a pipe's byte queue (servers/pipe). Bytes are looked at (peek)
 * before they are taken (consume), and appended bytes can be taken back from
 * the tail (unappend): the server answers a client first and changes the
 * queue only when the answer arrived (ss_reply gives -ESRCH when the client
 * went away), so no byte is lost or doubled. */
#ifndef PIPE_RING_H
#define PIPE_RING_H

#include <stddef.h>

struct ring {
    unsigned char *buf; /* cap bytes, allocated on the first append (NULL: none) */
    size_t cap, head, count;
};

/* Copies up to len of the oldest bytes to out; returns how many. */
size_t ring_peek(const struct ring *r, void *out, size_t len);
void ring_consume(struct ring *r, size_t len);
/* Appends len bytes (the caller checked they fit): 0, or -1 when the buffer
 * could not be allocated. */
int ring_append(struct ring *r, const void *data, size_t len);
/* Removes the newest len bytes (undoes an append). */
void ring_unappend(struct ring *r, size_t len);
void ring_free(struct ring *r);

static inline size_t ring_space(const struct ring *r)
{
    return r->cap - r->count;
}

#endif
