/* The display driver's tests (DRVR0020-0029): the boot mode, the mode list,
 * bad modes and bad requests refused, a mode change seen by the pointer
 * driver, drawing into a page and flipping to it. */
#include "dt.h"

#include <cobalt/display.h>
#include <cobalt/pointer.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static long get_mode(int fd, struct display_mode *m)
{
    return cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)m, sizeof *m);
}

void dt_display(void)
{
    int fd = dt_open_retry("display:", O_RDWR, 3000);
    struct display_mode m = {0};
    long r = fd >= 0 ? get_mode(fd, &m) : -1;
    dt_verdict("DRVR0020",
               r == 0 && m.width == 1024 && m.height == 768 && m.pitch == 4096 && m.bpp == 32 &&
                   m.pages == 2 && m.fmap_size >= 2ull * 4096 * 768,
               "display: did not report the 1024x768x32 boot mode with two pages");
    if (fd < 0)
        return;

    struct display_size sizes[16];
    long n = cobalt_fcall(fd, DISPLAY_FCALL_LIST_MODES, 0, 0, (long)sizes, sizeof sizes);
    int has800 = 0, has1024 = 0;
    for (long i = 0; i < n; i++) {
        has800 |= sizes[i].width == 800 && sizes[i].height == 600;
        has1024 |= sizes[i].width == 1024 && sizes[i].height == 768;
    }
    dt_verdict("DRVR0021", n >= 2 && has800 && has1024, "the mode list lacks 800x600 or 1024x768");

    /* Bad modes and requests: every one EINVAL (or ENOSYS), the mode unchanged. */
    struct display_mode after = {0};
    int bad = cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, 0, 0, 0, 0) == -EINVAL &&
              cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, 99999, 600, 0, 0) == -EINVAL &&
              cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, 801, 600, 0, 0) == -EINVAL &&
              cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, 4096, 4096, 0, 0) == -EINVAL &&
              cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, -1L, -1L, 0, 0) == -EINVAL &&
              cobalt_fcall(fd, DISPLAY_FCALL_FLIP, 2, 0, 0, 0) == -EINVAL &&
              cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)&after, 8) == -EINVAL &&
              cobalt_fcall(fd, FCALL_FIRST_PRIVATE + 50, 0, 0, 0, 0) == -ENOSYS &&
              cobalt_fmap(fd, 100, 4096, 1) == -EINVAL && cobalt_fmap(fd, 0, 1L << 40, 1) < 0 &&
              cobalt_read(fd, (long)&after, 8) == -ENOSYS;
    errno = 0;
    int b = open("display:fb1", O_RDWR);
    bad = bad && b < 0 && errno == ENOENT && get_mode(fd, &after) == 0 && after.width == 1024 &&
          after.height == 768;
    dt_verdict("DRVR0022", bad, "a bad mode or request to display: was not refused");

    /* 800x600, seen by pointer:, drawn into page 1 and flipped to. */
    int p = dt_open_retry("pointer:", O_RDONLY, 3000);
    uint32_t wh[2] = {0, 0};
    r = cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, 800, 600, 0, 0);
    int ok = r == 0 && get_mode(fd, &m) == 0 && m.width == 800 && m.height == 600 &&
             m.pitch == 3200 && p >= 0 &&
             cobalt_fcall(p, POINTER_FCALL_GET_SCREEN, 0, 0, (long)wh, sizeof wh) == 0 &&
             wh[0] == 800 && wh[1] == 600;
    long at = ok ? cobalt_fmap(fd, 0, (long)m.fmap_size, 3) : -1;
    ok = ok && at > 0;
    if (ok) {
        uint32_t *page1 = (uint32_t *)((char *)at + (uint64_t)m.pitch * m.height);
        for (uint64_t i = 0; i < (uint64_t)m.width * m.height; i++)
            page1[i] = 0x336699;
        ok = cobalt_fcall(fd, DISPLAY_FCALL_FLIP, 1, 0, 0, 0) == 0 && get_mode(fd, &m) == 0 &&
             m.shown == 1;
        munmap((void *)at, m.fmap_size);
    }
    dt_verdict("DRVR0023", ok,
               "set 800x600 / pointer: screen size / fmap / flip to page 1 did not work");
    r = cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, 1024, 768, 0, 0);
    dt_verdict("DRVR0024",
               r == 0 && get_mode(fd, &m) == 0 && m.width == 1024 && p >= 0 &&
                   cobalt_fcall(p, POINTER_FCALL_GET_SCREEN, 0, 0, (long)wh, sizeof wh) == 0 &&
                   wh[0] == 1024,
               "back to 1024x768 failed");
    if (p >= 0)
        close(p);
    close(fd);
}
