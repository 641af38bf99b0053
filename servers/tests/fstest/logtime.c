/* fstest log and time: the tests of logd (log:) and timed (time:): SCFS0030, SCFS0040. */
#include "fstest.h"

static int put(int fd, const char *s)
{
    return write(fd, s, strlen(s)) == (ssize_t)strlen(s);
}

/* Reads the whole ring of log: into buf (NUL-terminated). */
static ssize_t read_log(char *buf, size_t size)
{
    int fd = open("log:", O_RDONLY);
    if (fd < 0)
        return -1;
    size_t got = 0;
    ssize_t n;
    while (got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = 0;
    close(fd);
    return (ssize_t)got;
}

void test_log(void)
{
    int fd = open_retry("log:", O_WRONLY, 3000);
    CHECK(fd >= 0, "open log:: errno %d", errno);
    /* one line over three writes, two lines in one write */
    CHECK(put(fd, "fstest: par") && put(fd, "ts joi") &&
              put(fd, "ned\nfstest: second\nfstest: third\n"),
          "writes");
    CHECK(put(fd, "fstest: ctl\001x\n"), "control characters");
    CHECK(put(fd, "fstest: unterminated"), "unterminated");
    close(fd); /* flushes the unterminated line */
    static char buf[20000];
    ssize_t n = read_log(buf, sizeof buf);
    char want[64];
    snprintf(want, sizeof want, "[%d fstest] fstest: parts joined\n", (int)getpid());
    CHECK(n > 0 && strstr(buf, want), "the ring misses \"%s\" (%zd bytes)", want, n);
    CHECK(strstr(buf, "] fstest: second\n") && strstr(buf, "] fstest: third\n") &&
              strstr(buf, "] fstest: ctl?x\n") && strstr(buf, "] fstest: unterminated\n"),
          "the ring misses a line");
    /* a line longer than the per-client buffer is cut, not lost or overflowed */
    static char longline[2000];
    memset(longline, 'L', sizeof longline);
    longline[sizeof longline - 1] = '\n';
    fd = open("log:", O_RDWR);
    CHECK(fd >= 0 && write(fd, longline, sizeof longline) == (ssize_t)sizeof longline, "long");
    /* more than the ring holds: the oldest bytes go */
    for (int i = 0; i < 400; i++)
        dprintf(fd, "fstest: filler line %d of the ring test\n", i);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_size == 16384,
          "fstat: mode %o size %ld", st.st_mode, (long)st.st_size);
    struct pollfd p = {fd, POLLOUT, 0};
    CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLOUT), "poll");
    close(fd);
    n = read_log(buf, sizeof buf);
    CHECK(n == 16384 && strstr(buf, "filler line 399 ") && !strstr(buf, "parts joined"),
          "ring after 16 KiB: %zd bytes", n);
    /* bad input */
    RAW(raw_open("log:x", O_RDONLY), ENOENT);
    RAW(raw_open("log:", O_RDONLY | O_DIRECTORY), ENOTDIR);
    long h = raw_open("log:", O_RDWR);
    char b[8];
    RAW(cobalt_fcall(h, FCALL_FSTAT, 0, 0, (long)b, 3), EINVAL);
    RAW(cobalt_fcall(h, 0x777, 0, 0, 0, 0), ENOSYS);
    RAW(cobalt_fcall(h, FCALL_SEEK, 0, 0, 0, 0), ENOSYS);
    cobalt_handle_close(h);
    h = raw_open("log:", O_PATH);
    RAW(cobalt_write(h, (long)"x\n", 2), EBADF);
    cobalt_handle_close(h);
    CHECK(read_log(buf, sizeof buf) == 16384, "the server still answers");
    verdict("SCFS0030");
}

/* ---- timed (time:) ---- */

