/* tmpfs's file contents: one contiguous buffer per file, grown by doubling,
 * and the size cap. What counts against TMPFS_CAP is the memory the buffers
 * hold (their capacity), so the cap bounds the server's real use. A hole
 * (a write or truncate past the end) is allocated and reads as zeros. */
#include "tmpfs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint64_t used; /* capacity of every file's buffer, both trees */

uint64_t data_used(void)
{
    return used;
}

/* Makes room for `need` bytes: 0 or -errno. */
static long reserve(struct node *n, uint64_t need)
{
    if (need <= n->cap)
        return 0;
    /* rule: no file can be larger than the whole cap */
    if (need > TMPFS_CAP)
        return -EFBIG;
    uint64_t cap = n->cap ? n->cap : 64;
    while (cap < need)
        cap *= 2;
    if (cap > TMPFS_CAP)
        cap = TMPFS_CAP;
    /* Doubling may ask for more than is left: then only what is needed. */
    if (used - n->cap + cap > TMPFS_CAP)
        cap = need;
    if (used - n->cap + cap > TMPFS_CAP)
        return -ENOSPC;
    unsigned char *p = realloc(n->data, cap);
    if (!p)
        return -ENOMEM;
    used = used - n->cap + cap;
    n->data = p;
    n->cap = cap;
    return 0;
}

size_t data_read(struct node *n, uint64_t pos, size_t want, const void **from)
{
    if (pos >= n->size)
        return 0;
    size_t len = n->size - pos < want ? (size_t)(n->size - pos) : want;
    *from = n->data + pos; /* answered from here: no copy in the server */
    n->atime = tmpfs_now();
    return len;
}

long data_write(struct node *n, uint64_t pos, const void *src, size_t len)
{
    if (len == 0)
        return 0;
    if (pos > TMPFS_CAP || len > TMPFS_CAP - pos)
        return -EFBIG;
    long r = reserve(n, pos + len);
    if (r < 0)
        return r;
    if (pos > n->size)
        memset(n->data + n->size, 0, pos - n->size); /* the hole */
    memcpy(n->data + pos, src, len);
    if (pos + len > n->size)
        n->size = pos + len;
    n->mtime = n->ctime = tmpfs_now();
    return (long)len;
}

long data_truncate(struct node *n, uint64_t size)
{
    if (size > n->size) {
        long r = reserve(n, size);
        if (r < 0)
            return r;
        memset(n->data + n->size, 0, size - n->size);
    } else if (size == 0 && n->cap) {
        /* Give the memory back when a file is emptied. */
        free(n->data);
        used -= n->cap;
        n->data = NULL;
        n->cap = 0;
    }
    n->size = size;
    n->mtime = n->ctime = tmpfs_now();
    return 0;
}

void data_free(struct node *n)
{
    free(n->data);
    used -= n->cap;
    n->data = NULL;
    n->cap = n->size = 0;
}
