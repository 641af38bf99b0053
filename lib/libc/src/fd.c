/* Files and fds. An fd is a Cobalt handle number (0..255); read and write
 * go to the handle's scheme server, close is handle_close, dup is
 * handle_dup/handle_dup_to, and everything else a file can do (seek, stat,
 * truncate, sync, ioctl, readdir, chmod, status flags) is an fcall with an
 * FCALL_* code of cobalt/abi.h.
 *
 * The kernel has no close-on-exec flag and no status flags: both are kept
 * here, per fd, in user space. Close-on-exec fds are closed just before
 * exec (execve in process.c); status flags are what open or F_SETFL said
 * (dups share a file in the kernel but not these books: docs/libc.md). */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>

#include "atomic.h"

/* Guarded by atomics: one bit per fd. */
static volatile int cloexec_bits[COBALT_FD_MAX / 32];
/* Status flags (O_ACCMODE, O_APPEND, O_NONBLOCK) + 1, 0 = unknown. */
static volatile int status_flags[COBALT_FD_MAX];

#define STATUS_KEPT (O_ACCMODE | O_APPEND | O_NONBLOCK)

static int fd_ok(long fd)
{
    return fd >= 0 && fd < COBALT_FD_MAX;
}

void __cobalt_fd_set_cloexec(int fd, int on)
{
    if (!fd_ok(fd))
        return;
    int bit = 1 << (fd % 32);
    if (on)
        a_or(&cloexec_bits[fd / 32], bit);
    else
        a_and(&cloexec_bits[fd / 32], ~bit);
}

int __cobalt_fd_cloexec(int fd)
{
    return fd_ok(fd) && (cloexec_bits[fd / 32] >> (fd % 32) & 1);
}

void __cobalt_fd_opened(int fd, long flags)
{
    if (!fd_ok(fd))
        return;
    __cobalt_fd_set_cloexec(fd, (flags & O_CLOEXEC) != 0);
    a_store(&status_flags[fd], (int)(flags & STATUS_KEPT) + 1);
}

void __cobalt_fd_closed(int fd)
{
    if (!fd_ok(fd))
        return;
    __cobalt_fd_set_cloexec(fd, 0);
    a_store(&status_flags[fd], 0);
}

void __cobalt_fd_close_on_exec(void)
{
    for (int fd = 0; fd < COBALT_FD_MAX; fd++) {
        if (__cobalt_fd_cloexec(fd)) {
            __cobalt_trap1(CSYS_handle_close, fd);
            __cobalt_fd_closed(fd);
        }
    }
}

static int handle_exists(int fd)
{
    /* A duplicate with no rights is always allowed: it only proves the handle exists. */
    long d = __cobalt_trap2(CSYS_handle_dup, fd, 0);
    if (d < 0)
        return 0;
    __cobalt_trap1(CSYS_handle_close, d);
    return 1;
}

/* Rights to try, most first: a duplicate may not have more than the original,
 * and the kernel has no call that tells them (docs/libc.md). */
static const long rights_order[] = {7, 3, 5, 6, 1, 2, 4, 0};

/* dup (target < 0: the lowest free handle, or the lowest free one at or
 * above any_at_or_above when that is >= 0) or dup2 onto target, keeping
 * every right the original has. */
long __cobalt_fd_dup_rights(int fd, int target, int any_at_or_above)
{
    if (any_at_or_above >= 0) {
        if (any_at_or_above >= COBALT_FD_MAX)
            return -EINVAL;
        if (!handle_exists(fd))
            return -EBADF;
        for (int t = any_at_or_above; t < COBALT_FD_MAX; t++) {
            if (!handle_exists(t))
                return __cobalt_fd_dup_rights(fd, t, -1);
        }
        return -EMFILE;
    }
    long r = -EPERM;
    for (unsigned i = 0; i < sizeof rights_order / sizeof rights_order[0] && r == -EPERM; i++) {
        r = target < 0 ? __cobalt_trap2(CSYS_handle_dup, fd, rights_order[i])
                       : __cobalt_trap3(CSYS_handle_dup_to, fd, target, rights_order[i]);
    }
    if (r >= 0 && r != fd && fd_ok(r)) {
        __cobalt_fd_set_cloexec((int)r, 0);
        a_store(&status_flags[r], fd_ok(fd) ? status_flags[fd] : 0);
    }
    return r;
}

