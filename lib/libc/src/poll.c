/* poll, ppoll, select and pselect6 on wait_many. A file is readable or
 * writable when its server said so with scheme_notify, and hung up when
 * the server said so or died; a server that never posts leaves its files
 * never ready (docs/libc.md). At most WAIT_ITEMS_MAX (64) fds per call. */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>

#define FOREVER (~0ULL)

/* Nanoseconds for a poll timeout in milliseconds (< 0: forever). */
static unsigned long long ms_timeout(long ms)
{
    return ms < 0 ? FOREVER : (unsigned long long)ms * 1000000ULL;
}

static long ts_timeout(const struct timespec *ts, unsigned long long *out)
{
    if (!ts) {
        *out = FOREVER;
        return 0;
    }
    long long ns = __cobalt_timespec_ns(ts);
    if (ns < 0)
        return ns;
    *out = (unsigned long long)ns;
    return 0;
}

/* Sleeps for timeout (no fds to wait on); EINTR when a signal came. */
static long idle(unsigned long long timeout)
{
    if (timeout == 0)
        return 0;
    if (timeout == FOREVER) {
        long r;
        do
            r = __cobalt_trap1(CSYS_sleep, 1000000000000000000LL);
        while (r == 0);
        return r;
    }
    return __cobalt_trap1(CSYS_sleep, timeout);
}

static short revents_of(uint32_t ready, short events)
{
    short r = 0;
    if (ready & WAIT_READABLE)
        r |= events & (POLLIN | POLLRDNORM);
    if (ready & WAIT_WRITABLE)
        r |= events & (POLLOUT | POLLWRNORM);
    if (ready & WAIT_HANGUP)
        r |= POLLHUP;
    return r;
}

/* wait_many said EBADF: find the bad fds, one at a time, as POLLNVAL. */
static long mark_invalid(struct pollfd *fds, unsigned long n)
{
    long count = 0;
    for (unsigned long i = 0; i < n; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        struct wait_item it = {fds[i].fd, 0, 0, 0};
        if (__cobalt_trap3(CSYS_wait_many, &it, 1, 0) == -EBADF) {
            fds[i].revents = POLLNVAL;
            count++;
        }
    }
    return count;
}

static long do_poll(struct pollfd *fds, unsigned long n, unsigned long long timeout)
{
    struct wait_item items[WAIT_ITEMS_MAX];
    unsigned long index[WAIT_ITEMS_MAX];
    unsigned count = 0;
    if (n > 1024)
        return -EINVAL;
    for (unsigned long i = 0; i < n; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        if (count == WAIT_ITEMS_MAX)
            return -EINVAL; /* more fds than wait_many takes */
        uint32_t ev = 0;
        if (fds[i].events & (POLLIN | POLLRDNORM | POLLPRI))
            ev |= WAIT_READABLE;
        if (fds[i].events & (POLLOUT | POLLWRNORM))
            ev |= WAIT_WRITABLE;
        items[count] = (struct wait_item){fds[i].fd, ev, 0, 0};
        index[count++] = i;
    }
    if (count == 0)
        return idle(timeout);
    long r = __cobalt_trap3(CSYS_wait_many, items, count, timeout);
    if (r == -EBADF)
        return mark_invalid(fds, n);
    if (r < 0)
        return r;
    long ready = 0;
    for (unsigned k = 0; k < count; k++) {
        short rev = revents_of(items[k].revents, fds[index[k]].events);
        fds[index[k]].revents = rev;
        ready += rev != 0;
    }
    return ready;
}

int __cobalt_poll(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, do_poll((struct pollfd *)a[0], (unsigned long)a[1], ms_timeout(a[2])));
}

/* The signal mask is swapped around the wait, not atomically with it
 * (docs/libc.md). */
static long with_mask(const long *mask, long (*fn)(const long *, unsigned long long), const long *a,
                      unsigned long long timeout)
{
    uint64_t old;
    if (mask)
        __cobalt_trap3(CSYS_sigprocmask, SIG_SETMASK, mask, &old);
    long r = fn(a, timeout);
    if (mask)
        __cobalt_trap3(CSYS_sigprocmask, SIG_SETMASK, &old, 0);
    return r;
}

static long poll_fn(const long *a, unsigned long long timeout)
{
    return do_poll((struct pollfd *)a[0], (unsigned long)a[1], timeout);
}

int __cobalt_ppoll(struct cobalt_call *c, const long *a)
{
    unsigned long long timeout;
    long r = ts_timeout((const struct timespec *)a[2], &timeout);
    if (r < 0)
        return cobalt_done(c, r);
    return cobalt_done(c, with_mask((const long *)a[3], poll_fn, a, timeout));
}

/* select over poll: nfds bits of three sets, at most 64 fds in all. */
static long do_select(long nfds, fd_set *rd, fd_set *wr, fd_set *ex, unsigned long long timeout)
{
    struct pollfd fds[WAIT_ITEMS_MAX];
    unsigned long n = 0;
    if (nfds < 0 || nfds > FD_SETSIZE)
        return -EINVAL;
    for (int fd = 0; fd < nfds; fd++) {
        short ev = 0;
        if (rd && FD_ISSET(fd, rd))
            ev |= POLLIN;
        if (wr && FD_ISSET(fd, wr))
            ev |= POLLOUT;
        if (ex && FD_ISSET(fd, ex))
            ev |= POLLPRI;
        if (!ev)
            continue;
        if (n == WAIT_ITEMS_MAX)
            return -EINVAL;
        fds[n++] = (struct pollfd){fd, ev, 0};
    }
    long r = do_poll(fds, n, timeout);
    if (r < 0)
        return r;
    for (unsigned long i = 0; i < n; i++) {
        if (fds[i].revents & POLLNVAL)
            return -EBADF;
    }
    long ready = 0;
    for (unsigned long i = 0; i < n; i++) {
        int fd = fds[i].fd;
        short rev = fds[i].revents;
        if (rd && FD_ISSET(fd, rd)) {
            if (rev & (POLLIN | POLLHUP))
                ready++;
            else
                FD_CLR(fd, rd);
        }
        if (wr && FD_ISSET(fd, wr)) {
            if (rev & (POLLOUT | POLLHUP))
                ready++;
            else
                FD_CLR(fd, wr);
        }
        if (ex && FD_ISSET(fd, ex)) {
            if (rev & POLLPRI)
                ready++;
            else
                FD_CLR(fd, ex);
        }
    }
    return ready;
}

static long select_fn(const long *a, unsigned long long timeout)
{
    return do_select(a[0], (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3], timeout);
}

int __cobalt_select(struct cobalt_call *c, const long *a)
{
    const struct timeval *tv = (const struct timeval *)a[4];
    unsigned long long timeout = FOREVER;
    if (tv) {
        if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
            return cobalt_done(c, -EINVAL);
        timeout = (unsigned long long)tv->tv_sec * 1000000000ULL + tv->tv_usec * 1000ULL;
    }
    return cobalt_done(c, select_fn(a, timeout));
}

int __cobalt_pselect6(struct cobalt_call *c, const long *a)
{
    unsigned long long timeout;
    long r = ts_timeout((const struct timespec *)a[4], &timeout);
    if (r < 0)
        return cobalt_done(c, r);
    /* a[5] points at {const sigset_t *mask, size_t size}. */
    const long *data = (const long *)a[5];
    const long *mask = data ? (const long *)data[0] : 0;
    return cobalt_done(c, with_mask(mask, select_fn, a, timeout));
}
