/* The serial driver's tests (DRVR0001-0009): loopback echo through the
 * receive interrupt, a read that waits, poll readiness, fstat, bad requests. */
#include "dt.h"

#include <cobalt/serial.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads until want bytes came or the deadline passed. */
static size_t read_all(int fd, char *buf, size_t want, unsigned ms)
{
    size_t got = 0;
    uint64_t end = dt_now() + ms * MS;
    while (got < want && dt_now() < end) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            continue;
        ssize_t r = read(fd, buf + got, want - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

void dt_serial(void)
{
    int fd = dt_open_retry("serial:", O_RDWR, 3000);
    if (fd < 0) {
        dt_verdict("DRVR0001", 0, "open serial: failed");
        return;
    }
    /* 1: loopback: what is written comes back through the receive interrupt. */
    long lb = cobalt_fcall(fd, SERIAL_FCALL_LOOPBACK, 1, 0, 0, 0);
    const char msg[] = "cobalt serial loopback 0123456789";
    ssize_t w = write(fd, msg, sizeof msg - 1);
    char got[64] = {0};
    size_t n = read_all(fd, got, sizeof msg - 1, 2000);
    dt_verdict("DRVR0001",
               lb == 0 && w == (ssize_t)sizeof msg - 1 && n == sizeof msg - 1 &&
                   memcmp(got, msg, n) == 0,
               "loopback bytes did not come back through serial:");

    /* 2: a blocking read waits for the byte written after it started (poll says
     * not readable first, then readable). */
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int before = poll(&p, 1, 0);
    ssize_t w1 = write(fd, "!", 1);
    char c = 0;
    ssize_t r1 = read(fd, &c, 1);
    dt_verdict("DRVR0002", before == 0 && w1 == 1 && r1 == 1 && c == '!',
               "poll was readable on an empty ring, or the read did not return the byte");

    /* 3: fstat says character device; O_NONBLOCK read of an empty ring is EAGAIN. */
    struct stat st;
    int fs = fstat(fd, &st);
    int nb = open("serial:", O_RDONLY | O_NONBLOCK);
    errno = 0;
    ssize_t rn = nb >= 0 ? read(nb, &c, 1) : 0;
    int eagain = rn < 0 && errno == EAGAIN;
    if (nb >= 0)
        close(nb);
    dt_verdict("DRVR0003", fs == 0 && S_ISCHR(st.st_mode) && eagain,
               "fstat not a character device, or a non-blocking empty read was not EAGAIN");

    /* 4: bad requests get errors: unknown path, unknown fcall, bad loopback
     * argument, fmap. */
    errno = 0;
    int bad = open("serial:com9", O_RDWR);
    int enoent = bad < 0 && errno == ENOENT;
    long f1 = cobalt_fcall(fd, FCALL_FIRST_PRIVATE + 77, 0, 0, 0, 0);
    long f2 = cobalt_fcall(fd, SERIAL_FCALL_LOOPBACK, 5, 0, 0, 0);
    long f3 = cobalt_fmap(fd, 0, 4096, 1);
    dt_verdict("DRVR0004", enoent && f1 == -ENOSYS && f2 == -EINVAL && f3 == -ENOSYS,
               "a bad path, fcall or fmap on serial: did not give ENOENT/ENOSYS/EINVAL/ENOSYS");
    cobalt_fcall(fd, SERIAL_FCALL_LOOPBACK, 0, 0, 0, 0);
    close(fd);
}