long __cobalt_seek(int fd, long off, int whence)
{
    long r = __cobalt_trap6(CSYS_fcall, fd, FCALL_SEEK, off, whence, 0, 0);
    return r == -ENOSYS ? -ESPIPE : r;
}

int __cobalt_read(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_read, a[0], a[1], a[2], 0, 0, 0);
}

int __cobalt_write(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_write, a[0], a[1], a[2], 0, 0, 0);
}

/* readv reads once, into the first buffer that is not empty: a short count
 * is what readv may return, and a second read could block although data
 * already arrived (a console, a pipe). */
int __cobalt_readv(struct cobalt_call *c, const long *a)
{
    const struct iovec *iov = (const struct iovec *)a[1];
    long n = a[2];
    if (n < 0 || n > 1024)
        return cobalt_done(c, -EINVAL);
    for (long i = 0; i < n; i++) {
        if (iov[i].iov_len)
            return cobalt_translate(c, CSYS_read, a[0], (long)iov[i].iov_base, (long)iov[i].iov_len,
                                    0, 0, 0);
    }
    return cobalt_translate(c, CSYS_read, a[0], 0, 0, 0, 0, 0);
}

#define GATHER_MAX 1024

/* writev: one write when there is one buffer or the data fits a small
 * gather buffer (so small records stay whole); otherwise buffer by buffer
 * until one is taken short. */
int __cobalt_writev(struct cobalt_call *c, const long *a)
{
    const struct iovec *iov = (const struct iovec *)a[1];
    long n = a[2], fd = a[0];
    if (n < 0 || n > 1024)
        return cobalt_done(c, -EINVAL);
    size_t total = 0, nonempty = 0;
    long only = -1;
    for (long i = 0; i < n; i++) {
        total += iov[i].iov_len;
        if (iov[i].iov_len) {
            nonempty++;
            only = i;
        }
    }
    if (nonempty <= 1)
        return cobalt_translate(c, CSYS_write, fd, only < 0 ? 0 : (long)iov[only].iov_base,
                                only < 0 ? 0 : (long)iov[only].iov_len, 0, 0, 0);
    if (total <= GATHER_MAX) {
        char *p = c->path; /* the call's scratch buffer, big enough */
        for (long i = 0; i < n; i++) {
            const char *s = iov[i].iov_base;
            for (size_t k = 0; k < iov[i].iov_len; k++)
                *p++ = s[k];
        }
        return cobalt_translate(c, CSYS_write, fd, (long)c->path, (long)total, 0, 0, 0);
    }
    long done = 0;
    for (long i = 0; i < n; i++) {
        if (!iov[i].iov_len)
            continue;
        long r = __cobalt_trap3(CSYS_write, fd, iov[i].iov_base, iov[i].iov_len);
        if (r < 0)
            return cobalt_done(c, done ? done : r);
        done += r;
        if ((size_t)r < iov[i].iov_len)
            break;
    }
    return cobalt_done(c, done);
}

/* pread/pwrite: seek there, transfer, seek back. Not atomic against other
 * users of the same file (docs/libc.md). */
static long positioned(long fd, void *buf, long len, long off, int write)
{
    if (off < 0)
        return -EINVAL;
    long cur = __cobalt_seek((int)fd, 0, SEEK_CUR);
    if (cur < 0)
        return cur;
    long r = __cobalt_seek((int)fd, off, SEEK_SET);
    if (r < 0)
        return r;
    r = __cobalt_trap3(write ? CSYS_write : CSYS_read, fd, buf, len);
    __cobalt_seek((int)fd, cur, SEEK_SET);
    return r;
}

int __cobalt_pread(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, positioned(a[0], (void *)a[1], a[2], a[3], 0));
}

int __cobalt_pwrite(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, positioned(a[0], (void *)a[1], a[2], a[3], 1));
}