static int parse_time(const char *t, int *v)
{
    return sscanf(t, "%4d-%2d-%2d %2d:%2d:%2d", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6;
}

static long day_seconds(const int *v)
{
    return ((long)v[2] * 24 + v[3]) * 3600 + v[4] * 60 + v[5];
}

void test_time(void)
{
    char rtc[32] = "", now[32] = "";
    int fd = open_retry("/dev/null", O_RDONLY, 10); /* settle */
    close(fd);
    fd = open_retry("time:rtc", O_RDONLY, 3000);
    CHECK(fd >= 0 && read(fd, rtc, sizeof rtc - 1) == 20, "read time:rtc: errno %d", errno);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 20, "fstat rtc");
    close(fd);
    fd = open("time:now", O_RDONLY);
    CHECK(fd >= 0 && read(fd, now, 5) == 5 && read(fd, now + 5, sizeof now - 6) == 15,
          "read time:now in two parts");
    close(fd);
    int a[6], b[6];
    CHECK(parse_time(rtc, a) && parse_time(now, b) && strlen(rtc) == 20 && rtc[19] == '\n',
          "formats: %s / %s", rtc, now);
    CHECK(a[0] >= 2020 && a[1] >= 1 && a[1] <= 12 && a[0] == b[0] && a[1] == b[1] &&
              labs(day_seconds(a) - day_seconds(b)) <= 5,
          "rtc %.19s and now %.19s disagree", rtc, now);
    CHECK(dir_has("time:", "rtc") == 1 && dir_has("time:", "now") == 1, "readdir time:");
    /* the decoder: BCD, binary, 12-hour, and garbage */
    long h = raw_open("time:rtc", O_RDONLY);
    char buf[32];
    const unsigned char bcd[7] = {0x59, 0x30, 0x23, 0x31, 0x12, 0x26, 0x02};
    memcpy(buf, bcd, 7);
    CHECK(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32) == 20 &&
              memcmp(buf, "2026-12-31 23:30:59\n", 20) == 0,
          "BCD 24 h: %.20s", buf);
    const unsigned char pm12[7] = {0x00, 0x00, 0x81, 0x29, 0x02, 0x24, 0x00}; /* 1 PM, BCD */
    memcpy(buf, pm12, 7);
    CHECK(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32) == 20 &&
              memcmp(buf, "2024-02-29 13:00:00\n", 20) == 0,
          "BCD 12 h PM, leap day: %.20s", buf);
    const unsigned char am12[7] = {5, 4, 12, 1, 1, 30, 0x04}; /* 12 AM, binary */
    memcpy(buf, am12, 7);
    CHECK(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32) == 20 &&
              memcmp(buf, "2030-01-01 00:04:05\n", 20) == 0,
          "binary 12 h midnight: %.20s", buf);
    static const unsigned char bad[][7] = {
        {0x00, 0x00, 0x12, 0x01, 0x13, 0x26, 0x02}, /* month 13 */
        {0x00, 0x00, 0x12, 0x31, 0x04, 0x26, 0x02}, /* April 31 */
        {0x00, 0x00, 0x12, 0x29, 0x02, 0x25, 0x02}, /* Feb 29 of 2025 */
        {0x6A, 0x00, 0x12, 0x01, 0x01, 0x26, 0x02}, /* BCD digit A */
        {0, 60, 10, 1, 1, 26, 0x06},                /* minute 60, binary */
        {0, 0, 13, 1, 1, 26, 0x04},                 /* hour 13 in 12-hour mode */
        {0, 0, 0, 0, 1, 26, 0x06},                  /* day 0 */
        {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, /* a dead chip */
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(buf, bad[i], 7);
        long r = cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32);
        CHECK(r == -EIO, "garbage #%u decoded: %ld", i, r);
    }
    RAW(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 19), EINVAL);
    RAW(cobalt_fcall(h, FCALL_FSTAT, 0, 0, (long)buf, 3), EINVAL);
    RAW(cobalt_fcall(h, 0x4444, 0, 0, 0, 0), ENOSYS);
    RAW(cobalt_write(h, (long)"x", 1), EROFS);
    cobalt_handle_close(h);
    RAW(raw_open("time:rtc", O_WRONLY), EROFS);
    RAW(raw_open("time:nothing", O_RDONLY), ENOENT);
    RAW(raw_open("time:rtc/x", O_RDONLY), ENOENT);
    fd = open("time:now", O_RDONLY);
    CHECK(fd >= 0 && read(fd, now, 20) == 20, "the server still answers");
    close(fd);
    verdict("SCFS0040");
}
