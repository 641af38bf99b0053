/* libscheme: helpers every file-system server shares: the path rules of an
 * OPEN (the part after "name:") and the answer to an OPEN that posts the new
 * file's readiness (docs/libscheme.md). */
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <stdint.h>
#include <string.h>

int ss_path_check(const char *path)
{
    /* "" is the scheme's root. libc sends paths normalised: no leading or
     * trailing '/', no empty, "." or ".." component. Anything else came from
     * a raw open and is refused rather than interpreted (no escaping). */
    if (!*path)
        return 0;
    const char *p = path;
    for (;;) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0)
            return -EINVAL;
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return -EINVAL;
        if (n > SS_NAME_MAX)
            return -ENAMETOOLONG;
        if (!end)
            return 0;
        p = end + 1;
    }
}

long ss_open_reply(struct ss_request *rq, uint64_t id, uint32_t events)
{
    long r = ss_reply(rq->scheme, rq->msg.tag, (long)id, NULL, 0);
    if (r < 0)
        return r;
    /* The answer made the client's file (docs/syscalls.md, scheme_reply), so
     * the readiness posted now reaches it. */
    ss_notify(rq->scheme, id, events);
    return 0;
}

long ss_seek_target(uint64_t pos, uint64_t size, uint64_t offset, uint64_t whence)
{
    int64_t off = (int64_t)offset, base;
    switch (whence) {
    case 0: /* SEEK_SET */
        base = 0;
        break;
    case 1: /* SEEK_CUR */
        base = (int64_t)pos;
        break;
    case 2: /* SEEK_END */
        base = (int64_t)size;
        break;
    default:
        return -EINVAL;
    }
    /* rule: the result fits a non-negative off_t */
    if (off > 0 && base > INT64_MAX - off)
        return -EOVERFLOW;
    if (base + off < 0)
        return -EINVAL;
    return (long)(base + off);
}