static int positioned_v(struct cobalt_call *c, const long *a, int write)
{
    const struct iovec *iov = (const struct iovec *)a[1];
    for (long i = 0; i < a[2]; i++) {
        if (iov[i].iov_len)
            return cobalt_done(
                c, positioned(a[0], iov[i].iov_base, (long)iov[i].iov_len, a[3], write));
    }
    return cobalt_done(c, a[2] < 0 ? -EINVAL : 0);
}

int __cobalt_preadv(struct cobalt_call *c, const long *a)
{
    return positioned_v(c, a, 0);
}

int __cobalt_pwritev(struct cobalt_call *c, const long *a)
{
    return positioned_v(c, a, 1);
}

int __cobalt_close(struct cobalt_call *c, const long *a)
{
    /* The books go first: once the handle is closed its number can be reused. */
    if (fd_ok(a[0]))
        __cobalt_fd_closed((int)a[0]);
    return cobalt_translate(c, CSYS_handle_close, a[0], 0, 0, 0, 0, 0);
}

int __cobalt_dup(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, __cobalt_fd_dup_rights((int)a[0], -1, -1));
}

static long dup_to(long fd, long target, long flags)
{
    if (!fd_ok(target))
        return -EBADF;
    long r = __cobalt_fd_dup_rights((int)fd, (int)target, -1);
    if (r >= 0)
        __cobalt_fd_set_cloexec((int)r, (flags & O_CLOEXEC) != 0);
    return r;
}

int __cobalt_dup2(struct cobalt_call *c, const long *a)
{
    /* dup2(fd, fd) changes nothing but still checks fd. */
    if (a[0] == a[1])
        return cobalt_done(c, handle_exists((int)a[0]) ? a[0] : -EBADF);
    return cobalt_done(c, dup_to(a[0], a[1], 0));
}

int __cobalt_dup3(struct cobalt_call *c, const long *a)
{
    if (a[0] == a[1] || (a[2] & ~O_CLOEXEC))
        return cobalt_done(c, -EINVAL);
    return cobalt_done(c, dup_to(a[0], a[1], a[2]));
}

static long get_status(int fd)
{
    int s = fd_ok(fd) ? status_flags[fd] : 0;
    return s ? s - 1 : O_RDWR;
}

static long set_status(int fd, long flags)
{
    const long settable = O_APPEND | O_NONBLOCK;
    long r = __cobalt_trap6(CSYS_fcall, fd, FCALL_FLAGS, flags & settable, 0, 0, 0);
    /* A server without FCALL_FLAGS: only "no special flags" is true of it. */
    if (r == -ENOSYS && !(flags & settable))
        r = 0;
    if (r >= 0 && fd_ok(fd))
        a_store(&status_flags[fd], (int)((get_status(fd) & O_ACCMODE) | (flags & settable)) + 1);
    return r < 0 ? r : 0;
}

int __cobalt_fcntl(struct cobalt_call *c, const long *a)
{
    int fd = (int)a[0];
    switch (a[1]) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        long r = __cobalt_fd_dup_rights(fd, -1, a[2] < 0 ? COBALT_FD_MAX : (int)a[2]);
        if (r >= 0)
            __cobalt_fd_set_cloexec((int)r, a[1] == F_DUPFD_CLOEXEC);
        return cobalt_done(c, r);
    }
    case F_GETFD:
        if (!handle_exists(fd))
            return cobalt_done(c, -EBADF);
        return cobalt_done(c, __cobalt_fd_cloexec(fd) ? FD_CLOEXEC : 0);
    case F_SETFD:
        if (!handle_exists(fd))
            return cobalt_done(c, -EBADF);
        __cobalt_fd_set_cloexec(fd, (a[2] & FD_CLOEXEC) != 0);
        return cobalt_done(c, 0);
    case F_GETFL:
        if (!handle_exists(fd))
            return cobalt_done(c, -EBADF);
        return cobalt_done(c, get_status(fd));
    case F_SETFL:
        return cobalt_done(c, set_status(fd, a[2]));
    default:
        /* Record locks, owners, leases, pipe sizes: not on Cobalt. */
        return cobalt_done(c, handle_exists(fd) ? -ENOSYS : -EBADF);
    }
}

