/* The path namespace: POSIX paths become scheme paths for the kernel's open.
 *
 *   "scheme:rest"     passes through unchanged (a first component with ':');
 *   "/tmp/a"          "tmp:a"      (the prefix table below; "/home/a" "home:a");
 *   "/dev/null"       "null:"      "/dev/zero"  "zero:"  "/dev/urandom" "rand:";
 *   "/dev/ptmx"       "pty:ptmx"   "/dev/pts/3" "pty:3" (servers/pty);
 *   "/etc/motd"       "file:etc/motd" (everything else: the root file system);
 *   "a/b"             joined to the working directory first.
 *
 * Absolute and relative paths are normalised lexically ("//", ".", ".."),
 * which is exact because Cobalt has no symbolic links. The part after the
 * colon never starts with '/': it is relative to the scheme's root. Path
 * operations (stat, unlink, mkdir, rename, chmod, truncate, access) open the
 * path with O_PATH and make an fcall on that handle (docs/libc.md).
 *
 * The working directory is kept here: chdir writes it under cwd_lock with
 * every signal blocked and bumps cwd_seq around the write; readers take no
 * lock (open is async-signal-safe: a handler may open while its thread is
 * in chdir) and retry if cwd_seq moved. execve passes it to the new program
 * (the end of this file). */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "atomic.h"
#include "lock.h"

static const struct {
    const char *prefix; /* an absolute, normalised path */
    const char *scheme; /* what replaces it */
} prefixes[] = {
    {"/tmp", "tmp:"},          {"/home", "home:"},        {"/dev/null", "null:"},
    {"/dev/zero", "zero:"},    {"/dev/urandom", "rand:"}, {"/dev/random", "rand:"},
    {"/dev/ptmx", "pty:ptmx"}, {"/dev/pts", "pty:"},
};
#define ROOT_SCHEME "file:"

static volatile int cwd_lock[1]; /* serialises writers */
static volatile int cwd_seq;     /* odd while chdir writes cwd */
/* Written only by chdir, as above; its last byte is always '\0'. */
static char cwd[COBALT_PATH_MAX + 1] = "/";

/* A path is a scheme path when its first component holds a colon. */
static const char *scheme_colon(const char *path)
{
    for (const char *p = path; *p && *p != '/'; p++) {
        if (*p == ':')
            return p;
    }
    return 0;
}

/* Appends the components of src to out (which holds `len` bytes of
 * normalised components, without a trailing '/'), resolving "." and "..";
 * ".." never climbs above the start (`floor`). Returns the new length or
 * -ENAMETOOLONG. */
static long append_components(char *out, long len, long floor, const char *src, size_t size)
{
    while (*src) {
        while (*src == '/')
            src++;
        const char *end = src;
        while (*end && *end != '/')
            end++;
        long n = end - src;
        if (n == 0)
            break;
        if (n == 1 && src[0] == '.') {
            /* nothing */
        } else if (n == 2 && src[0] == '.' && src[1] == '.') {
            while (len > floor && out[len - 1] != '/')
                len--;
            if (len > floor)
                len--; /* the '/' before the removed component */
        } else {
            long need = len + (len > floor ? 1 : 0) + n;
            if (need + 1 > (long)size)
                return -ENAMETOOLONG;
            if (len > floor)
                out[len++] = '/';
            memcpy(out + len, src, n);
            len += n;
        }
        src = end;
    }
    out[len] = '\0';
    return len;
}

static long put(char *out, size_t size, long at, const char *s)
{
    size_t n = strlen(s);
    if (at + n + 1 > size)
        return -ENAMETOOLONG;
    memcpy(out + at, s, n + 1);
    return at + (long)n;
}

/* The normalised absolute path (without its leading '/') to scheme form. */
static long absolute_to_scheme(const char *norm, char *out, size_t size)
{
    /* norm is "a/b" for "/a/b"; "" for "/". */
    for (unsigned i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        const char *p = prefixes[i].prefix + 1;
        size_t n = strlen(p);
        if (strncmp(norm, p, n) == 0 && (norm[n] == '\0' || norm[n] == '/')) {
            long at = put(out, size, 0, prefixes[i].scheme);
            if (at < 0)
                return at;
            return put(out, size, at, norm[n] == '/' ? norm + n + 1 : norm + n);
        }
    }
    long at = put(out, size, 0, ROOT_SCHEME);
    return at < 0 ? at : put(out, size, at, norm);
}

