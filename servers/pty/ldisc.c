/* ldisc: the line discipline between a pty's master and slave (docs/pty.md).
 * Input (what the master writes) goes through ICRNL/INLCR/IGNCR, ISIG (^C,
 * ^\, ^Z become signals), canonical editing (erase, word erase, kill, EOF,
 * lines) or raw mode (VMIN), and echo; output (what the slave writes) through
 * OPOST/ONLCR. Bounded: a byte that does not fit is not taken (the writer
 * waits), echo that does not fit is dropped. */
#include "pty.h"

#include <signal.h>
#include <string.h>
#include <termios.h>

size_t bq_put(struct bq *q, const void *data, size_t len)
{
    size_t n = len < bq_space(q) ? len : bq_space(q);
    memcpy(q->b + q->len, data, n);
    q->len += n;
    return n;
}

void bq_drop(struct bq *q, size_t n)
{
    if (n > q->len)
        n = q->len;
    memmove(q->b, q->b + n, q->len - n);
    q->len -= n;
}

void ldisc_init(struct pair *p)
{
    static const uint8_t cc[KNCCS] = {
        [VINTR] = 003,    [VQUIT] = 034,    [VERASE] = 0177, [VKILL] = 025,  [VEOF] = 004,
        [VTIME] = 0,      [VMIN] = 1,       [VSTART] = 021,  [VSTOP] = 023,  [VSUSP] = 032,
        [VREPRINT] = 022, [VDISCARD] = 017, [VWERASE] = 027, [VLNEXT] = 026,
    };
    p->tio.c_iflag = ICRNL | IXON;
    p->tio.c_oflag = OPOST | ONLCR;
    p->tio.c_cflag = B38400 | CS8 | CREAD | HUPCL;
    p->tio.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    memcpy(p->tio.c_cc, cc, sizeof cc);
    p->ws = (struct kwinsize){24, 80, 0, 0};
    p->in = (struct bq){0, IN_CAP, p->in_b};
    p->line = (struct bq){0, LINE_CAP, p->line_b};
    p->out = (struct bq){0, OUT_CAP, p->out_b};
}

/* Output processing of one byte into the master's queue: 1 taken, 0 no room. */
static int out_byte(struct pair *p, unsigned char c)
{
    if ((p->tio.c_oflag & OPOST) && (p->tio.c_oflag & ONLCR) && c == '\n') {
        if (bq_space(&p->out) < 2)
            return 0;
        bq_put(&p->out, "\r\n", 2);
        return 1;
    }
    return bq_put(&p->out, &c, 1) == 1;
}

size_t ldisc_output(struct pair *p, const unsigned char *data, size_t len)
{
    size_t i = 0;
    while (i < len && out_byte(p, data[i]))
        i++;
    return i;
}

static void echo_str(struct pair *p, const char *s)
{
    while (*s)
        out_byte(p, (unsigned char)*s++);
}

static void echo(struct pair *p, unsigned char c)
{
    if (!(p->tio.c_lflag & ECHO))
        return;
    if ((p->tio.c_lflag & ECHOCTL) && c < 32 && c != '\n' && c != '\t') {
        char s[3] = {'^', (char)(c + 64), 0};
        echo_str(p, s);
        return;
    }
    if (c == 0177 && (p->tio.c_lflag & ECHOCTL)) {
        echo_str(p, "^?");
        return;
    }
    out_byte(p, c);
}

/* Erases the last typed byte (and its echo). */
static void erase_one(struct pair *p)
{
    if (!p->line.len)
        return;
    p->line.len--;
    if ((p->tio.c_lflag & ECHO) && (p->tio.c_lflag & ECHOE))
        echo_str(p, "\b \b");
}

/* Finishes the line being edited (a zero-length one is an end-of-file mark):
 * 1, or 0 when the cooked queue has no room (nothing changes). */
static int push_line(struct pair *p)
{
    if (p->nlines == LINES_MAX || bq_space(&p->in) < p->line.len)
        return 0;
    bq_put(&p->in, p->line.b, p->line.len);
    p->line.len = 0;
    p->line_ends[p->nlines++] = p->in.len;
    return 1;
}

