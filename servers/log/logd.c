/* logd: the scheme log:, the system log (docs/schemes.md).
 *
 * Every line written to log: goes to the kernel log prefixed with the
 * writer's pid and name ("[12 tmpfs] text"), and into a ring of the last
 * RING_SIZE bytes of such lines, which a read of log: gives back (like
 * dmesg: from the oldest line still held on, then end of file). Lines are
 * cut at '\n' whatever the writes look like: each open file has its own
 * bounded line buffer (LINE_MAX; a longer line is cut into pieces), flushed
 * when the file closes. Control characters but tab become '?'. */
#include <cobalt/debug.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define OPEN_MAX  256
#define LINE_MAX  512         /* one line, without its prefix */
#define RING_SIZE (16 * 1024) /* the lines read gives back */

struct ofile {
    int used;
    int path_only;
    int pid;
    char who[48]; /* "pid name" */
    char line[LINE_MAX];
    size_t len;
    uint64_t pos; /* read position in the ring's byte count */
};

static struct ofile files[OPEN_MAX];
static char ring[RING_SIZE];
static uint64_t ring_end; /* bytes ever put into the ring */

static void ring_put(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ring[(ring_end + i) % RING_SIZE] = s[i];
    ring_end += n;
}

static uint64_t ring_start(void)
{
    return ring_end > RING_SIZE ? ring_end - RING_SIZE : 0;
}

static void emit(struct ofile *o)
{
    char out[LINE_MAX + 64];
    int n = snprintf(out, sizeof out, "[%s] %.*s\n", o->who, (int)o->len, o->line);
    if (n > (int)sizeof out - 1)
        n = (int)sizeof out - 1;
    cobalt_log_printf("%.*s", n - 1, out);
    ring_put(out, (size_t)n);
    o->len = 0;
}

static void name_client(struct ofile *o, int pid)
{
    static struct cobalt_proc_info procs[256];
    const char *name = "?";
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++) {
        if (procs[i].pid == pid) {
            procs[i].name[sizeof procs[i].name - 1] = 0;
            name = procs[i].name;
            break;
        }
    }
    snprintf(o->who, sizeof o->who, "%d %s", pid, name);
}

static long l_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx;
    if (path[0])
        return -ENOENT; /* one file: log: itself */
    if (flags & (O_CREAT | O_DIRECTORY)) {
        if ((flags & O_CREAT) && (flags & O_EXCL))
            return -EEXIST;
        if (flags & O_DIRECTORY)
            return -ENOTDIR;
    }
    long id = -ENFILE;
    for (long i = 0; i < OPEN_MAX && id < 0; i++) {
        if (!files[i].used)
            id = i;
    }
    if (id < 0)
        return id;
    struct ofile *o = &files[id];
    *o = (struct ofile){.used = 1,
                        .path_only = (flags & O_PATH) != 0,
                        .pid = rq->msg.client_pid,
                        .pos = ring_start()};
    name_client(o, rq->msg.client_pid);
    if (ss_open_reply(rq, (uint64_t)id, WAIT_READABLE | WAIT_WRITABLE) < 0)
        o->used = 0;
    return SS_DEFER;
}

static struct ofile *get(uint64_t id)
{
    return id < OPEN_MAX && files[id].used && !files[id].path_only ? &files[id] : NULL;
}

static long l_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx, (void)rq;
    struct ofile *o = get(id);
    if (!o)
        return -EBADF;
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\n') {
            emit(o);
            continue;
        }
        if (o->len == LINE_MAX)
            emit(o); /* rule: a line longer than LINE_MAX is cut */
        o->line[o->len++] = (p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f ? '?' : (char)p[i];
    }
    return (long)len;
}

static long l_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx, (void)rq;
    struct ofile *o = get(id);
    if (!o)
        return -EBADF;
    if (o->pos < ring_start())
        o->pos = ring_start(); /* overwritten meanwhile: from the oldest held */
    size_t n = ring_end - o->pos < want ? (size_t)(ring_end - o->pos) : want;
    for (size_t i = 0; i < n; i++)
        ((char *)out)[i] = ring[(o->pos + i) % RING_SIZE];
    o->pos += n;
    return (long)n;
}

static long l_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                    uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)rq, (void)a2;
    if (id >= OPEN_MAX || !files[id].used)
        return -EBADF;
    switch (code) {
    case FCALL_FSTAT: {
        struct stat st = {0};
        if (len < sizeof st)
            return -EINVAL;
        st.st_mode = S_IFCHR | 0666;
        st.st_ino = 1;
        st.st_nlink = 1;
        st.st_size = (off_t)(ring_end - ring_start());
        st.st_blksize = 4096;
        memcpy(buf, &st, sizeof st);
        *reply_len = sizeof st;
        return 0;
    }
    case FCALL_SYNC:
        return 0;
    case FCALL_FLAGS:
        if (a1 & ~(uint64_t)(O_APPEND | O_NONBLOCK))
            return -EINVAL;
        return (long)a1;
    default:
        return -ENOSYS;
    }
}

static void l_close(void *ctx, uint64_t id)
{
    (void)ctx;
    if (id >= OPEN_MAX || !files[id].used)
        return;
    if (files[id].len)
        emit(&files[id]); /* the last, unterminated line */
    files[id].used = 0;
}

static const struct ss_ops l_ops = {
    .open = l_open, .read = l_read, .write = l_write, .fcall = l_fcall, .close = l_close};

int main(void)
{
    static struct ss_scheme scheme = {.name = "log", .ops = &l_ops};
    return ss_serve(&scheme, "logd");
}