/* Normalises `rel` against `base` (absolute "/..." or "scheme:rest") into
 * out: "/a/b" becomes "a/b" with *is_absolute set, "s:x/../y" becomes
 * "s:y". */
static long resolve(const char *base, const char *rel, char *out, size_t size, int *is_absolute)
{
    const char *colon = scheme_colon(base);
    long floor = 0, len = 0;
    *is_absolute = !colon;
    if (colon) {
        floor = colon - base + 1;
        if (floor + 1 > (long)size)
            return -ENAMETOOLONG;
        memcpy(out, base, floor);
        len = append_components(out, floor, floor, colon + 1, size);
    } else {
        len = append_components(out, 0, 0, base, size);
    }
    if (len < 0 || !rel)
        return len;
    return append_components(out, len, floor, rel, size);
}

/* resolve() against the working directory, read without a lock: retried if
 * chdir changed it meanwhile. */
static long resolve_cwd(const char *rel, char *out, size_t size, int *is_absolute)
{
    for (;;) {
        int seq = cwd_seq;
        if (seq & 1) {
            __cobalt_trap0(CSYS_yield);
            continue;
        }
        a_barrier();
        long r = resolve(cwd, rel, out, size, is_absolute);
        a_barrier();
        if (cwd_seq == seq)
            return r;
    }
}

long __cobalt_path(int dirfd, const char *path, char *out, size_t size)
{
    if (!path)
        return -EFAULT;
    if (!*path)
        return -ENOENT;
    if (scheme_colon(path)) {
        /* Passes through unchanged. */
        return put(out, size, 0, path);
    }
    char norm[COBALT_PATH_MAX + 1];
    int absolute;
    long r;
    if (path[0] == '/') {
        r = resolve(path, 0, norm, sizeof norm, &absolute);
    } else {
        if (dirfd != AT_FDCWD)
            return -ENOSYS; /* no path is kept for directory fds (docs/libc.md) */
        r = resolve_cwd(path, norm, sizeof norm, &absolute);
    }
    if (r < 0)
        return r;
    return absolute ? absolute_to_scheme(norm, out, size) : put(out, size, 0, norm);
}

long __cobalt_exec_path(const char *path, char *out, size_t size)
{
    if (!path)
        return -EFAULT;
    if (!*path)
        return -ENOENT;
    if (scheme_colon(path))
        return -ENOENT; /* programs run from the boot image only */
    int absolute = 1;
    long r;
    if (path[0] == '/') {
        r = resolve(path, 0, out, size, &absolute);
    } else {
        r = resolve_cwd(path, out, size, &absolute);
    }
    if (r >= 0 && !absolute)
        return -ENOENT;
    return r;
}

/* The server sees Linux's O_* flags in the low 32 bits and, when a file may
 * be created, the mode (less the umask) in bits 32..43. O_CLOEXEC stays here;
 * O_LARGEFILE (which musl always adds) means nothing on x86_64 (docs/libc.md). */
static long wire_flags(long flags, long mode)
{
    long f = flags & ~(long)(O_CLOEXEC | O_LARGEFILE) & 0xffffffffL;
    if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
        f |= (mode & 07777 & ~(long)__cobalt_current_umask()) << 32;
    return f;
}

static int open_common(struct cobalt_call *c, long dirfd, const char *path, long flags, long mode)
{
    long len = __cobalt_path((int)dirfd, path, c->path, sizeof c->path);
    if (len < 0)
        return cobalt_done(c, len);
    if (len > COBALT_PATH_MAX)
        return cobalt_done(c, -ENAMETOOLONG);
    c->post = POST_OPEN;
    c->ctx[0] = flags;
    return cobalt_translate(c, CSYS_open, (long)c->path, len, wire_flags(flags, mode), 0, 0, 0);
}

int __cobalt_open(struct cobalt_call *c, const long *a)
{
    return open_common(c, AT_FDCWD, (const char *)a[0], a[1], a[2]);
}

int __cobalt_openat(struct cobalt_call *c, const long *a)
{
    return open_common(c, a[0], (const char *)a[1], a[2], a[3]);
}

