/* initfs: the boot image (docs/initfs.md), served read-only as the scheme
 * file: (libc maps every absolute path no other prefix takes there, so
 * /etc/services is file:etc/services). docs/schemes.md has the rules.
 *
 * The archive has files only; directories are implied by the names ("bin"
 * exists because "bin/init" does). As the names are sorted, the names under
 * a directory form one run of entries: a lookup is a binary search, a
 * directory listing a walk along that run. Inode numbers are stable for one
 * image: 1 the root, 2 + i the file of entry i, and for a directory
 * DIR_INO + (first entry under it) * 64 + (length of its name).
 *
 * This file owns the open files (a table indexed by file id) and the
 * handlers; the archive reader is libscheme's <cobalt/bootfs.h>. Writes,
 * creation, removal and renames are EROFS. fmap (read-only) answers with a
 * shared-memory copy of the file, made at its first fmap and kept for the
 * server's life, handed out with the read and map rights only. */
#include <cobalt/bootfs.h>
#include <cobalt/debug.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define OPEN_MAX 1024 /* open files at once, over every client */
#define DIR_INO  0x100000ull
#define DEV_ID   0x10 /* st_dev of every file here */

enum kind { K_FREE, K_FILE, K_DIR, K_MISSING };

/* One open file. Directories keep their name (with a trailing '/', "" for the
 * root) and read from entry `pos - 2` on (0 and 1 are "." and ".."). */
struct ofile {
    enum kind kind;
    int path_only;  /* opened with O_PATH: no read, no readdir */
    uint32_t entry; /* K_FILE: the archive entry */
    uint64_t pos;
    uint64_t ino;
    char dir[BOOTFS_NAME_MAX + 1];
    size_t dir_len;
};

static struct ofile files[OPEN_MAX];
static long shm_of[4096]; /* entry -> its read-only shared-memory copy + 1 (0: none yet) */
static uint64_t start_ns; /* every file's times: the server's start */

/* What a path names. */
struct found {
    enum kind kind;
    uint32_t entry;
    uint64_t ino;
};

static int entry_is(uint32_t i, const char *name, size_t len, int as_prefix)
{
    struct bootfs_file f;
    if (bootfs_entry(i, &f) < 0)
        return 0;
    if (as_prefix)
        return strncmp(f.name, name, len) == 0;
    return strlen(f.name) == len && memcmp(f.name, name, len) == 0;
}

/* The first len bytes of path as a file or directory: 0 or -ENOENT. */
static int lookup_prefix(const char *path, size_t len, struct found *out)
{
    if (len == 0) {
        *out = (struct found){K_DIR, 0, 1};
        return 0;
    }
    if (len >= BOOTFS_NAME_MAX)
        return -ENOENT; /* no name in the archive is this long */
    uint32_t i = bootfs_lower_bound(path, len);
    if (entry_is(i, path, len, 0)) {
        *out = (struct found){K_FILE, i, 2 + (uint64_t)i};
        return 0;
    }
    char key[BOOTFS_NAME_MAX + 1];
    memcpy(key, path, len);
    key[len] = '/';
    i = bootfs_lower_bound(key, len + 1);
    if (entry_is(i, key, len + 1, 1)) {
        *out = (struct found){K_DIR, i, DIR_INO + (uint64_t)i * 64 + len};
        return 0;
    }
    return -ENOENT;
}

/* A whole (checked) path: every component before the last must be a
 * directory (-ENOTDIR when one is a file). */
static int lookup(const char *path, struct found *out)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < len; i++) {
        struct found up;
        if (path[i] == '/' && lookup_prefix(path, i, &up) == 0 && up.kind == K_FILE)
            return -ENOTDIR;
    }
    return lookup_prefix(path, len, out);
}

static long new_file(void)
{
    for (long id = 0; id < OPEN_MAX; id++) {
        if (files[id].kind == K_FREE)
            return id;
    }
    return -ENFILE;
}

