/* tmpfs's scheme side: the open files (a table indexed by file id, with a
 * free list) and the handlers of tmp: and home: (docs/libc.md "What a
 * server receives", docs/schemes.md). Every handler decodes and checks its
 * request completely before it changes anything. */
#include "tmpfs.h"

#include <cobalt/debug.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define OPEN_MAX 4096 /* open files at once, over every client */

/* One open file. `node` is what it names; an O_PATH open of a name that
 * does not exist yet (for mkdir) keeps the directory and the name instead. */
struct ofile {
    int used;
    int path_only;
    int readable, writable;
    uint32_t status; /* O_APPEND | O_NONBLOCK */
    struct node *node;
    struct node *dir; /* a missing name: its directory (held), and the name */
    char *name;
    uint64_t pos; /* files: the offset; directories: the next listing cookie */
    int next_free;
};

static struct ofile files[OPEN_MAX];
static int free_head = -1, next_unused;

static long file_new(void)
{
    if (free_head >= 0) {
        long id = free_head;
        free_head = files[id].next_free;
        return id;
    }
    return next_unused < OPEN_MAX ? next_unused++ : -ENFILE;
}

static void file_release(long id)
{
    struct ofile *o = &files[id];
    if (o->node)
        node_put(o->node);
    if (o->dir)
        node_put(o->dir);
    free(o->name);
    *o = (struct ofile){.next_free = free_head};
    free_head = (int)id;
}

static struct ofile *get(uint64_t id)
{
    return id < OPEN_MAX && files[id].used ? &files[id] : NULL;
}

static long t_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    struct fs *fs = ctx;
    int r = ss_path_check(path);
    if (r < 0)
        return r;
    struct node *dir;
    const char *name;
    size_t len;
    r = fs_walk(fs, path, &dir, &name, &len);
    if (r < 0)
        return r;
    struct node *n = dir ? node_lookup(fs, dir, name, len) : fs->root;
    int acc = (int)(flags & O_ACCMODE), path_only = (flags & O_PATH) != 0;
    int creating = 0;
    /* Decode: every reason to refuse before anything changes. */
    if ((flags & O_TMPFILE) == O_TMPFILE)
        return -EOPNOTSUPP;
    if (acc == O_ACCMODE)
        return -EINVAL;
    if (n) {
        if ((flags & O_CREAT) && (flags & O_EXCL) && !path_only)
            return -EEXIST;
        if ((flags & O_DIRECTORY) && !n->is_dir)
            return -ENOTDIR;
        if (!path_only && n->is_dir && (acc != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
            return -EISDIR; /* as Linux: O_CREAT never opens a directory */
    } else if (path_only) {
        if (flags & O_DIRECTORY)
            return -ENOENT;
    } else if (!(flags & O_CREAT)) {
        return -ENOENT;
    } else if (flags & O_DIRECTORY) {
        return -EINVAL; /* O_CREAT | O_DIRECTORY never makes a directory */
    } else {
        creating = 1;
    }
    long id = file_new();
    if (id < 0)
        return id;
    char *keep = NULL;
    if (!n && !creating) {
        keep = malloc(len + 1);
        if (!keep) {
            file_release(id);
            return -ENOMEM;
        }
        memcpy(keep, name, len);
        keep[len] = 0;
    }
    /* Invoke. */
    if (creating) {
        int err = 0;
        n = node_create(fs, dir, name, len, 0, (uint32_t)(flags >> 32) & 07777, &err);
        if (!n) {
            file_release(id);
            return err;
        }
    } else if (n && !path_only && !n->is_dir && (flags & O_TRUNC) && acc != O_RDONLY) {
        data_truncate(n, 0); /* cannot fail: it only frees */
    }
    struct ofile *o = &files[id];
    *o = (struct ofile){.used = 1,
                        .path_only = path_only,
                        .readable = !path_only && acc != O_WRONLY,
                        .writable = !path_only && acc != O_RDONLY,
                        .status = (uint32_t)(flags & (O_APPEND | O_NONBLOCK)),
                        .node = n,
                        .dir = n ? NULL : dir,
                        .name = keep,
                        .next_free = -1};
    node_get(n ? n : dir);
    if (ss_open_reply(rq, (uint64_t)id, WAIT_READABLE | WAIT_WRITABLE) < 0)
        file_release(id); /* the client is gone */
    return SS_DEFER;
}

static long t_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx, (void)out;
    struct ofile *o = get(id);
    if (!o || !o->readable)
        return -EBADF;
    if (o->node->is_dir)
        return -EISDIR;
    size_t n = data_read(o->node, o->pos, want, &rq->reply_data);
    o->pos += n;
    return (long)n;
}

