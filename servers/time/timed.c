/* timed: the scheme time: (docs/schemes.md), the CMOS real-time clock and
 * the kernel's realtime clock as text.
 *
 *   time:rtc  the RTC's date and time, read now: "YYYY-MM-DD HH:MM:SS\n"
 *   time:now  the kernel's realtime clock (set from the RTC at boot, then
 *             counted by the kernel: kernel/dev/rtc.c), the same format
 *
 * The RTC is read through ports 0x70/0x71 (the service needs `io`): wait
 * for no update in progress, read, read again until two reads agree, then
 * convert BCD and 12-hour forms (status register B). Values that make no
 * date (month 13, a BCD digit above 9, the 31st of April) are -EIO, never a
 * crash. The text is made at an open file's first read and kept, so partial
 * reads of one file agree. A private fcall (TIME_FCALL_DECODE) runs the
 * same decoder on register values the caller gives, for tests. */
#include <cobalt/debug.h>
#include <cobalt/portio.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define OPEN_MAX   64
#define TEXT_LEN   20 /* "YYYY-MM-DD HH:MM:SS\n" */
#define TEXT_BUF   48 /* room for any unsigned values */
#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

/* buffer (at least TEXT_LEN bytes): first the 7 register bytes sec, min,
 * hour, day, month, year, status B; answer: the text (TEXT_LEN bytes) or
 * -EIO. */
#define TIME_FCALL_DECODE (FCALL_FIRST_PRIVATE + 1)

enum kind { T_ROOT, T_RTC, T_NOW };

struct ofile {
    int used, path_only;
    enum kind kind;
    uint64_t pos;
    int have; /* text made */
    char text[TEXT_BUF];
};

static struct ofile files[OPEN_MAX];
static int have_ports;

static uint8_t cmos(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

struct rtc_raw {
    uint8_t sec, min, hour, day, month, year, status_b;
};

static void read_once(struct rtc_raw *r)
{
    /* Status A bit 7: an update is in progress (at most ~2 ms). */
    for (int i = 0; i < 100000 && (cmos(0x0A) & 0x80); i++)
        ;
    *r =
        (struct rtc_raw){cmos(0x00), cmos(0x02), cmos(0x04), cmos(0x07), cmos(0x08), cmos(0x09), 0};
}

static void read_rtc(struct rtc_raw *r)
{
    struct rtc_raw b;
    read_once(r);
    for (int tries = 0; tries < 5; tries++) {
        read_once(&b);
        if (memcmp(r, &b, sizeof b) == 0)
            break;
        *r = b;
    }
    r->status_b = cmos(0x0B);
}

static int bcd(uint8_t v, unsigned *out)
{
    if ((v & 0x0F) > 9 || (v >> 4) > 9)
        return -1;
    *out = (v & 0x0F) + (v >> 4) * 10u;
    return 0;
}

static int leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Register values to text: 0, or -EIO for values that make no date. */
static int rtc_decode(const struct rtc_raw *r, char *text)
{
    int binary = (r->status_b & 0x04) != 0, h24 = (r->status_b & 0x02) != 0;
    int pm = !h24 && (r->hour & 0x80);
    unsigned v[6];
    const uint8_t raw[6] = {r->sec, r->min, (uint8_t)(r->hour & 0x7F), r->day, r->month, r->year};
    for (int i = 0; i < 6; i++) {
        if (binary)
            v[i] = raw[i];
        else if (bcd(raw[i], &v[i]) < 0)
            return -EIO;
    }
    unsigned sec = v[0], min = v[1], hour = v[2], day = v[3], month = v[4], year = 2000 + v[5];
    if (!h24) {
        if (hour < 1 || hour > 12)
            return -EIO;
        hour = hour % 12 + (pm ? 12 : 0);
    }
    static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (sec > 59 || min > 59 || hour > 23 || month < 1 || month > 12 || v[5] > 99 || day < 1 ||
        day > mdays[month - 1] + (month == 2 && leap(year)))
        return -EIO;
    snprintf(text, TEXT_BUF, "%04u-%02u-%02u %02u:%02u:%02u\n", year, month, day, hour, min, sec);
    return 0;
}

/* The kernel's realtime clock as text (days to a civil date: H. Hinnant). */
static void now_text(char *text)
{
    uint64_t ns = 0;
    cobalt_clock_get(1, (long)&ns);
    uint64_t secs = ns / 1000000000;
    int64_t z = (int64_t)(secs / 86400) + 719468;
    unsigned rem = (unsigned)(secs % 86400);
    int64_t era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    unsigned y = (unsigned)(yoe + era * 400) + (m <= 2);
    snprintf(text, TEXT_BUF, "%04u-%02u-%02u %02u:%02u:%02u\n", y % 10000, m, d, rem / 3600,
             rem / 60 % 60, rem % 60);
}

static long t_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx;
    enum kind k;
    if (!path[0])
        k = T_ROOT;
    else if (strcmp(path, "rtc") == 0)
        k = T_RTC;
    else if (strcmp(path, "now") == 0)
        k = T_NOW;
    else
        return (flags & O_CREAT) ? -EROFS : -ENOENT;
    if (!(flags & O_PATH) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
        return k == T_ROOT ? -EISDIR : -EROFS;
    if ((flags & O_DIRECTORY) && k != T_ROOT)
        return -ENOTDIR;
    long id = -ENFILE;
    for (long i = 0; i < OPEN_MAX && id < 0; i++) {
        if (!files[i].used)
            id = i;
    }
    if (id < 0)
        return id;
    files[id] = (struct ofile){.used = 1, .path_only = (flags & O_PATH) != 0, .kind = k};
    if (ss_open_reply(rq, (uint64_t)id, WAIT_READABLE) < 0)
        files[id].used = 0;
    return SS_DEFER;
}

static struct ofile *get(uint64_t id)
{
    return id < OPEN_MAX && files[id].used ? &files[id] : NULL;
}

/* Makes the file's text once: 0 or -EIO. */
static int make_text(struct ofile *o)
{
    if (o->have)
        return 0;
    if (o->kind == T_NOW) {
        now_text(o->text);
    } else {
        if (!have_ports)
            return -EIO;
        struct rtc_raw r;
        read_rtc(&r);
        if (rtc_decode(&r, o->text) < 0) {
            cobalt_log_printf("timed: the RTC holds no valid date (%02x-%02x-%02x %02x:%02x:%02x)",
                              r.year, r.month, r.day, r.hour, r.min, r.sec);
            return -EIO;
        }
    }
    o->have = 1;
    return 0;
}

static long t_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx, (void)out;
    struct ofile *o = get(id);
    if (!o || o->path_only)
        return -EBADF;
    if (o->kind == T_ROOT)
        return -EISDIR;
    int r = make_text(o);
    if (r < 0)
        return r;
    if (o->pos >= TEXT_LEN)
        return 0;
    size_t n = TEXT_LEN - o->pos < want ? (size_t)(TEXT_LEN - o->pos) : want;
    rq->reply_data = o->text + o->pos;
    o->pos += n;
    return (long)n;
}