static long fs_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx;
    int r = ss_path_check(path);
    if (r < 0)
        return r;
    struct found f;
    r = lookup(path, &f);
    int acc = (int)(flags & O_ACCMODE), path_only = (flags & O_PATH) != 0;
    /* Decode: every reason to refuse, before a file id is taken. */
    if (r == -ENOENT) {
        if (path_only && !(flags & O_DIRECTORY))
            f = (struct found){K_MISSING, 0, 0}; /* for mkdir & co.: EROFS later */
        else
            return (flags & O_CREAT) ? -EROFS : -ENOENT;
    } else if (r < 0) {
        return r;
    } else if ((flags & O_CREAT) && (flags & O_EXCL)) {
        return -EEXIST;
    } else if (!path_only) {
        if (f.kind == K_DIR && acc != O_RDONLY)
            return -EISDIR;
        if (acc != O_RDONLY || (flags & O_TRUNC))
            return -EROFS;
        if ((flags & O_TMPFILE) == O_TMPFILE)
            return -EROFS;
    }
    if ((flags & O_DIRECTORY) && f.kind == K_FILE)
        return -ENOTDIR;
    long id = new_file();
    if (id < 0)
        return id;
    struct ofile *o = &files[id];
    *o = (struct ofile){.kind = f.kind, .path_only = path_only, .entry = f.entry, .ino = f.ino};
    if (f.kind == K_DIR) {
        size_t len = strlen(path);
        memcpy(o->dir, path, len);
        if (len)
            o->dir[len++] = '/';
        o->dir[len] = 0;
        o->dir_len = len;
    }
    if (ss_open_reply(rq, (uint64_t)id, WAIT_READABLE | WAIT_WRITABLE) < 0)
        o->kind = K_FREE; /* the client is gone */
    return SS_DEFER;
}

static struct ofile *get(uint64_t id)
{
    return id < OPEN_MAX && files[id].kind != K_FREE ? &files[id] : NULL;
}

static long fs_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx, (void)out;
    struct ofile *o = get(id);
    if (!o || o->path_only)
        return -EBADF;
    if (o->kind == K_DIR)
        return -EISDIR;
    struct bootfs_file f;
    if (bootfs_entry(o->entry, &f) < 0)
        return -EIO;
    if (o->pos >= f.size)
        return 0;
    size_t n = f.size - o->pos < want ? (size_t)(f.size - o->pos) : want;
    rq->reply_data = f.data + o->pos;
    o->pos += n;
    return (long)n;
}

static long fs_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx, (void)rq, (void)data, (void)len;
    struct ofile *o = get(id);
    if (!o || o->path_only)
        return -EBADF;
    return o->kind == K_DIR ? -EISDIR : -EROFS;
}

static long do_fstat(struct ofile *o, void *buf, size_t len, size_t *reply_len)
{
    struct stat st = {0};
    /* rule: the answer is a whole struct stat or nothing */
    if (len < sizeof st)
        return -EINVAL;
    if (o->kind == K_MISSING)
        return -ENOENT;
    st.st_dev = DEV_ID;
    st.st_ino = o->ino;
    st.st_blksize = 4096;
    st.st_atim.tv_sec = st.st_mtim.tv_sec = st.st_ctim.tv_sec = (time_t)(start_ns / 1000000000);
    if (o->kind == K_DIR) {
        st.st_mode = S_IFDIR | 0555;
        st.st_nlink = 2;
    } else {
        struct bootfs_file f;
        if (bootfs_entry(o->entry, &f) < 0)
            return -EIO;
        st.st_mode = S_IFREG | (strncmp(f.name, "bin/", 4) == 0 ? 0555 : 0444);
        st.st_nlink = 1;
        st.st_size = (off_t)f.size;
        st.st_blocks = (blkcnt_t)((f.size + 511) / 512);
    }
    memcpy(buf, &st, sizeof st);
    *reply_len = sizeof st;
    return 0;
}

/* The children of directory o from entry position o->pos on, as dirents. */
static long do_readdir(struct ofile *o, void *buf, size_t cap, size_t *reply_len)
{
    size_t used = 0;
    uint32_t count = bootfs_count();
    if (o->pos == 0) {
        if (ss_dirent_put(buf, cap, &used, o->ino, 1, DT_DIR, ".") < 0)
            return -EINVAL; /* rule: too small for one record */
        o->pos = 1;
    }
    if (o->pos == 1) {
        if (ss_dirent_put(buf, cap, &used, 1, 2, DT_DIR, "..") < 0)
            return used ? (long)(*reply_len = used) : -EINVAL;
        /* The first entry under this directory. */
        o->pos = 2 + (uint64_t)bootfs_lower_bound(o->dir, o->dir_len);
    }
    char last[BOOTFS_NAME_MAX + 1] = "";
    while (o->pos - 2 < count) {
        uint32_t i = (uint32_t)(o->pos - 2);
        struct bootfs_file f;
        if (bootfs_entry(i, &f) < 0 || strncmp(f.name, o->dir, o->dir_len) != 0)
            break; /* past this directory's run */
        const char *child = f.name + o->dir_len;
        const char *slash = strchr(child, '/');
        size_t n = slash ? (size_t)(slash - child) : strlen(child);
        char name[BOOTFS_NAME_MAX + 1];
        memcpy(name, child, n);
        name[n] = 0;
        /* A subdirectory's names are consecutive: list it once, skip its run. */
        uint32_t next = i + 1;
        uint64_t ino = 2 + (uint64_t)i;
        if (slash) {
            size_t plen = (size_t)(slash - f.name) + 1;
            next = bootfs_lower_bound(f.name, plen);
            while (next < count && entry_is(next, f.name, plen, 1))
                next++;
            ino = DIR_INO + (uint64_t)i * 64 + (plen - 1);
        }
        if (strcmp(name, last) != 0) {
            if (ss_dirent_put(buf, cap, &used, ino, 2 + (int64_t)next, slash ? DT_DIR : DT_REG,
                              name) < 0) {
                if (!used)
                    return -EINVAL;
                break;
            }
            memcpy(last, name, n + 1);
        }
        o->pos = 2 + (uint64_t)next;
    }
    *reply_len = used;
    return (long)used;
}