/* One input byte in canonical mode: 1 taken, 0 no room. */
static int canon_byte(struct pair *p, unsigned char c)
{
    const uint8_t *cc = p->tio.c_cc;
    uint32_t lflag = p->tio.c_lflag;
    if (c == cc[VERASE] || c == '\b') {
        erase_one(p);
        return 1;
    }
    if (c == cc[VKILL]) {
        if ((lflag & ECHO) && !(lflag & ECHOKE) && (lflag & ECHOK)) {
            p->line.len = 0;
            echo_str(p, "\n");
        }
        while (p->line.len)
            erase_one(p);
        p->line.len = 0;
        return 1;
    }
    if ((lflag & IEXTEN) && c == cc[VWERASE]) {
        while (p->line.len && p->line.b[p->line.len - 1] == ' ')
            erase_one(p);
        while (p->line.len && p->line.b[p->line.len - 1] != ' ')
            erase_one(p);
        return 1;
    }
    if (c == cc[VEOF]) {
        return push_line(p); /* ^D: the line as it is; alone: end of file */
    }
    if (c == '\n' || (cc[VEOL] && c == cc[VEOL])) {
        if (p->line.len >= LINE_CAP || bq_space(&p->in) < p->line.len + 1 || p->nlines == LINES_MAX)
            return 0;
        p->line.b[p->line.len++] = c;
        push_line(p);
        if ((lflag & ECHO) || (c == '\n' && (lflag & ECHONL)))
            out_byte(p, c);
        return 1;
    }
    /* Rule: a line holds at most LINE_CAP - 1 bytes before its newline; more is dropped. */
    if (p->line.len < LINE_CAP - 1)
        p->line.b[p->line.len++] = c;
    echo(p, c);
    return 1;
}

size_t ldisc_input(struct pair *p, const unsigned char *data, size_t len)
{
    const struct ktermios *t = &p->tio;
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char c = data[i];
        if (t->c_iflag & ISTRIP)
            c &= 0x7f;
        if (c == '\r' && (t->c_iflag & IGNCR))
            continue;
        if (c == '\r' && (t->c_iflag & ICRNL))
            c = '\n';
        else if (c == '\n' && (t->c_iflag & INLCR))
            c = '\r';
        if (t->c_lflag & ISIG) {
            int sig = c == t->c_cc[VINTR]   ? SIGINT
                      : c == t->c_cc[VQUIT] ? SIGQUIT
                      : c == t->c_cc[VSUSP] ? SIGTSTP
                                            : 0;
            if (sig && c) {
                if (!(t->c_lflag & NOFLSH))
                    ldisc_flush_input(p);
                echo(p, c);
                pty_signal_fg(p, sig);
                continue;
            }
        }
        if (t->c_lflag & ICANON) {
            if (!canon_byte(p, c))
                break;
        } else {
            if (!bq_space(&p->in))
                break;
            bq_put(&p->in, &c, 1);
            p->last_input = pty_now();
            echo(p, c);
        }
    }
    return i;
}

/* VTIME is in tenths of a second. */
static uint64_t vtime_ns(const struct pair *p)
{
    return (uint64_t)p->tio.c_cc[VTIME] * 100000000ull;
}

size_t ldisc_readable(const struct pair *p, size_t want, int *eof, uint64_t start, uint64_t now)
{
    *eof = 0;
    if (p->tio.c_lflag & ICANON) {
        if (!p->nlines)
            return 0;
        if (p->line_ends[0] == 0) {
            *eof = 1; /* an end-of-file mark */
            return 0;
        }
        return want < p->line_ends[0] ? want : p->line_ends[0];
    }
    size_t n = want < p->in.len ? want : p->in.len;
    size_t vmin = p->tio.c_cc[VMIN];
    uint64_t vtime = vtime_ns(p);
    if (vmin == 0) {
        /* VMIN 0: answer with what there is; VTIME > 0 waits that long for a first byte. */
        if (n || !vtime || (now && now >= start + vtime)) {
            *eof = n == 0;
            return n;
        }
        return 0;
    }
    if (n >= (vmin < want ? vmin : want))
        return n;
    /* VMIN and VTIME: VTIME is the longest pause after a byte. */
    if (n && vtime && now && now >= p->last_input + vtime)
        return n;
    return 0;
}

uint64_t ldisc_deadline(const struct pair *p, uint64_t start)
{
    uint64_t vtime = vtime_ns(p);
    if ((p->tio.c_lflag & ICANON) || !vtime)
        return 0;
    if (p->tio.c_cc[VMIN] == 0)
        return start + vtime;
    return p->in.len ? p->last_input + vtime : 0;
}

void ldisc_consume(struct pair *p, size_t n)
{
    bq_drop(&p->in, n);
    if (!(p->tio.c_lflag & ICANON) || !p->nlines)
        return;
    for (int i = 0; i < p->nlines; i++)
        p->line_ends[i] -= n < p->line_ends[i] ? n : p->line_ends[i];
    if (p->line_ends[0] == 0) {
        memmove(p->line_ends, p->line_ends + 1, (size_t)(p->nlines - 1) * sizeof p->line_ends[0]);
        p->nlines--;
    }
}

void ldisc_mode_changed(struct pair *p, int was_canon)
{
    int canon = (p->tio.c_lflag & ICANON) != 0;
    if (was_canon && !canon) {
        /* What was typed becomes readable at once. */
        bq_put(&p->in, p->line.b, p->line.len);
        p->line.len = 0;
        p->nlines = 0;
    } else if (!was_canon && canon) {
        p->nlines = 0;
        if (p->in.len)
            p->line_ends[p->nlines++] = p->in.len;
    }
}

void ldisc_flush_input(struct pair *p)
{
    p->in.len = 0;
    p->line.len = 0;
    p->nlines = 0;
}
