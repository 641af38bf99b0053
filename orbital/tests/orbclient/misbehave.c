/* orbclient's misbehaving scenarios: a client that crashes (alone, or next
 * to well-behaved windows), one that writes garbage, one that never reads its
 * events and one that opens windows past the cap. Those that should never be
 * served stay in pause(). */
#include "orbclient.h"

#include <cobalt/debug.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

/* Two good windows, then a second client that crashes mid-draw. */
int scenario_crashmix(pid_t *watch)
{
    (void)watch;
    if (open_win("A", "r", 120, 140, 360, 240, 0xFFC0392Bu) < 0 ||
        open_win("B", "r", 420, 300, 360, 240, 0xFF27AE60u) < 0)
        return 1;
    pid_t child = fork();
    if (child == 0) {
        nwins = 0;
        if (open_win("C", "r", 300, 200, 300, 200, 0xFF8E44ADu) < 0)
            _exit(1);
        cobalt_harness_printf("ORBTEST crashing");
        crash_now();
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    cobalt_harness_printf("ORBTEST crasher ended %s",
                          WIFSIGNALED(status) ? "by a signal" : "normally");
    return 0;
}

int scenario_crash(pid_t *watch)
{
    (void)watch;
    open_win("C", "r", 300, 200, 300, 200, 0xFF8E44ADu);
    for (int y = 0; y < 50; y++) /* half a picture, then a crash */
        for (int x = 0; x < 300; x++)
            wins[0].w.pixels[y * 300 + x] = 0xFFFFFF00u;
    cobalt_harness_printf("ORBTEST crashing");
    crash_now();
    return 0;
}

int scenario_garbage(pid_t *watch)
{
    (void)watch;
    open_win("G", "r", 500, 100, 200, 150, 0xFFE67E22u);
    int refused = 0, other = 0;
    for (int i = 0; i < 40; i++) {
        unsigned char junk[40];
        for (size_t k = 0; k < sizeof junk; k++)
            junk[k] = (unsigned char)(i * 31 + k * 7);
        ssize_t n = write(wins[0].w.fd, junk, 8 + (size_t)(i % 32));
        if (n < 0 && errno == EINVAL)
            refused++;
        else if (n < 0 && errno == ECONNRESET)
            break;
        else
            other++;
    }
    ssize_t n = write(wins[0].w.fd, "x", 1);
    cobalt_harness_printf("ORBTEST garbage refused=%d other=%d after=%s", refused, other,
                          n < 0 && errno == ECONNRESET ? "ECONNRESET" : "open");
    for (;;)
        pause();
}

int scenario_noread(pid_t *watch)
{
    (void)watch;
    open_win("N", "r", 100, 400, 300, 200, 0xFF16A085u);
    cobalt_harness_printf("ORBTEST ready noread");
    for (;;)
        pause(); /* never reads: its queue fills and Orbital drops it */
}

int scenario_many(pid_t *watch)
{
    (void)watch;
    /* Thousands of opens: the first 64 get windows, every other one is
     * refused with the same error, and Orbital keeps serving. */
    static struct cobalt_window many[200];
    struct cobalt_window spare;
    int n = 0, err = 0, refused = 0, odd = 0;
    for (int i = 0; i < 3000; i++) {
        struct cobalt_window *w = n < 200 ? &many[n] : &spare;
        int r = cobalt_window_open(w, "-", 10 + n, 10 + n, 20, 20, "m");
        if (r == 0)
            n++;
        else if (!err || r == err)
            err = r, refused++;
        else
            odd++;
    }
    cobalt_harness_printf("ORBTEST many opened=%d refused=%d x%d other=%d", n, err, refused, odd);
    for (;;)
        pause();
}