/* The argument size of an ioctl request: the _IOC size field when the
 * request has one, else the known terminal requests (Linux's kernel
 * structures: termios is 36 bytes, winsize 8). */
static long ioctl_size(unsigned long req)
{
    switch (req) {
    case TCGETS:
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        return 36;
    case TIOCGWINSZ:
    case TIOCSWINSZ:
        return sizeof(struct winsize);
    case FIONREAD:
    case FIONBIO:
    case TIOCGPGRP:
    case TIOCSPGRP:
    case TIOCOUTQ:
        return sizeof(int);
    default:
        break;
    }
    if (req >> 30) /* _IOC direction bits: the size is in bits 16..29 */
        return (long)((req >> 16) & 0x3fff);
    return 0;
}

int __cobalt_ioctl(struct cobalt_call *c, const long *a)
{
    /* The request is 32 bits (Linux's unsigned int cmd): ioctl() passes an int,
     * sign-extended, so _IOR requests such as TIOCGPTN arrive negative. */
    unsigned long req = (unsigned int)a[1];
    if (req == FIONBIO) {
        long on = a[2] ? *(const int *)a[2] : 0;
        long flags = get_status((int)a[0]);
        return cobalt_done(c, set_status((int)a[0], on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK));
    }
    long size = a[2] ? ioctl_size(req) : 0;
    /* _IOR requests and the terminal queries only read: zero their buffer. */
    if (size && ((req >> 30) == 2 || req == TCGETS || req == TIOCGWINSZ || req == FIONREAD ||
                 req == TIOCGPGRP || req == TIOCOUTQ))
        memset((void *)a[2], 0, (size_t)size);
    c->post = POST_IOCTL;
    return cobalt_translate(c, CSYS_fcall, a[0], FCALL_IOCTL, (long)req, 0, size ? a[2] : 0, size);
}

int __cobalt_lseek(struct cobalt_call *c, const long *a)
{
    if (a[2] != SEEK_SET && a[2] != SEEK_CUR && a[2] != SEEK_END)
        return cobalt_done(c, -EINVAL);
    c->post = POST_LSEEK;
    return cobalt_translate(c, CSYS_fcall, a[0], FCALL_SEEK, a[1], a[2], 0, 0);
}

/* Buffers that only carry an answer travel to the server too (fcall sends
 * its buffer both ways): they are zeroed first, so no stale bytes of this
 * process reach another one. */
int __cobalt_fstat(struct cobalt_call *c, const long *a)
{
    if (a[1])
        memset((void *)a[1], 0, sizeof(struct stat));
    c->post = POST_ZERO;
    return cobalt_translate(c, CSYS_fcall, a[0], FCALL_FSTAT, 0, 0, a[1], sizeof(struct stat));
}

int __cobalt_ftruncate(struct cobalt_call *c, const long *a)
{
    if (a[1] < 0)
        return cobalt_done(c, -EINVAL);
    c->post = POST_ZERO;
    return cobalt_translate(c, CSYS_fcall, a[0], FCALL_TRUNCATE, a[1], 0, 0, 0);
}

int __cobalt_fsync(struct cobalt_call *c, const long *a)
{
    c->post = POST_ZERO;
    return cobalt_translate(c, CSYS_fcall, a[0], FCALL_SYNC, 0, 0, 0, 0);
}

int __cobalt_getdents64(struct cobalt_call *c, const long *a)
{
    if (a[1] && a[2] > 0)
        memset((void *)a[1], 0, (size_t)a[2]);
    return cobalt_translate(c, CSYS_fcall, a[0], FCALL_READDIR, 0, 0, a[1], a[2]);
}

int __cobalt_fchmod(struct cobalt_call *c, const long *a)
{
    c->post = POST_ZERO;
    return cobalt_translate(c, CSYS_fcall, a[0], FCALL_CHMOD, a[1] & 07777, 0, 0, 0);
}
