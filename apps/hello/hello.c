/* hello: the smallest desktop app, the example of docs/sdk.md ("Adding a
 * desktop app"): a window titled "Hello" with a line of text, redrawn at
 * every new size, closed by its close button. Built from apps/hello/ by
 * apps/Makefile; started with the boot option start=hello (APPS0001). It
 * says "HELLO drawn <w>x<h>" on the harness channel after each drawing. */
#include <cobalt/debug.h>
#include <cobalt/text.h>
#include <cobalt/window.h>
#include <stdio.h>

#define FONT       "/usr/share/fonts/DejaVuSans.ttf"
#define BACKGROUND 0xFF2E7D32u /* green */
#define INK        0xFFFFFFFFu

static void draw(struct cobalt_window *w, struct text_font *font)
{
    for (int i = 0; i < w->width * w->height; i++)
        w->pixels[i] = BACKGROUND;
    struct text_surface s = {w->pixels, w->width, w->height, w->width};
    char line[64];
    snprintf(line, sizeof line, "Hello, Cobalt! (%d x %d)", w->width, w->height);
    if (font)
        text_draw(font, &s, 20, 50, line, INK, NULL);
    cobalt_window_damage(w, 0, 0, 0, 0);
    cobalt_harness_printf("HELLO drawn %dx%d", w->width, w->height);
}

int main(void)
{
    int err = 0;
    struct text_font *font = text_font_open(FONT, 24, &err);
    if (!font)
        fprintf(stderr, "hello: %s: error %d (no text)\n", FONT, err);
    struct cobalt_window w;
    int r = cobalt_window_open(&w, "r", ORB_AUTO, ORB_AUTO, 420, 160, "Hello");
    if (r < 0) {
        fprintf(stderr, "hello: no window (%d)\n", r);
        return 1;
    }
    draw(&w, font);
    for (;;) {
        struct orb_event e;
        r = cobalt_window_event(&w, &e, -1);
        if (r < 0)
            return 1;
        if (r == 1 && e.type == ORB_EVENT_RESIZE)
            draw(&w, font);
        if (r == 1 && e.type == ORB_EVENT_CLOSE) {
            cobalt_window_close(&w);
            return 0;
        }
    }
}
