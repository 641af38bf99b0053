/* tcommon: what the in-guest tests of the pipe and pty servers share
 * (pipetest.c, ptytest.c): verdict lines on the harness channel, and booting
 * as the first process into init with a test service list. */
#ifndef TCOMMON_H
#define TCOMMON_H

#include <cobalt/debug.h>
#include <cobalt/sys.h>
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

/* The first process (no arguments): exec init with the service list `list`
 * and this program (`self`) as init's client; init exits with its status. */
static inline int become_init(const char *list, const char *self, const char *fail_id)
{
    char *const args[] = {"bin/init", "-f", (char *)list, (char *)self, "client", NULL};
    static char *const envp[] = {NULL};
    const char *path = "bin/init";
    long r = cobalt_exec((long)path, (long)strlen(path), (long)args, (long)envp);
    cobalt_harness_printf("TEST %s FAIL exec bin/init: %ld", fail_id, r);
    return 1;
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

#endif
