/* libc tests: stdio. Formatting exactness (integers, strings, floats),
 * snprintf truncation, sscanf, and real FILE streams through a scheme: a
 * server thread of this program registers a scheme, the test dup2s a file
 * of it to fd 1 and 2, prints, and the server side checks the exact bytes;
 * then a FILE reads a text the server hands out in small pieces. */
#include "lt.h"

/* Truncation is what LIBC0021 tests. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const struct {
    const char *want, *fmt;
    int kind; /* 0 int, 1 double, 2 string, 3 long long, 4 unsigned long long */
    long long i;
    double d;
    const char *s;
} formats[] = {
    {"0", "%d", 0, 0, 0, 0},
    {"   42|42   |00042", "%5d|%-5d|%05d", 0, 42, 0, 0},
    {"+7| 7", "%+d|% d", 0, 7, 0, 0},
    {"ff FF 377 0xff 0377", "%x %X %o %#x %#o", 0, 255, 0, 0},
    {"-9223372036854775808", "%lld", 3, LLONG_MIN, 0, 0},
    {"18446744073709551615", "%llu", 4, -1, 0, 0},
    {"44", "%hhd", 0, 300, 0, 0},
    {"    42", "%*d", 0, 42, 0, 0},
    {"abc|ab|  abc|abc  |", "%s|%.2s|%5s|%-5s|", 2, 0, 0, "abc"},
    {"100%", "%d%%", 0, 100, 0, 0},
    {"3.141590", "%f", 1, 0, 3.14159, 0},
    {"2.67", "%.2f", 1, 0, 2.675, 0},
    {"1.234568e+04", "%e", 1, 0, 12345.678, 0},
    {"0.0001", "%g", 1, 0, 0.0001, 0},
    {"1e-05", "%g", 1, 0, 1e-5, 0},
    {"1.23457e+08", "%g", 1, 0, 123456789.0, 0},
    {"3.14", "%.3g", 1, 0, 3.14159, 0},
    {"    -1.500", "%10.3f", 1, 0, -1.5, 0},
    {"-0003.1416", "%010.4f", 1, 0, -3.14159, 0},
    {"0x1p+0", "%a", 1, 0, 1.0, 0},
    {"100000000000000000000.000000", "%f", 1, 0, 1e20, 0},
    {"0 2 2", "%.0f %.0f %.0f", 1, 0, 0.5, 0},
    {"0.10000000000000001", "%.17g", 1, 0, 0.1, 0},
    {"0.10000000000000000555", "%.20f", 1, 0, 0.1, 0},
    {" 10.0|", "%5.1f|", 1, 0, 9.96, 0},
    {"1.00", "%#.3g", 1, 0, 1.0, 0},
    {"inf -inf nan INF", "%f %f %f %F", 1, 0, 0, 0},
    {"1.7976931348623157e+308", "%.17g", 1, 0, 1.7976931348623157e308, 0},
    {"4.9406564584124654e-324", "%.17g", 1, 0, 4.9406564584124654e-324, 0},
};

LT_CASE(LIBC0020, "printf formatting is exact: integers, widths, flags, strings, floats")
{
    char buf[128];
    for (unsigned i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        const char *f = formats[i].fmt;
        switch (formats[i].kind) {
        case 0: {
            int v = (int)formats[i].i;
            if (strcmp(f, "%*d") == 0)
                snprintf(buf, sizeof buf, f, 6, v);
            else
                snprintf(buf, sizeof buf, f, v, v, v, v, v); /* extra arguments are ignored */
            break;
        }
        case 1:
            if (strcmp(f, "%.0f %.0f %.0f") == 0)
                snprintf(buf, sizeof buf, f, 0.5, 1.5, 2.5);
            else if (strcmp(f, "%f %f %f %F") == 0)
                snprintf(buf, sizeof buf, f, INFINITY, -INFINITY, NAN, INFINITY);
            else
                snprintf(buf, sizeof buf, f, formats[i].d);
            break;
        case 2:
            snprintf(buf, sizeof buf, f, formats[i].s, formats[i].s, formats[i].s, formats[i].s);
            break;
        case 3:
            snprintf(buf, sizeof buf, f, formats[i].i);
            break;
        default:
            snprintf(buf, sizeof buf, f, (unsigned long long)formats[i].i);
            break;
        }
        LT_CHECK(strcmp(buf, formats[i].want) == 0, "\"%s\" gave \"%s\", expected \"%s\"", f, buf,
                 formats[i].want);
    }
    int n = 0;
    snprintf(buf, sizeof buf, "abc%n", &n);
    LT_EQ(n, 3);
}