static long fs_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                     uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)rq;
    struct ofile *o = get(id);
    if (!o)
        return -EBADF;
    switch (code) {
    case FCALL_FSTAT:
        return do_fstat(o, buf, len, reply_len);
    case FCALL_SEEK: {
        if (o->path_only)
            return -EBADF;
        uint64_t size = 0;
        struct bootfs_file f;
        if (o->kind == K_FILE && bootfs_entry(o->entry, &f) == 0)
            size = f.size;
        if (o->kind == K_DIR && !(a2 == SEEK_SET))
            return -EINVAL; /* a directory's offsets are cookies */
        long r = ss_seek_target(o->pos, size, a1, a2);
        if (r >= 0)
            o->pos = (uint64_t)r;
        return r;
    }
    case FCALL_READDIR:
        if (o->path_only)
            return -EBADF;
        if (o->kind != K_DIR)
            return -ENOTDIR;
        return do_readdir(o, buf, len, reply_len);
    default:
        return ss_fcall_readonly(code, a1);
    }
}

#define PAGE 4096ull

static long fs_fmap(void *ctx, struct ss_request *rq, uint64_t id, uint64_t offset, uint64_t len,
                    uint64_t prot)
{
    (void)ctx, (void)rq;
    struct ofile *o = get(id);
    if (!o || o->path_only)
        return -EBADF;
    if (o->kind != K_FILE)
        return -ENODEV; /* as Linux: a directory does not map */
    /* rule: the boot image is read-only */
    if (prot & PROT_WRITE)
        return -EACCES;
    struct bootfs_file f;
    if (bootfs_entry(o->entry, &f) < 0 || o->entry >= sizeof shm_of / sizeof shm_of[0])
        return -EIO;
    uint64_t span = (f.size + PAGE - 1) & ~(PAGE - 1);
    /* rule: the mapping lies inside the file's pages */
    if (offset % PAGE || offset > span || len > span - offset || len == 0)
        return -ENXIO;
    if (!shm_of[o->entry]) {
        long h = cobalt_shm_create((long)span);
        if (h < 0)
            return h;
        long at = cobalt_shm_map(h, 0, PROT_READ | PROT_WRITE);
        if (at < 0) {
            cobalt_handle_close(h);
            return at;
        }
        memcpy((void *)at, f.data, f.size);
        cobalt_shm_unmap(at);
        long ro = cobalt_handle_dup(h, 1 | 4); /* read and map: never writable */
        cobalt_handle_close(h);
        if (ro < 0)
            return ro;
        shm_of[o->entry] = ro + 1;
    }
    return shm_of[o->entry] - 1;
}

static void fs_close(void *ctx, uint64_t id)
{
    (void)ctx;
    if (id < OPEN_MAX)
        files[id].kind = K_FREE;
}

static const struct ss_ops fs_ops = {.open = fs_open,
                                     .read = fs_read,
                                     .write = fs_write,
                                     .fcall = fs_fcall,
                                     .fmap = fs_fmap,
                                     .close = fs_close};

int main(void)
{
    static struct ss_scheme scheme = {.name = "file", .ops = &fs_ops};
    static struct ss_loop loop;
    int r = bootfs_open();
    if (r < 0) {
        cobalt_log_printf("initfs: bootfs_map failed (%d)", r);
        return 1;
    }
    cobalt_clock_get(1, (long)&start_ns);
    ss_loop_init(&loop);
    long e = ss_loop_add_scheme(&loop, &scheme);
    if (e < 0) {
        cobalt_log_printf("initfs: scheme_register(file) failed: %ld", e);
        return 1;
    }
    cobalt_log_printf("initfs: serving file: (%u files, pid %ld)", bootfs_count(), cobalt_getpid());
    e = ss_loop_run(&loop);
    cobalt_log_printf("initfs: wait_many failed: %ld", e);
    return 1;
}
