/* pty: the pty: scheme's shared state (servers/pty, docs/pty.md). A pair is a
 * master (the terminal emulator's end: pty:ptmx) and a slave (the program's
 * terminal: pty:N, /dev/pts/N) joined by a line discipline (ldisc.c); ioctls
 * are in ioctl.c, the signal rule in signals.c, the requests in pty.c. */
#ifndef PTY_PTY_H
#define PTY_PTY_H

#include <cobalt/scheme_server.h>
#include <stddef.h>
#include <stdint.h>

#define PTYS_MAX    32   /* pairs alive at once */
#define IN_CAP      4096 /* cooked input the slave can read */
#define LINE_CAP    4095 /* a line being edited (canonical mode) */
#define OUT_CAP     8192 /* output (and echo) the master can read */
#define LINES_MAX   64   /* finished lines (and end-of-file marks) waiting */
#define WAITERS_MAX 16   /* blocked reads or writes per end */
#define SESSION_MAX 8    /* pids that opened the slave */
#define FG_MAX      16   /* members of the foreground "group" remembered */
#define KNCCS       19   /* Linux's kernel termios has 19 control characters */
#define END_MASTER  0
#define END_SLAVE   1

/* Linux's kernel struct termios (TCGETS/TCSETS: 36 bytes). */
struct ktermios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[KNCCS];
};
_Static_assert(sizeof(struct ktermios) == 36, "Linux's kernel termios");

struct kwinsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* A byte queue; take from the front, add at the back. */
struct bq {
    size_t len, cap;
    unsigned char *b;
};

struct waiter {
    uint64_t tag;
    int pid;
    size_t len;          /* bytes wanted (read) or to write */
    unsigned char *data; /* write: a copy of the bytes */
    uint64_t start;      /* read: when it came (VTIME counts from here) */
};

struct wq {
    struct waiter w[WAITERS_MAX];
    int n;
};

struct pair {
    int used;
    uint32_t gen;
    int master_open;
    int slaves;     /* open slave files */
    int slave_ever; /* a slave was opened once: its last close is a hang-up */
    int locked;     /* TIOCSPTLCK: the slave cannot be opened while set */
    int nonblock[2];
    uint32_t posted[2];
    int synced[2];
    struct ktermios tio;
    struct kwinsize ws;
    int fg;                 /* TIOCSPGRP's pid, 0: none */
    int fg_members[FG_MAX]; /* other pids that made fg the foreground: its "group" */
    int nfg_members;
    int session[SESSION_MAX]; /* pids that opened the slave */
    int nsession;
    struct bq in, line, out;
    size_t line_ends[LINES_MAX]; /* canonical: where each finished line ends in `in` */
    int nlines;
    uint64_t last_input; /* raw mode: when the last byte arrived (VTIME between bytes) */
    struct wq rd[2], wr[2];
    unsigned char in_b[IN_CAP], line_b[LINE_CAP], out_b[OUT_CAP];
};

extern struct pair pairs[PTYS_MAX];
extern struct ss_scheme pty_scheme;

/* ldisc.c */
void ldisc_init(struct pair *p);
/* Feeds bytes the master wrote through input processing: how many it took. */
size_t ldisc_input(struct pair *p, const unsigned char *data, size_t len);
/* Puts bytes the slave wrote through output processing: how many it took. */
size_t ldisc_output(struct pair *p, const unsigned char *data, size_t len);
/* Bytes a slave read may take now (0 with *eof set: answer 0 now: end of
 * file, or raw mode's VMIN/VTIME say so). start: when the read came; now: the
 * time (0, 0: ignore VTIME, as poll does). */
size_t ldisc_readable(const struct pair *p, size_t want, int *eof, uint64_t start, uint64_t now);
/* Raw mode: when a read that came at start must be answered anyway (VTIME),
 * or 0 when it just waits for bytes. */
uint64_t ldisc_deadline(const struct pair *p, uint64_t start);
uint64_t pty_now(void);
/* Removes n bytes the slave read (and a finished line's mark). */
void ldisc_consume(struct pair *p, size_t n);
/* The termios changed: canonical <-> raw moves what was typed. */
void ldisc_mode_changed(struct pair *p, int was_canon);
void ldisc_flush_input(struct pair *p);

/* ioctl.c: FCALL_IOCTL on either end. */
long pty_ioctl(struct pair *p, int end, int pid, uint64_t req, void *buf, size_t len,
               size_t *reply_len);

/* signals.c: sig to the foreground (docs/pty.md: TIOCSPGRP's pid, else the
 * slave's openers) and their descendants. */
void pty_signal_fg(struct pair *p, int sig);
int pty_fg_pid(const struct pair *p);
/* Whether TIOCSPGRP from caller may make pid the foreground: pid is a slave
 * opener or one of its descendants (alive or not yet collected); a pid that
 * no longer exists (a pipeline whose first process exited) only from a caller
 * of the session. */
int pty_fg_allowed(const struct pair *p, int pid, int caller);
/* TIOCSPGRP (allowed): pid becomes the foreground; a caller that is not pid's
 * ancestor joins its group (dash's children of a pipeline each call
 * tcsetpgrp with the first one's pid). */
void pty_set_fg(struct pair *p, int pid, int caller);

/* pty.c: serve waiting readers and writers, post readiness. */
void pty_wake(struct pair *p);

/* bq helpers */
static inline size_t bq_space(const struct bq *q)
{
    return q->cap - q->len;
}

size_t bq_put(struct bq *q, const void *data, size_t len);
void bq_drop(struct bq *q, size_t n);

#endif