static long t_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx, (void)rq;
    struct ofile *o = get(id);
    if (!o || !o->writable)
        return -EBADF;
    if (o->status & O_APPEND)
        o->pos = o->node->size;
    long r = data_write(o->node, o->pos, data, len);
    if (r > 0)
        o->pos += (uint64_t)r;
    return r;
}

static long do_fstat(struct ofile *o, void *buf, size_t len, size_t *reply_len)
{
    struct stat st = {0};
    /* rule: the answer is a whole struct stat or nothing */
    if (len < sizeof st)
        return -EINVAL;
    struct node *n = o->node;
    if (!n)
        return -ENOENT;
    st.st_dev = n->fs->dev;
    st.st_ino = n->ino;
    st.st_mode = (n->is_dir ? S_IFDIR : S_IFREG) | n->mode;
    st.st_nlink = n->nlink;
    st.st_size = n->is_dir ? 0 : (off_t)n->size;
    st.st_blksize = 4096;
    st.st_blocks = (blkcnt_t)((n->cap + 511) / 512);
    st.st_atim = n->atime;
    st.st_mtim = n->mtime;
    st.st_ctim = n->ctime;
    memcpy(buf, &st, sizeof st);
    *reply_len = sizeof st;
    return 0;
}

/* ".", "..", then the children whose cookie is >= o->pos, oldest first. */
static long do_readdir(struct ofile *o, void *buf, size_t cap, size_t *reply_len)
{
    struct node *d = o->node;
    size_t used = 0;
    if (o->pos == 0) {
        if (ss_dirent_put(buf, cap, &used, d->ino, 1, DT_DIR, ".") < 0)
            return -EINVAL; /* rule: too small for one record */
        o->pos = 1;
    }
    if (o->pos == 1) {
        uint64_t up = d->parent ? d->parent->ino : d->ino;
        if (ss_dirent_put(buf, cap, &used, up, 2, DT_DIR, "..") < 0)
            return used ? (long)(*reply_len = used) : -EINVAL;
        o->pos = 2;
    }
    struct node *c = d->first;
    while (c && c->cookie < o->pos)
        c = c->next_sib;
    for (; c; c = c->next_sib) {
        if (ss_dirent_put(buf, cap, &used, c->ino, (int64_t)c->cookie + 1,
                          c->is_dir ? DT_DIR : DT_REG, c->name) < 0) {
            if (!used)
                return -EINVAL;
            break;
        }
        o->pos = c->cookie + 1;
    }
    d->atime = tmpfs_now();
    *reply_len = used;
    return (long)used;
}

static long do_truncate(struct ofile *o, uint64_t length)
{
    if (!o->node)
        return -ENOENT;
    if (o->node->is_dir)
        return -EISDIR;
    /* ftruncate needs a writable fd (truncate() comes as an O_PATH open) */
    if (!o->path_only && !o->writable)
        return -EINVAL;
    if ((int64_t)length < 0)
        return -EINVAL;
    return data_truncate(o->node, length);
}

static long do_mkdir(struct ofile *o, uint64_t mode)
{
    if (o->node)
        return -EEXIST;
    if (o->dir->removed)
        return -ENOENT;
    if (node_lookup(o->dir->fs, o->dir, o->name, strlen(o->name)))
        return -EEXIST; /* made since this handle was opened */
    int err = 0;
    struct node *n =
        node_create(o->dir->fs, o->dir, o->name, strlen(o->name), 1, (uint32_t)mode & 07777, &err);
    return n ? 0 : err;
}

static long do_remove(struct ofile *o, int want_dir)
{
    struct node *n = o->node;
    if (!n || n->removed)
        return -ENOENT;
    if (!n->parent)
        return -EBUSY; /* the root */
    if (want_dir && !n->is_dir)
        return -ENOTDIR;
    if (!want_dir && n->is_dir)
        return -EISDIR;
    if (want_dir && n->children)
        return -ENOTEMPTY;
    node_remove(n);
    return 0;
}

