/* The drivers' input echo (booted as init=bin/drvecho): reports
 * every kbd: and pointer: event on the harness channel so the harness can
 * check what its QMP input became, and takes commands as keys:
 *   F12  kill i8042, vmmouse, display and serial, wait for their new
 *        instances, reopen ("DRVTEST restarted")
 *   F10  set 800x600, draw a test picture in page 1 and flip to it
 *   F9   back to 1024x768, draw page 0
 * Lines: `KEY xx` (the set-1 scancode bytes the event stands for, as the
 * kernel's old echo printed them), `KEYEV <code> <p|r> <mods> <text hex|->`,
 * `POINTER <x> <y> <buttons>`, `WHEEL <steps>`. */
#include "dt.h"

#include <cobalt/debug.h>
#include <cobalt/display.h>
#include <cobalt/input.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

static int kbd = -1, ptr = -1;

static void reopen(void)
{
    if (kbd >= 0)
        close(kbd);
    if (ptr >= 0)
        close(ptr);
    kbd = dt_open_retry("kbd:", O_RDONLY | O_NONBLOCK, 3000);
    ptr = dt_open_retry("pointer:", O_RDONLY | O_NONBLOCK, 3000);
}

static void print_key(const struct cobalt_input_event *e)
{
    int release = (e->flags & COBALT_INPUT_F_RELEASE) != 0;
    if (e->code & 0x80)
        cobalt_harness_printf("KEY e0");
    cobalt_harness_printf("KEY %02x", (e->code & 0x7F) | (release ? 0x80 : 0));
    char hex[sizeof e->text * 2 + 2] = "-";
    for (size_t i = 0; i < sizeof e->text && e->text[i]; i++)
        snprintf(hex + 2 * i, 3, "%02x", (unsigned char)e->text[i]);
    cobalt_harness_printf("KEYEV %02x %c %03x %s", e->code, release ? 'r' : 'p', e->mods, hex);
}

/* Draws the test picture into page `page` of a width x height mode: left half
 * red, right half blue, a green 8x8 square at (10, 10). */
static int draw_and_flip(uint32_t width, uint32_t height, uint32_t page)
{
    int fd = dt_open_retry("display:", O_RDWR, 3000);
    struct display_mode m;
    if (fd < 0)
        return -1;
    long r = cobalt_fcall(fd, DISPLAY_FCALL_SET_MODE, width, height, 0, 0);
    if (r == 0)
        r = cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)&m, sizeof m);
    long at = r == 0 ? cobalt_fmap(fd, 0, (long)m.fmap_size, 3) : r;
    if (at < 0) {
        close(fd);
        return -1;
    }
    uint8_t *base = (uint8_t *)at + (uint64_t)page * m.pitch * m.height;
    for (uint32_t y = 0; y < m.height; y++) {
        uint32_t *row = (uint32_t *)(base + (uint64_t)y * m.pitch);
        for (uint32_t x = 0; x < m.width; x++)
            row[x] = x < m.width / 2 ? 0xFF0000 : 0x0000FF;
    }
    for (uint32_t y = 10; y < 18; y++)
        for (uint32_t x = 10; x < 18; x++)
            ((uint32_t *)(base + (uint64_t)y * m.pitch))[x] = 0x00FF00;
    r = cobalt_fcall(fd, DISPLAY_FCALL_FLIP, page, 0, 0, 0);
    munmap((void *)at, m.fmap_size);
    close(fd);
    return (int)r;
}

static void restart_all(void)
{
    static const char *const names[] = {"i8042", "vmmouse", "display", "serial"};
    char line[160] = "DRVTEST restarted";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int old, pid = dt_kill_and_wait(names[i], &old);
        size_t used = strlen(line);
        snprintf(line + used, sizeof line - used, " %s=%d>%d", names[i], old, pid);
    }
    reopen();
    cobalt_harness_printf("%s", line);
}

static int command_key(unsigned code)
{
    switch (code) {
    case COBALT_KEY_F12:
        restart_all();
        return 1;
    case COBALT_KEY_F10:
        cobalt_harness_printf("DRVTEST display 800x600 %s",
                              draw_and_flip(800, 600, 1) == 0 ? "ok" : "failed");
        return 1;
    case COBALT_KEY_F1 + 8: /* F9 */
        cobalt_harness_printf("DRVTEST display 1024x768 %s",
                              draw_and_flip(1024, 768, 0) == 0 ? "ok" : "failed");
        return 1;
    default:
        return 0;
    }
}

static void drain(int *fd, int is_kbd)
{
    struct cobalt_input_event ev[16];
    ssize_t r = read(*fd, ev, sizeof ev);
    if (r < 0 && errno == EPIPE) { /* the driver restarted: reopen */
        reopen();
        return;
    }
    for (ssize_t i = 0; r > 0 && i < r / (ssize_t)sizeof ev[0]; i++) {
        if (is_kbd) {
            print_key(&ev[i]);
            if (ev[i].flags & COBALT_INPUT_F_PRESS)
                command_key(ev[i].code);
        } else {
            cobalt_harness_printf("POINTER %d %d %u", ev[i].x, ev[i].y, ev[i].buttons);
            if (ev[i].wheel)
                cobalt_harness_printf("WHEEL %d", ev[i].wheel);
        }
    }
}

int dt_echo(void)
{
    reopen();
    if (kbd < 0 || ptr < 0) {
        cobalt_harness_printf("DRVTEST echo failed: kbd: %d pointer: %d", kbd, ptr);
        return 1;
    }
    cobalt_harness_printf("DRVTEST echo ready");
    for (;;) {
        struct pollfd p[2] = {{.fd = kbd, .events = POLLIN}, {.fd = ptr, .events = POLLIN}};
        if (poll(p, 2, -1) < 0)
            continue;
        if (p[0].revents)
            drain(&kbd, 1);
        if (p[1].revents)
            drain(&ptr, 0);
    }
}
