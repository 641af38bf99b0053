/* ioctl: the terminal requests a pty answers through FCALL_IOCTL, with
 * Linux's numbers and argument sizes (docs/libc.md "What a server receives"),
 * so musl's tcgetattr, tcsetattr, isatty, ptsname, unlockpt, tcgetpgrp... work
 * unchanged. Decode (size checked) then invoke; an unknown request is ENOTTY,
 * a short buffer EINVAL. */
#include "pty.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

static int get_int(const void *buf, size_t len, int *v)
{
    if (len < sizeof *v)
        return -EINVAL;
    memcpy(v, buf, sizeof *v);
    return 0;
}

static long put(void *buf, size_t len, const void *v, size_t size, size_t *reply_len)
{
    if (len < size)
        return -EINVAL;
    memcpy(buf, v, size);
    *reply_len = size;
    return 0;
}

static long set_termios(struct pair *p, uint64_t req, const void *buf, size_t len)
{
    struct ktermios t;
    if (len < sizeof t)
        return -EINVAL;
    memcpy(&t, buf, sizeof t);
    int was_canon = (p->tio.c_lflag & ICANON) != 0;
    if (req == TCSETSF)
        ldisc_flush_input(p);
    p->tio = t;
    ldisc_mode_changed(p, was_canon);
    pty_wake(p);
    return 0;
}

long pty_ioctl(struct pair *p, int end, int pid, uint64_t req, void *buf, size_t len,
               size_t *reply_len)
{
    int v;
    long r;
    switch ((uint32_t)req) { /* Linux's requests are 32 bits */
    case TCGETS:
        return put(buf, len, &p->tio, sizeof p->tio, reply_len);
    case TCSETS:
    case TCSETSW: /* output is never held back here: nothing to drain */
    case TCSETSF:
        return set_termios(p, req, buf, len);
    case TIOCGWINSZ:
        return put(buf, len, &p->ws, sizeof p->ws, reply_len);
    case TIOCSWINSZ: {
        struct kwinsize ws;
        if (len < sizeof ws)
            return -EINVAL;
        memcpy(&ws, buf, sizeof ws);
        int changed = memcmp(&ws, &p->ws, sizeof ws) != 0;
        p->ws = ws;
        if (changed)
            pty_signal_fg(p, SIGWINCH);
        return 0;
    }
    case FIONREAD: {
        int eof;
        v = end == END_MASTER ? (int)p->out.len : (int)ldisc_readable(p, IN_CAP, &eof, 0, 0);
        return put(buf, len, &v, sizeof v, reply_len);
    }
    case TIOCGPTN:
        if (end != END_MASTER)
            return -ENOTTY;
        v = (int)(p - pairs);
        return put(buf, len, &v, sizeof v, reply_len);
    case TIOCSPTLCK:
        if (end != END_MASTER)
            return -ENOTTY;
        if ((r = get_int(buf, len, &v)) < 0)
            return r;
        p->locked = v != 0;
        return 0;
    case TIOCGPGRP:
    case TIOCGSID:
        v = pty_fg_pid(p);
        return put(buf, len, &v, sizeof v, reply_len);
    case TIOCSPGRP:
        if ((r = get_int(buf, len, &v)) < 0)
            return r;
        if (v <= 0)
            return -EINVAL;
        if (!pty_fg_allowed(p, v, pid))
            return -EPERM; /* rule: the foreground belongs to the terminal's session */
        pty_set_fg(p, v, pid);
        return 0;
    case TIOCSCTTY:
    case TIOCNOTTY:
    case TCSBRK:
    case TCXONC:
        return 0; /* no sessions to join or leave; nothing to drain or stop */
    case TCFLSH:
        /* The queue selector is not passed (libc sends no argument buffer):
         * flush the input, which is what tcflush callers want. */
        ldisc_flush_input(p);
        pty_wake(p);
        return 0;
    default:
        return -ENOTTY;
    }
}