/* rename: buf holds the new path (len bytes, no NUL) in the same scheme. */
static long do_rename(struct fs *fs, struct ofile *o, const char *buf, size_t len)
{
    char path[SS_PATH_MAX + 1];
    if (len > SS_PATH_MAX)
        return -ENAMETOOLONG;
    if (memchr(buf, 0, len))
        return -EINVAL; /* rule: a path never holds a NUL */
    memcpy(path, buf, len);
    path[len] = 0;
    int r = ss_path_check(path);
    if (r < 0)
        return r;
    struct node *n = o->node;
    if (!n || n->removed)
        return -ENOENT;
    if (!n->parent || !*path)
        return -EBUSY; /* the root, from or to */
    struct node *dir;
    const char *name;
    size_t nlen;
    r = fs_walk(fs, path, &dir, &name, &nlen);
    if (r < 0)
        return r;
    /* rule: a directory never moves into itself or below itself */
    if (n->is_dir && node_is_ancestor(n, dir))
        return -EINVAL;
    struct node *old = node_lookup(fs, dir, name, nlen);
    if (old == n)
        return 0;
    if (old) {
        if (n->is_dir && !old->is_dir)
            return -ENOTDIR;
        if (!n->is_dir && old->is_dir)
            return -EISDIR;
        if (old->is_dir && old->children)
            return -ENOTEMPTY;
    }
    /* Invoke: the name's memory first (the only step that can fail), then
     * the swap. */
    char *copy = malloc(nlen + 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, name, nlen);
    copy[nlen] = 0;
    if (old)
        node_remove(old);
    node_move(n, dir, copy, nlen);
    return 0;
}

static long t_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                    uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)rq;
    struct ofile *o = get(id);
    if (!o)
        return -EBADF;
    switch (code) {
    case FCALL_FSTAT:
        return do_fstat(o, buf, len, reply_len);
    case FCALL_SEEK: {
        if (o->path_only)
            return -EBADF;
        if (o->node->is_dir && a2 != SEEK_SET)
            return -EINVAL; /* a directory's offsets are cookies */
        long r = ss_seek_target(o->pos, o->node->is_dir ? 0 : o->node->size, a1, a2);
        if (r >= 0)
            o->pos = (uint64_t)r;
        return r;
    }
    case FCALL_READDIR:
        if (o->path_only)
            return -EBADF;
        if (!o->node->is_dir)
            return -ENOTDIR;
        return do_readdir(o, buf, len, reply_len);
    case FCALL_TRUNCATE:
        return do_truncate(o, a1);
    case FCALL_SYNC:
        return o->node ? 0 : -ENOENT;
    case FCALL_FLAGS:
        /* rule: only the status flags fcntl(F_SETFL) may change */
        if (a1 & ~(uint64_t)(O_APPEND | O_NONBLOCK))
            return -EINVAL;
        o->status = (uint32_t)a1;
        return (long)a1;
    case FCALL_CHMOD:
        if (!o->node)
            return -ENOENT;
        o->node->mode = (uint32_t)a1 & 07777;
        o->node->ctime = tmpfs_now();
        return 0;
    case FCALL_UNLINK:
        return do_remove(o, 0);
    case FCALL_RMDIR:
        return do_remove(o, 1);
    case FCALL_MKDIR:
        return do_mkdir(o, a1);
    case FCALL_RENAME:
        return do_rename(ctx, o, buf, len);
    default:
        return -ENOSYS;
    }
}

static void t_close(void *ctx, uint64_t id)
{
    (void)ctx;
    if (get(id))
        file_release((long)id);
}

static const struct ss_ops t_ops = {
    .open = t_open, .read = t_read, .write = t_write, .fcall = t_fcall, .close = t_close};

int main(void)
{
    static struct fs trees[2];
    static struct ss_scheme schemes[2];
    static struct ss_loop loop;
    static const char *const names[2] = {"tmp", "home"};
    ss_loop_init(&loop);
    for (int i = 0; i < 2; i++) {
        if (fs_init(&trees[i], names[i], 0x20 + (uint64_t)i) < 0) {
            cobalt_log_printf("tmpfs: out of memory");
            return 1;
        }
        schemes[i] = (struct ss_scheme){.name = names[i], .ops = &t_ops, .ctx = &trees[i]};
        long r = ss_loop_add_scheme(&loop, &schemes[i]);
        if (r < 0) {
            cobalt_log_printf("tmpfs: scheme_register(%s) failed: %ld", names[i], r);
            return 1;
        }
    }
    cobalt_log_printf("tmpfs: serving tmp: and home: (pid %ld)", cobalt_getpid());
    long r = ss_loop_run(&loop);
    cobalt_log_printf("tmpfs: wait_many failed: %ld", r);
    return 1;
}