LT_CASE(LIBC0021, "snprintf truncates, terminates and returns the full length")
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    LT_EQ(snprintf(buf, 5, "hello world"), 11);
    LT_STREQ(buf, "hell");
    LT_CHECK(buf[5] == 'x', "snprintf wrote past its size");
    LT_EQ(snprintf(0, 0, "%d", 12345), 5);
    buf[0] = 'x';
    LT_EQ(snprintf(buf, 1, "abc"), 3);
    LT_EQ(buf[0], 0);
    char big[3000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = 0;
    char out[100];
    LT_EQ(snprintf(out, sizeof out, "<%s>", big), 3001);
    LT_EQ(strlen(out), 99);
    char *dyn = 0;
    LT_EQ(asprintf(&dyn, "%s-%d", "asprintf", 5), 10);
    LT_STREQ(dyn, "asprintf-5");
    free(dyn);
}

LT_CASE(LIBC0022, "sscanf: numbers, strings, scan sets, counts")
{
    int i = 0, n = 0;
    double d = 0;
    char word[16] = "", set[16] = "";
    unsigned x = 0;
    LT_EQ(sscanf("  12 abc 3.5 ff", "%d %15s %lf %x", &i, word, &d, &x), 4);
    LT_EQ(i, 12);
    LT_STREQ(word, "abc");
    LT_CHECK(d == 3.5, "sscanf %%lf gave %g", d);
    LT_EQ(x, 255);
    LT_EQ(sscanf("key=value;", "%*[^=]=%15[^;]%n", set, &n), 1);
    LT_STREQ(set, "value");
    LT_EQ(n, 9);
    LT_EQ(sscanf("", "%d", &i), EOF);
}

/* The output server: collects what every WRITE carries, in order. */
static struct {
    char data[32768];
    size_t len;
    int writes, closes;
} out;

static void serve_out(struct lt_server *s, const struct scheme_request *req, const void *payload)
{
    switch (req->op) {
    case SCHEME_OPEN:
        lt_reply(s, req, 1, 0, 0);
        break;
    case SCHEME_WRITE: {
        size_t n = req->payload_len;
        if (out.len + n > sizeof out.data)
            n = sizeof out.data - out.len;
        memcpy(out.data + out.len, payload, n);
        out.len += n;
        out.writes++;
        lt_reply(s, req, (long)n, 0, 0);
        break;
    }
    case SCHEME_CLOSE:
        out.closes++;
        break;
    default:
        lt_reply(s, req, -ENOSYS, 0, 0);
        break; /* not a terminal, no seeking */
    }
}

