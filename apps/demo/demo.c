/* The demo app, Orbital's first client: a window with HarfBuzz-shaped,
 * FreeType-rendered text (Latin at several sizes, a ligature and kerning
 * line, Arabic right to left) and a PNG decoded with libpng, redrawn at
 * every size the user resizes it to; it closes when asked. Built with the
 * SDK like any app (docs/sdk.md). */
#include <cobalt/text.h>
#include <cobalt/window.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FONT      "/usr/share/fonts/DejaVuSans.ttf"
#define FONT_BOLD "/usr/share/fonts/DejaVuSans-Bold.ttf"
#define PICTURE   "/usr/share/demo/cobalt.png"

struct picture {
    int w, h;
    uint32_t *px; /* premultiplied 0xAARRGGBB */
};

static struct picture load_picture(const char *path)
{
    struct picture p = {0};
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        fprintf(stderr, "demo: %s: %s\n", path, img.message);
        return p;
    }
    img.format = PNG_FORMAT_BGRA; /* little-endian words 0xAARRGGBB */
    uint32_t *px = malloc(PNG_IMAGE_SIZE(img));
    if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
        fprintf(stderr, "demo: %s: %s\n", path, px ? img.message : "out of memory");
        free(px);
        png_image_free(&img);
        return p;
    }
    for (size_t i = 0; i < (size_t)img.width * img.height; i++) {
        uint32_t c = px[i], a = c >> 24;
        uint32_t r = ((c >> 16) & 255) * a / 255, g = ((c >> 8) & 255) * a / 255;
        uint32_t b = (c & 255) * a / 255;
        px[i] = a << 24 | r << 16 | g << 8 | b;
    }
    p.w = (int)img.width, p.h = (int)img.height, p.px = px;
    return p;
}

static void blend_picture(struct cobalt_window *w, const struct picture *p, int x0, int y0)
{
    for (int y = 0; y < p->h; y++)
        for (int x = 0; x < p->w; x++) {
            int dx = x0 + x, dy = y0 + y;
            if (dx < 0 || dy < 0 || dx >= w->width || dy >= w->height)
                continue;
            uint32_t s = p->px[y * p->w + x], *d = &w->pixels[(size_t)dy * w->width + dx];
            uint32_t inv = 255 - (s >> 24), out = 0xFF000000u;
            for (int k = 0; k < 24; k += 8)
                out |= (((s >> k) & 255) + (((*d >> k) & 255) * inv + 127) / 255) << k;
            *d = out;
        }
}

struct fonts {
    struct text_font *title, *body[3], *arabic;
};

static void line(struct cobalt_window *w, struct text_font *f, int x, int baseline,
                 const char *text, uint32_t colour)
{
    if (!f)
        return;
    struct text_surface s = {w->pixels, w->width, w->height, w->width};
    text_draw(f, &s, x, baseline, text, colour, NULL);
}

static void draw(struct cobalt_window *w, const struct fonts *f, const struct picture *p)
{
    for (int y = 0; y < w->height; y++)
        for (int x = 0; x < w->width; x++)
            w->pixels[(size_t)y * w->width + x] = y < 64 ? 0xFFEEF2F7u : 0xFFFFFFFFu;
    line(w, f->title, 24, 44, "Cobalt", 0xFF1E3A5Fu);
    int y = 96;
    static const int sizes[3] = {12, 16, 24};
    for (int i = 0; i < 3; i++) {
        char text[96];
        snprintf(text, sizeof text, "%d px: The quick brown fox jumps over the lazy dog", sizes[i]);
        line(w, f->body[i], 24, y, text, 0xFF202020u);
        y += sizes[i] + 14;
    }
    line(w, f->body[2], 24, y + 6, "office fi fl \xE2\x80\x94 AV Wa To (kerning)", 0xFF203A80u);
    y += 48;
    /* "Hello, world" in Arabic: shaped right to left with its joining forms. */
    line(w, f->arabic, 24, y,
         "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9"
         "\x84\xD9\x85",
         0xFF802020u);
    if (p->px)
        blend_picture(w, p, w->width - p->w - 24, w->height - p->h - 24);
    char size[32];
    snprintf(size, sizeof size, "%d x %d", w->width, w->height);
    line(w, f->body[0], 24, w->height - 24, size, 0xFF606060u);
    cobalt_window_damage(w, 0, 0, 0, 0);
}

int main(void)
{
    struct fonts f = {0};
    int err;
    f.title = text_font_open(FONT_BOLD, 32, &err);
    static const int sizes[3] = {12, 16, 24};
    for (int i = 0; i < 3; i++)
        f.body[i] = text_font_open(FONT, sizes[i], &err);
    f.arabic = text_font_open(FONT, 28, &err);
    if (!f.title || !f.body[0])
        fprintf(stderr, "demo: cannot open the fonts (%d): no text\n", err);
    struct picture p = load_picture(PICTURE);
    struct cobalt_window w;
    int r = cobalt_window_open(&w, "r", 152, 110, 720, 500, "Cobalt demo");
    if (r < 0) {
        fprintf(stderr, "demo: cannot open a window (%d)\n", r);
        return 1;
    }
    draw(&w, &f, &p);
    for (;;) {
        struct orb_event e;
        r = cobalt_window_event(&w, &e, -1);
        if (r < 0)
            return 1;
        if (r == 0)
            continue;
        if (e.type == ORB_EVENT_RESIZE)
            draw(&w, &f, &p);
        if (e.type == ORB_EVENT_CLOSE) {
            cobalt_window_close(&w);
            return 0;
        }
    }
}
