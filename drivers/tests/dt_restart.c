/* The driver-restart tests (DRVR0030-0039): each driver killed in turn comes
 * back with a new pid (init restarts it), its old clients get EPIPE, and a
 * reopened handle is served again. The time from the kill to the first
 * request the new instance serves is the driver_restart figure
 * (`BENCH driver_restart <ns> ns` on the channel, the mean of the four). */
#include "dt.h"

#include <cobalt/debug.h>
#include <cobalt/display.h>
#include <cobalt/input.h>
#include <cobalt/pointer.h>
#include <cobalt/serial.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* One request the new instance must serve; 0 when it did. */
static long probe(const char *name, int fd)
{
    if (name[0] == 's') /* serial: loopback off */
        return cobalt_fcall(fd, SERIAL_FCALL_LOOPBACK, 0, 0, 0, 0);
    if (name[0] == 'd') {
        struct display_mode m;
        return cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)&m, sizeof m);
    }
    struct cobalt_input_event ev;
    long r = cobalt_read(fd, (long)&ev, sizeof ev); /* empty queue: EAGAIN, served */
    return r == -EAGAIN || r == sizeof ev ? 0 : r;
}

static uint64_t total_ns;
static int measured;

static void restart_one(const char *id, const char *name, const char *path)
{
    int fd = dt_open_retry(path, O_RDWR | O_NONBLOCK, 3000);
    int old = dt_find_proc(name);
    uint64_t t0 = dt_now();
    long k = old > 0 ? cobalt_kill(old, 9) : -1;
    /* Poll: reopen and probe until the new instance answers. */
    int nfd = -1;
    long served = -1;
    uint64_t end = t0 + 3000 * MS;
    while (k == 0 && dt_now() < end) {
        nfd = open(path, O_RDWR | O_NONBLOCK);
        if (nfd >= 0) {
            served = probe(name, nfd);
            if (served == 0)
                break;
            close(nfd);
            nfd = -1;
        }
        cobalt_yield();
    }
    uint64_t took = dt_now() - t0;
    int pid = dt_find_proc(name);
    long stale = fd >= 0 ? probe(name, fd) : 0;
    dt_verdict(id, k == 0 && served == 0 && pid > 0 && pid != old && stale == -EPIPE,
               "the driver did not come back with a new pid serving requests, or its old "
               "handle did not give EPIPE");
    cobalt_log_printf("drvtest: %s pid %d killed, pid %d serves again after %lu ns", name, old, pid,
                      (unsigned long)took);
    if (served == 0) {
        total_ns += took;
        measured++;
    }
    if (fd >= 0)
        close(fd);
    if (nfd >= 0)
        close(nfd);
}

void dt_restart(void)
{
    restart_one("DRVR0030", "serial", "serial:");
    restart_one("DRVR0031", "i8042", "kbd:");
    restart_one("DRVR0032", "vmmouse", "pointer:");
    restart_one("DRVR0033", "display", "display:");
    if (measured)
        cobalt_harness_printf("BENCH driver_restart %lu ns", (unsigned long)(total_ns / measured));
}
