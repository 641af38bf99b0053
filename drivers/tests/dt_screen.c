/* The input echo's screen (bin/drvecho, INPT0003's golden): drawn in user
 * space through display: (fmap, draw page 0, flip), the way the window server
 * will. No text (there is no font in user space yet): the key history is a
 * row of squares, one per key event (colour from the key code, darker for a
 * release), a bar grows with the number of pointer events, and a cross marks
 * the pointer (white, red while a button is down). The test colour squares
 * (red, green, blue) sit in the top-left corner as on the kernel's screens. */
#include "dt.h"

#include <cobalt/display.h>
#include <cobalt/sys.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

#define HISTORY 24
#define BG_TOP  0x0B1426
#define BG_BOT  0x1B3A6E

static int fd = -1;
static uint32_t *pixels;
static struct display_mode mode;
static uint16_t history[HISTORY]; /* code | 0x100 for a release */
static unsigned history_len, pointer_events;
static int px, py;
static uint32_t buttons;

int dt_screen_open(void)
{
    fd = dt_open_retry("display:", O_RDWR, 3000);
    if (fd < 0 || cobalt_fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, (long)&mode, sizeof mode) != 0)
        return -1;
    long at = cobalt_fmap(fd, 0, (long)mode.fmap_size, 3);
    if (at < 0)
        return -1;
    pixels = (uint32_t *)at;
    px = (int)mode.width / 2;
    py = (int)mode.height / 2;
    return 0;
}

static void fill(int x, int y, int w, int h, uint32_t rgb)
{
    int W = (int)mode.width, H = (int)mode.height;
    for (int j = y < 0 ? 0 : y; j < y + h && j < H; j++) {
        uint32_t *row = pixels + (size_t)j * (mode.pitch / 4);
        for (int i = x < 0 ? 0 : x; i < x + w && i < W; i++)
            row[i] = rgb;
    }
}

static uint32_t mix(uint32_t a, uint32_t b, unsigned num, unsigned den)
{
    uint32_t out = 0;
    for (int s = 0; s < 24; s += 8) {
        unsigned ca = a >> s & 0xFF, cb = b >> s & 0xFF;
        out |= (uint32_t)((ca * (den - num) + cb * num) / den) << s;
    }
    return out;
}

/* A key code's colour: its bits spread over the three channels. */
static uint32_t key_colour(unsigned code, int release)
{
    uint32_t r = 0x40 + (code & 0x07) * 0x18, g = 0x40 + (code >> 3 & 0x07) * 0x18,
             b = 0x60 + (code >> 6 & 0x03) * 0x30;
    uint32_t c = r << 16 | g << 8 | b;
    return release ? mix(c, 0, 1, 2) : c;
}

void dt_screen_key(unsigned code, int release)
{
    if (history_len == HISTORY) {
        memmove(history, history + 1, (HISTORY - 1) * sizeof history[0]);
        history_len--;
    }
    history[history_len++] = (uint16_t)(code | (release ? 0x100 : 0));
}

void dt_screen_pointer(int x, int y, uint32_t b)
{
    px = x, py = y, buttons = b;
    pointer_events++;
}

void dt_screen_draw(void)
{
    if (fd < 0)
        return;
    int H = (int)mode.height;
    for (int y = 0; y < H; y++)
        fill(0, y, (int)mode.width, 1, mix(BG_TOP, BG_BOT, (unsigned)y, (unsigned)H));
    fill(0, 0, 16, 16, 0xFF0000);
    fill(16, 0, 16, 16, 0x00FF00);
    fill(32, 0, 16, 16, 0x0000FF);
    fill(64, 64, 160, 8, 0xE8EEFC); /* the "title" */
    for (unsigned i = 0; i < history_len; i++)
        fill(64 + (int)i * 20, 112, 16, 16, key_colour(history[i] & 0xFF, history[i] >> 8));
    fill(64, 140, 4 * (int)(pointer_events > 200 ? 200 : pointer_events), 8, 0xDCE4F5);
    uint32_t rgb = buttons ? 0xFF4040 : 0xFFFFFF;
    fill(px - 8, py, 17, 1, rgb);
    fill(px, py - 8, 1, 17, rgb);
    cobalt_fcall(fd, DISPLAY_FCALL_FLIP, 0, 0, 0, 0);
}

void dt_screen_close(void)
{
    if (fd < 0)
        return;
    munmap(pixels, mode.fmap_size);
    close(fd);
    fd = -1;
}