static long t_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                    uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)rq;
    struct ofile *o = get(id);
    if (!o)
        return -EBADF;
    switch (code) {
    case FCALL_FSTAT: {
        struct stat st = {0};
        if (len < sizeof st)
            return -EINVAL;
        st.st_mode = o->kind == T_ROOT ? S_IFDIR | 0555 : S_IFREG | 0444;
        st.st_ino = 1 + (ino_t)o->kind;
        st.st_nlink = o->kind == T_ROOT ? 2 : 1;
        st.st_size = o->kind == T_ROOT ? 0 : TEXT_LEN;
        st.st_blksize = 4096;
        memcpy(buf, &st, sizeof st);
        *reply_len = sizeof st;
        return 0;
    }
    case FCALL_SEEK: {
        if (o->path_only || o->kind == T_ROOT)
            return o->path_only ? -EBADF : -EINVAL;
        long r = ss_seek_target(o->pos, TEXT_LEN, a1, a2);
        if (r >= 0) {
            o->pos = (uint64_t)r;
            if (r == 0)
                o->have = 0; /* a rewind reads the clock again */
        }
        return r;
    }
    case FCALL_READDIR: {
        if (o->path_only || o->kind != T_ROOT)
            return o->path_only ? -EBADF : -ENOTDIR;
        static const char *const names[4] = {".", "..", "rtc", "now"};
        size_t used = 0;
        for (; o->pos < 4; o->pos++) {
            if (ss_dirent_put(buf, len, &used, 1 + o->pos, (int64_t)o->pos + 1,
                              o->pos < 2 ? 4 /* DT_DIR */ : 8 /* DT_REG */, names[o->pos]) < 0) {
                if (!used)
                    return -EINVAL;
                break;
            }
        }
        *reply_len = used;
        return (long)used;
    }
    case TIME_FCALL_DECODE: {
        /* rule: the buffer takes the answer (the registers are its first 7 bytes) */
        if (len < TEXT_LEN)
            return -EINVAL;
        const uint8_t *p = buf;
        struct rtc_raw r = {p[0], p[1], p[2], p[3], p[4], p[5], p[6]};
        char text[TEXT_BUF];
        if (rtc_decode(&r, text) < 0)
            return -EIO;
        memcpy(buf, text, TEXT_LEN);
        *reply_len = TEXT_LEN;
        return TEXT_LEN;
    }
    default:
        (void)a2;
        return ss_fcall_readonly(code, a1);
    }
}

static long t_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx, (void)rq, (void)data, (void)len;
    struct ofile *o = get(id);
    if (!o || o->path_only)
        return -EBADF;
    return -EROFS;
}

static void t_close(void *ctx, uint64_t id)
{
    (void)ctx;
    if (id < OPEN_MAX)
        files[id].used = 0;
}

static const struct ss_ops t_ops = {
    .open = t_open, .read = t_read, .write = t_write, .fcall = t_fcall, .close = t_close};

int main(void)
{
    static struct ss_scheme scheme = {.name = "time", .ops = &t_ops};
    long g = cobalt_ioport_grant(CMOS_INDEX, 2);
    have_ports = g == 0;
    if (!have_ports)
        cobalt_log_printf("timed: ioport_grant(0x70, 2) failed (%ld): time:rtc gives EIO", g);
    return ss_serve(&scheme, "timed");
}