LT_CASE(LIBC0023, "printf and fputs on stdout and stderr reach a scheme's server byte-exact")
{
    struct lt_server *s = lt_server_start("lt-stdio-out", serve_out, 0);
    if (!s) {
        lt_fail(__FILE__, __LINE__, "could not start the scheme server");
        return;
    }
    int fd = open("lt-stdio-out:log", O_WRONLY);
    LT_CHECK(fd >= 0, "open(lt-stdio-out:log) gave %d errno %d", fd, errno);
    LT_EQ(dup2(fd, 1), 1);
    LT_EQ(dup2(fd, 2), 2);
    if (fd > 2) /* it may have been 1 already: fds are the lowest free handles */
        close(fd);
    char want[8192];
    int w =
        snprintf(want, sizeof want, "pi=%.5f n=%d hex=%x str=[%5s]\n", 3.14159, -42, 255, "abc");
    /* The first write finds fd 1 is no terminal (TIOCGWINSZ: ENOTTY) and makes
     * stdout fully buffered from then on. */
    printf("pi=%.5f n=%d hex=%x str=[%5s]\n", 3.14159, -42, 255, "abc");
    LT_EQ(fflush(stdout), 0);
    LT_EQ(out.len, (size_t)w);
    LT_CHECK(out.len == (size_t)w && memcmp(out.data, want, w) == 0, "stdout bytes differ: %.*s",
             (int)out.len, out.data);
    printf("buffered\n");
    LT_EQ(out.len, (size_t)w);
    fflush(stdout);
    LT_CHECK(out.len == (size_t)w + 9 && memcmp(out.data + w, "buffered\n", 9) == 0,
             "the buffered line did not arrive at fflush");
    /* A long line goes past the buffer: written in more than one piece. */
    size_t before = out.len;
    for (int i = 0; i < 600; i++)
        printf("%08d", i);
    fputs("|end\n", stdout);
    fflush(stdout);
    LT_EQ(out.len - before, 600 * 8 + 5);
    int ok = out.len - before == 600 * 8 + 5;
    for (int i = 0; ok && i < 600; i++) {
        char piece[9];
        snprintf(piece, sizeof piece, "%08d", i);
        ok = memcmp(out.data + before + i * 8, piece, 8) == 0;
    }
    LT_CHECK(ok, "the long line arrived changed");
    /* stderr is unbuffered: each call arrives at once. */
    before = out.len;
    fprintf(stderr, "err %d", 1);
    LT_EQ(out.len - before, 5);
    LT_CHECK(memcmp(out.data + before, "err 1", 5) == 0, "stderr bytes differ");
    fclose(stdout);
    close(2);
    lt_server_stop(s);
}

/* The input server: a fixed text, handed out at most 7 bytes per READ. */
static const char text[] = "first line\nsecond 42 3.5\n\nlast line without newline";

static void serve_in(struct lt_server *s, const struct scheme_request *req, const void *payload)
{
    static size_t pos;
    (void)payload;
    switch (req->op) {
    case SCHEME_OPEN:
        pos = 0;
        lt_reply(s, req, 1, 0, 0);
        break;
    case SCHEME_READ: {
        size_t n = sizeof text - 1 - pos;
        if (n > 7)
            n = 7;
        if (n > req->arg[0])
            n = req->arg[0];
        lt_reply(s, req, (long)n, text + pos, n);
        pos += n;
        break;
    }
    case SCHEME_CLOSE:
        break;
    default:
        lt_reply(s, req, -ENOSYS, 0, 0);
        break;
    }
}

LT_CASE(LIBC0024, "fopen, fgets, fscanf, getc and feof read a scheme's file")
{
    struct lt_server *s = lt_server_start("lt-stdio-in", serve_in, 0);
    if (!s) {
        lt_fail(__FILE__, __LINE__, "could not start the scheme server");
        return;
    }
    FILE *f = fopen("lt-stdio-in:text", "r");
    LT_CHECK(f != 0, "fopen gave NULL errno %d", errno);
    if (f) {
        char line[64];
        LT_CHECK(fgets(line, sizeof line, f) && strcmp(line, "first line\n") == 0,
                 "fgets gave \"%s\"", line);
        char word[16];
        int i = 0;
        double d = 0;
        LT_EQ(fscanf(f, "%15s %d %lf", word, &i, &d), 3);
        LT_CHECK(strcmp(word, "second") == 0 && i == 42 && d == 3.5, "fscanf values");
        LT_EQ(getc(f), '\n');
        LT_EQ(getc(f), '\n');
        LT_CHECK(fgets(line, sizeof line, f) && strcmp(line, "last line without newline") == 0,
                 "last fgets gave \"%s\"", line);
        LT_CHECK(!fgets(line, sizeof line, f) && feof(f) && !ferror(f), "no end of file seen");
        LT_EQ(fclose(f), 0);
    }
    lt_server_stop(s);
}

int main(void)
{
    return lt_main();
}
