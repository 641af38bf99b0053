/* Input drivers' tests (DRVR0010-0019): bad requests to kbd:, ps2mouse: and
 * pointer: get errors; the decoders and the keymap parser survive garbage
 * (they are linked in from drivers/i8042 and fed random bytes here). */
#include "dt.h"

#include "../i8042/kbd.h"
#include "../i8042/keymap.h"
#include "../i8042/mouse.h"

#include <cobalt/input.h>
#include <cobalt/pointer.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* The checks every input scheme shares; 1 when all held. */
static int bad_requests(const char *scheme, const char *bad_path)
{
    int fd = dt_open_retry(scheme, O_RDWR | O_NONBLOCK, 3000);
    if (fd < 0)
        return 0;
    char small[10];
    errno = 0;
    int short_read = read(fd, small, sizeof small) < 0 && errno == EINVAL;
    struct cobalt_input_event ev[2];
    errno = 0;
    int empty = read(fd, ev, sizeof ev) < 0 && errno == EAGAIN;
    long w = cobalt_write(fd, (long)"x", 1);
    long f = cobalt_fcall(fd, FCALL_FIRST_PRIVATE + 99, 0, 0, 0, 0);
    long m = cobalt_fmap(fd, 0, 4096, 1);
    errno = 0;
    int b = open(bad_path, O_RDONLY);
    int enoent = b < 0 && errno == ENOENT;
    if (b >= 0)
        close(b);
    close(fd);
    return short_read && empty && w == -ENOSYS && f == -ENOSYS && m == -ENOSYS && enoent;
}

static void garbage(void)
{
    static struct keymap km;
    static struct kbd_state k;
    static struct mouse_state ms;
    struct cobalt_input_event ev;
    int ok = 1;
    for (int i = 0; i < 200000 && ok; i++) {
        uint8_t b = (uint8_t)next();
        if (kbd_feed(&k, &km, b, &ev))
            ok = ev.type == COBALT_INPUT_KEY && ev.code <= COBALT_KEY_MAX && ev.text[11] == 0;
        if (mouse_feed(&ms, b, &ev))
            ok = ok && ev.type == COBALT_INPUT_REL && ev.buttons <= 7 && ev.x >= -256 &&
                 ev.x <= 255 && ev.y >= -255 && ev.y <= 256;
    }
    /* Random keymap texts, printable-heavy so some lines parse, must neither
     * crash nor produce entries out of range. */
    static char text[4096];
    for (int round = 0; round < 20 && ok; round++) {
        for (size_t i = 0; i < sizeof text; i++) {
            uint64_t r = next();
            text[i] = (r & 7) == 0 ? '\n' : (r & 7) == 1 ? ' ' : (char)(r >> 8);
        }
        keymap_parse(&km, text, sizeof text, NULL);
        for (unsigned c = 0; c < KEYMAP_KEYS && ok; c++) {
            char out[12];
            keymap_text(&km, c, (uint32_t)next(), out, sizeof out);
            ok = memchr(out, 0, sizeof out) != NULL;
        }
    }
    /* A good line parses; a duplicate and a bad code are refused. */
    const char good[] = "0x1e a A caps\n0x1e b B\n0x00 c C\n0x1f U+00E9 U+00C9\n";
    int bad = keymap_parse(&km, good, sizeof good - 1, "test");
    char t[12];
    keymap_text(&km, 0x1E, COBALT_MOD_CAPS, t, sizeof t);
    char e[12];
    keymap_text(&km, 0x1F, COBALT_MOD_LSHIFT, e, sizeof e);
    ok = ok && bad == 2 && strcmp(t, "A") == 0 && strcmp(e, "\xc3\x89") == 0;
    dt_verdict("DRVR0013", ok,
               "the key/mouse decoders or the keymap parser misbehaved on random input");
}

void dt_input_bad(void)
{
    dt_verdict("DRVR0010", bad_requests("kbd:", "kbd:nothing"),
               "kbd: short read not EINVAL, empty non-blocking read not EAGAIN, write/fcall/"
               "fmap not ENOSYS, or kbd:nothing opened");
    dt_verdict("DRVR0011", bad_requests("ps2mouse:", "ps2mouse:x"),
               "ps2mouse: bad requests did not get the right errors");
    int fd = dt_open_retry("pointer:", O_RDONLY | O_NONBLOCK, 3000);
    int ok = bad_requests("pointer:", "pointer:/abs") && fd >= 0;
    uint32_t wh[2] = {0, 0};
    ok = ok && cobalt_fcall(fd, POINTER_FCALL_SET_SCREEN, 0, 0, 0, 0) == -EINVAL &&
         cobalt_fcall(fd, POINTER_FCALL_SET_SCREEN, 99999, 600, 0, 0) == -EINVAL &&
         cobalt_fcall(fd, POINTER_FCALL_GET_SCREEN, 0, 0, (long)wh, 4) == -EINVAL &&
         cobalt_fcall(fd, POINTER_FCALL_GET_SCREEN, 0, 0, (long)wh, 8) == 0 && wh[0] == 1024 &&
         wh[1] == 768;
    if (fd >= 0)
        close(fd);
    dt_verdict("DRVR0012", ok, "pointer: bad requests or screen-size calls answered wrongly");
    garbage();
}
