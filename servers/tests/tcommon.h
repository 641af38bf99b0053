/* tcommon: what the in-guest tests of the pipe and pty servers share
 * (pipetest.c, ptytest.c): verdict lines on the harness channel, opening a
 * scheme while its server starts, the random requests. Booting as the first
 * process into init is run_under_init (<cobalt/underinit.h>, libtest). */
#ifndef TCOMMON_H
#define TCOMMON_H

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <cobalt/underinit.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define MS 1000000ull

static int failures;

static inline void verdict(const char *id, int ok, const char *why)
{
    cobalt_harness_printf("TEST %s %s%s%s", id, ok ? "PASS" : "FAIL", ok ? "" : " ", ok ? "" : why);
    if (!ok)
        failures++;
}

static inline uint64_t now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

/* Opens path, retrying while the scheme is missing (its server is starting). */
static inline int open_retry(const char *path, int flags, unsigned ms)
{
    uint64_t end = now_ns() + ms * MS;
    for (;;) {
        int fd = open(path, flags);
        if (fd >= 0 || (errno != ENOENT && errno != EPIPE && errno != ENFILE) || now_ns() > end)
            return fd;
        cobalt_sleep(5 * MS);
    }
}

/* A fixed xorshift64 stream for the random-request tests (repeatable). */
static uint64_t fuzz_state = 0x9E3779B97F4A7C15ull;

static inline uint64_t fuzz_next(void)
{
    fuzz_state ^= fuzz_state << 13;
    fuzz_state ^= fuzz_state >> 7;
    fuzz_state ^= fuzz_state << 17;
    return fuzz_state;
}

/* The pid of the live process named name, or -1. */
static inline int find_proc(const char *name)
{
    static struct cobalt_proc_info procs[256];
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++)
        if (procs[i].state == 0 && strncmp(procs[i].name, name, sizeof procs[i].name) == 0)
            return procs[i].pid;
    return -1;
}

/* One random request on fd: an fcall of a random code (never FCALL_FLAGS: the
 * fd must stay non-blocking) with random arguments and a random-length buffer
 * of random bytes, a read, or a write. The answer does not matter. */
static inline void fuzz_request(int fd)
{
    static unsigned char buf[512];
    for (size_t i = 0; i < sizeof buf; i += 8) {
        uint64_t v = fuzz_next();
        memcpy(buf + i, &v, 8);
    }
    size_t len = fuzz_next() % (sizeof buf + 1);
    static const long codes[] = {FCALL_SEEK,
                                 FCALL_FSTAT,
                                 FCALL_TRUNCATE,
                                 FCALL_SYNC,
                                 FCALL_IOCTL,
                                 FCALL_READDIR,
                                 FCALL_UNLINK,
                                 FCALL_MKDIR,
                                 FCALL_RMDIR,
                                 FCALL_RENAME,
                                 FCALL_CHMOD,
                                 FCALL_FIRST_PRIVATE,
                                 FCALL_FIRST_PRIVATE + 1,
                                 FCALL_FIRST_PRIVATE + 2,
                                 0x7fffffff,
                                 0};
    uint64_t pick = fuzz_next();
    switch (pick % 4) {
    case 0:
    case 1: {
        long code = codes[(pick >> 8) % (sizeof codes / sizeof codes[0])];
        uint64_t a1 = fuzz_next();
        if (code == FCALL_IOCTL && (pick >> 20) % 2) /* often a real terminal request */
            a1 = 0x5400 + (a1 % 0x40);
        cobalt_fcall(fd, code, (long)a1, (long)fuzz_next(), (long)buf, (long)len);
        break;
    }
    case 2:
        cobalt_read(fd, (long)buf, (long)len);
        break;
    default:
        cobalt_write(fd, (long)buf, (long)len);
        break;
    }
}

#endif
