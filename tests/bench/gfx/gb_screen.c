/* gfxbench's to-the-screen figure, composite_full_screen_1024x768: gfxbench
 * starts the display driver itself (bin/display, with the I/O right kbench
 * gave gfxbench; no init runs in the bench boot), maps the driver's two pages
 * (the video memory), and times gb_compose.c's scene recomposed whole into
 * the page not shown plus the flip that shows it, frame after frame. The
 * driver is killed afterwards. */
#include "gb_screen.h"

#include "gb.h"
#include "gb_compose.h"
#include "pixels.h"

#include <cobalt/abi.h>
#include <cobalt/display.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static long start_driver(void)
{
    const char *path = "bin/display";
    char *const argv[] = {"bin/display", NULL}, *const envp[] = {NULL};
    return cobalt_spawn((long)path, (long)strlen(path), (long)argv, (long)envp, SPAWN_GRANT_IO);
}

/* display: once the driver serves it (2 s at most), or -1. */
static int open_display(void)
{
    for (int tries = 0; tries < 100; tries++) {
        int fd = open("display:", O_RDWR);
        if (fd >= 0 || errno != ENOENT)
            return fd;
        usleep(20000);
    }
    return -1;
}

static void compose_and_flip(int fd, uint32_t *pages[2], int stride, int *shown, int frames)
{
    for (int i = 0; i < frames; i++) {
        int back = 1 - *shown;
        struct surface t = {pages[back], 1024, 768, stride};
        gb_compose_full(&t);
        if (cobalt_fcall(fd, DISPLAY_FCALL_FLIP, back, 0, 0, 0) != 0)
            return gb_error("display: flip failed");
        *shown = back;
    }
}

static void bench_on(int fd)
{
    struct display_mode m;
    if (cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, 1024, 768, 0, 0) != 0 ||
        cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)&m, sizeof m) != 0 || m.bpp != 32 ||
        m.pages < 2)
        return gb_error("display: no 1024x768x32 mode with two pages");
    void *base = mmap(NULL, m.fmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED)
        return gb_error("display: fmap failed");
    uint32_t *pages[2] = {base, (uint32_t *)((char *)base + (size_t)m.pitch * m.height)};
    int shown = (int)m.shown, stride = (int)(m.pitch / 4);
    compose_and_flip(fd, pages, stride, &shown, 2); /* both pages once, untimed */
    const int frames = 5;
    uint64_t t0 = gb_now();
    compose_and_flip(fd, pages, stride, &shown, frames);
    gb_report("composite_full_screen_1024x768", gb_now() - t0, frames);
    munmap(base, m.fmap_size);
}

void gb_bench_screen(void)
{
    if (gb_compose_scene() != 0)
        return gb_error("out of memory for the scene");
    long pid = start_driver();
    if (pid < 0)
        return gb_error("cannot start bin/display");
    int fd = open_display();
    if (fd < 0)
        gb_error("display: is not served");
    else {
        bench_on(fd);
        close(fd);
    }
    cobalt_kill(pid, 9);
    waitpid((pid_t)pid, NULL, 0);
}