int __cobalt_creat(struct cobalt_call *c, const long *a)
{
    return open_common(c, AT_FDCWD, (const char *)a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}

long __cobalt_open_path(int dirfd, const char *path, char *buf, long extra_flags)
{
    long len = __cobalt_path(dirfd, path, buf, COBALT_PATH_MAX + 1);
    if (len < 0)
        return len;
    return __cobalt_trap3(CSYS_open, buf, len, O_PATH | extra_flags);
}

/* Opens path with O_PATH, makes one fcall on it, closes it. */
static long path_call(long dirfd, const char *path, long code, long a1, long a2, void *buf,
                      long len)
{
    char tmp[COBALT_PATH_MAX + 8];
    long h = __cobalt_open_path((int)dirfd, path, tmp, 0);
    if (h < 0)
        return h;
    long r = __cobalt_trap6(CSYS_fcall, h, code, a1, a2, (long)buf, len);
    __cobalt_trap1(CSYS_handle_close, h);
    return r;
}

static int stat_at(struct cobalt_call *c, long dirfd, const char *path, void *st, long flags)
{
    memset(st, 0, sizeof(struct stat)); /* an answer buffer: no stale bytes to the server */
    if ((flags & AT_EMPTY_PATH) && path && !*path) {
        long r =
            __cobalt_trap6(CSYS_fcall, dirfd, FCALL_FSTAT, 0, 0, (long)st, sizeof(struct stat));
        return cobalt_done(c, r > 0 ? 0 : r);
    }
    long r = path_call(dirfd, path, FCALL_FSTAT, 0, 0, st, sizeof(struct stat));
    return cobalt_done(c, r > 0 ? 0 : r);
}

int __cobalt_stat(struct cobalt_call *c, const long *a)
{
    return stat_at(c, AT_FDCWD, (const char *)a[0], (void *)a[1], 0);
}

int __cobalt_lstat(struct cobalt_call *c, const long *a)
{
    return stat_at(c, AT_FDCWD, (const char *)a[0], (void *)a[1], 0);
}

int __cobalt_newfstatat(struct cobalt_call *c, const long *a)
{
    return stat_at(c, a[0], (const char *)a[1], (void *)a[2], a[3]);
}

/* There are no permissions: a path that exists is accessible. A file-system
 * server accepts O_PATH opens of names that do not exist yet (for mkdir), so
 * the answer is the fstat's: ENOENT there is ENOENT; a server without fstat
 * (ENOSYS) or another error still means "it opened". */
static int access_at(struct cobalt_call *c, long dirfd, const char *path)
{
    char tmp[COBALT_PATH_MAX + 8];
    long h = __cobalt_open_path((int)dirfd, path, tmp, 0);
    if (h < 0)
        return cobalt_done(c, h);
    struct stat st = {0}; /* an answer buffer: no stale bytes to the server */
    long r = __cobalt_trap6(CSYS_fcall, h, FCALL_FSTAT, 0, 0, (long)&st, sizeof st);
    __cobalt_trap1(CSYS_handle_close, h);
    return cobalt_done(c, r == -ENOENT ? r : 0);
}

int __cobalt_access(struct cobalt_call *c, const long *a)
{
    return access_at(c, AT_FDCWD, (const char *)a[0]);
}

int __cobalt_faccessat(struct cobalt_call *c, const long *a)
{
    return access_at(c, a[0], (const char *)a[1]);
}

static int zero_result(struct cobalt_call *c, long r)
{
    return cobalt_done(c, r > 0 ? 0 : r);
}

int __cobalt_unlink(struct cobalt_call *c, const long *a)
{
    return zero_result(c, path_call(AT_FDCWD, (const char *)a[0], FCALL_UNLINK, 0, 0, 0, 0));
}

int __cobalt_unlinkat(struct cobalt_call *c, const long *a)
{
    long code = (a[2] & AT_REMOVEDIR) ? FCALL_RMDIR : FCALL_UNLINK;
    return zero_result(c, path_call(a[0], (const char *)a[1], code, 0, 0, 0, 0));
}

static long dir_mode(long mode)
{
    return mode & 07777 & ~(long)__cobalt_current_umask();
}

int __cobalt_mkdir(struct cobalt_call *c, const long *a)
{
    return zero_result(
        c, path_call(AT_FDCWD, (const char *)a[0], FCALL_MKDIR, dir_mode(a[1]), 0, 0, 0));
}

int __cobalt_mkdirat(struct cobalt_call *c, const long *a)
{
    return zero_result(c,
                       path_call(a[0], (const char *)a[1], FCALL_MKDIR, dir_mode(a[2]), 0, 0, 0));
}

int __cobalt_rmdir(struct cobalt_call *c, const long *a)
{
    return zero_result(c, path_call(AT_FDCWD, (const char *)a[0], FCALL_RMDIR, 0, 0, 0, 0));
}

/* rename: the payload is the new path after its "scheme:", which must be
 * the old path's scheme (EXDEV otherwise). */
static int rename_at(struct cobalt_call *c, long olddir, const char *old, long newdir,
                     const char *new, long flags)
{
    if (flags)
        return cobalt_done(c, -EINVAL); /* RENAME_NOREPLACE and friends */
    char to[COBALT_PATH_MAX + 8], from[COBALT_PATH_MAX + 8];
    long n = __cobalt_path((int)newdir, new, to, sizeof to);
    long o = __cobalt_path((int)olddir, old, from, sizeof from);
    if (n < 0 || o < 0)
        return cobalt_done(c, n < 0 ? n : o);
    const char *tc = strchr(to, ':'), *fc = strchr(from, ':');
    if (tc - to != fc - from || memcmp(to, from, tc - to) != 0)
        return cobalt_done(c, -EXDEV);
    long rest = n - (tc + 1 - to);
    return zero_result(c, path_call(olddir, old, FCALL_RENAME, 0, 0, (void *)(tc + 1), rest));
}

int __cobalt_rename(struct cobalt_call *c, const long *a)
{
    return rename_at(c, AT_FDCWD, (const char *)a[0], AT_FDCWD, (const char *)a[1], 0);
}

int __cobalt_renameat(struct cobalt_call *c, const long *a)
{
    return rename_at(c, a[0], (const char *)a[1], a[2], (const char *)a[3], 0);
}

int __cobalt_renameat2(struct cobalt_call *c, const long *a)
{
    return rename_at(c, a[0], (const char *)a[1], a[2], (const char *)a[3], a[4]);
}

int __cobalt_chmod(struct cobalt_call *c, const long *a)
{
    return zero_result(c,
                       path_call(AT_FDCWD, (const char *)a[0], FCALL_CHMOD, a[1] & 07777, 0, 0, 0));
}

int __cobalt_fchmodat(struct cobalt_call *c, const long *a)
{
    return zero_result(c, path_call(a[0], (const char *)a[1], FCALL_CHMOD, a[2] & 07777, 0, 0, 0));
}

int __cobalt_truncate(struct cobalt_call *c, const long *a)
{
    if (a[1] < 0)
        return cobalt_done(c, -EINVAL);
    return zero_result(c, path_call(AT_FDCWD, (const char *)a[0], FCALL_TRUNCATE, a[1], 0, 0, 0));
}

/* A scheme path the namespace reaches from an absolute one, back in that
 * form ("tmp:a" is "/tmp/a", "file:a" is "/a"): getcwd must give an absolute
 * path. Other schemes' paths stay as they are. */
static const char *scheme_to_absolute(const char *path, char *out, size_t size)
{
    const char *colon = scheme_colon(path);
    size_t name = (size_t)(colon - path) + 1; /* with the colon */
    const char *rest = colon + 1, *prefix = 0;
    for (unsigned i = 0; i < sizeof prefixes / sizeof prefixes[0] && !prefix; i++) {
        if (strlen(prefixes[i].scheme) == name && memcmp(prefixes[i].scheme, path, name) == 0)
            prefix = prefixes[i].prefix;
    }
    if (!prefix && name == strlen(ROOT_SCHEME) && memcmp(ROOT_SCHEME, path, name) == 0)
        prefix = "";
    if (!prefix)
        return path;
    size_t p = strlen(prefix), r = strlen(rest);
    if (p + 1 + r + 1 > size)
        return path;
    memcpy(out, prefix, p);
    out[p] = '/';
    memcpy(out + p + 1, rest, r + 1);
    if (r == 0 && p > 0)
        out[p] = '\0'; /* "/tmp", not "/tmp/" */
    return out;
}

/* chdir: the directory must open (O_PATH | O_DIRECTORY); the normalised path
 * is kept, as an absolute path when there is one for it. */
int __cobalt_chdir(struct cobalt_call *c, const long *a)
{
    const char *path = (const char *)a[0];
    char tmp[COBALT_PATH_MAX + 8];
    long h = __cobalt_open_path(AT_FDCWD, path, tmp, O_DIRECTORY);
    if (h < 0)
        return cobalt_done(c, h);
    __cobalt_trap1(CSYS_handle_close, h);
    char norm[COBALT_PATH_MAX + 1];
    int absolute;
    long r;
    if (scheme_colon(path) || path[0] == '/')
        r = resolve(path, 0, norm + 1, sizeof norm - 1, &absolute);
    else
        r = resolve_cwd(path, norm + 1, sizeof norm - 1, &absolute);
    if (r < 0)
        return cobalt_done(c, r);
    /* resolve drops the leading '/' of an absolute path: put it back. */
    norm[0] = '/';
    char posix[COBALT_PATH_MAX + 1];
    const char *keep = absolute ? norm : scheme_to_absolute(norm + 1, posix, sizeof posix);
    uint64_t all = ~0ULL, old;
    __cobalt_trap3(CSYS_sigprocmask, SIG_SETMASK, &all, &old);
    LOCK(cwd_lock);
    a_inc(&cwd_seq);
    a_barrier();
    memcpy(cwd, keep, strlen(keep) + 1);
    a_barrier();
    a_inc(&cwd_seq);
    UNLOCK(cwd_lock);
    __cobalt_trap3(CSYS_sigprocmask, SIG_SETMASK, &old, 0);
    return cobalt_done(c, 0);
}

int __cobalt_fchdir(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, -ENOSYS); /* no path is kept for directory fds */
}

/* Linux's getcwd returns the length including the NUL. */
int __cobalt_getcwd(struct cobalt_call *c, const long *a)
{
    char *buf = (char *)a[0];
    size_t size = (size_t)a[1];
    for (;;) {
        int seq = cwd_seq;
        if (seq & 1) {
            __cobalt_trap0(CSYS_yield);
            continue;
        }
        a_barrier();
        size_t n = strlen(cwd) + 1;
        long r = n > size ? -ERANGE : (long)n;
        if (r > 0)
            memcpy(buf, cwd, n);
        a_barrier();
        if (cwd_seq == seq)
            return cobalt_done(c, r);
    }
}

/* No symbolic links: an existing path is "not a link" (EINVAL). */
int __cobalt_readlink(struct cobalt_call *c, const long *a)
{
    int r = access_at(c, AT_FDCWD, (const char *)a[0]);
    if (c->result == 0)
        c->result = -EINVAL;
    return r;
}

int __cobalt_readlinkat(struct cobalt_call *c, const long *a)
{
    int r = access_at(c, a[0], (const char *)a[1]);
    if (c->result == 0)
        c->result = -EINVAL;
    return r;
}

/* The working directory across exec (the kernel keeps none): execve gives the
 * new program the environment entry CWD_ENV<path> (__cobalt_cwd_env, unless
 * the directory is "/"), and cwd_inherit takes it out of the environment
 * before main runs, so programs never see it. */
#define CWD_ENV "__COBALT_CWD="

long __cobalt_cwd_env(char *buf, size_t size)
{
    for (;;) {
        int seq = cwd_seq;
        if (seq & 1) {
            __cobalt_trap0(CSYS_yield);
            continue;
        }
        a_barrier();
        size_t n = strlen(cwd), pre = sizeof CWD_ENV - 1;
        long r = n == 1 && cwd[0] == '/' ? 0 : pre + n + 1 > size ? -ENAMETOOLONG : (long)(pre + n);
        if (r > 0) {
            memcpy(buf, CWD_ENV, pre);
            memcpy(buf + pre, cwd, n + 1);
        }
        a_barrier();
        if (cwd_seq == seq)
            return r;
    }
}

int __cobalt_is_cwd_env(const char *entry)
{
    return strncmp(entry, CWD_ENV, sizeof CWD_ENV - 1) == 0;
}

extern char **__environ;

/* Runs before main (musl runs .init_array in static programs too): adopts the
 * directory the parent passed and removes the entry. The parent checked it
 * when it changed to it. */
__attribute__((constructor)) static void cwd_inherit(void)
{
    char **keep = __environ;
    for (char **e = __environ; e && *e; e++) {
        if (!__cobalt_is_cwd_env(*e)) {
            *keep++ = *e;
            continue;
        }
        const char *dir = *e + sizeof CWD_ENV - 1;
        size_t n = strlen(dir);
        if (n > 0 && n <= COBALT_PATH_MAX) /* "/a/b", or "scheme:a" outside the table */
            memcpy(cwd, dir, n + 1);
    }
    if (keep)
        *keep = 0;
}
