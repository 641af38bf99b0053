/* Host unit test of Orbital's decorations (ORBU0007): a frame's opaque
 * region (what the compositor culls with) is exactly its pixels of alpha
 * 255, the content stays transparent, nothing is drawn outside the frame,
 * and the cursor is a valid premultiplied image. With an argument, writes
 * the frames as a PPM picture to look at. */
#include "../src/decor.h"

#include <stdio.h>
#include <string.h>

static int fails, checks;

static void check(int ok, const char *what)
{
    checks++;
    if (!ok && fails++ < 20)
        printf("%s\n", what);
}

/* A stand-in for text: one box per character. */
static void boxes(void *ctx, struct surface *dst, struct rect box, const char *utf8, uint32_t c)
{
    (void)ctx;
    int x = box.x;
    for (const char *p = utf8; *p && x + 6 <= rect_right(box); p++, x += 8)
        if (*p != ' ')
            pixels_fill(dst, rect_intersect(box, (struct rect){x, box.y + box.h / 2 - 4, 6, 9}), c);
}

#define FW 320
#define FH 200
static uint32_t px[2][FH * FW];

static void frame(struct theme *t, struct decor_frame *f, bool focused, bool maximized)
{
    memset(f, 0, sizeof *f);
    f->width = FW, f->height = FH;
    f->content = (struct rect){t->border, t->title_height, FW - 2 * t->border,
                               FH - t->title_height - t->border};
    f->focused = focused, f->resizable = true, f->maximized = maximized;
    f->title = "Demo window";
    int s = t->button_size, g = t->button_gap, y = (t->title_height - s) / 2;
    int right = FW - t->border - g;
    f->close = (struct rect){right - s, y, s, s};
    f->maximize = (struct rect){right - 2 * s - g, y, s, s};
    f->minimize = (struct rect){right - 3 * s - 2 * g, y, s, s};
}

int main(int argc, char **argv)
{
    struct theme t;
    theme_default(&t);
    struct decor_style st = {&t, boxes, NULL};
    for (int k = 0; k < 2; k++) {
        struct decor_frame f;
        frame(&t, &f, k == 0, k == 1);
        struct surface s = {px[k], FW, FH, FW};
        for (int i = 0; i < FW * FH; i++)
            px[k][i] = 0x12345678; /* junk: every pixel must be drawn */
        decor_draw(&st, &f, &s);
        struct region opaque;
        decor_opaque(&t, &f, &opaque);
        int bad_opaque = 0, bad_content = 0, bad_premul = 0;
        for (int y = 0; y < FH; y++)
            for (int x = 0; x < FW; x++) {
                uint32_t p = px[k][y * FW + x], a = p >> 24;
                /* Culling may only skip what really hides: region => alpha 255
                 * (a few solid corner pixels outside it just cost a blend). */
                if (region_contains_point(&opaque, x, y) && a != 255)
                    bad_opaque++;
                if (!region_contains_point(&opaque, x, y) && a == 255 &&
                    !rect_contains_point(f.content, x, y) &&
                    !(y < t.corner_radius && (x < t.corner_radius || x >= FW - t.corner_radius)))
                    bad_opaque++;
                if (rect_contains_point(f.content, x, y) && p != 0)
                    bad_content++;
                if (((p >> 16) & 255) > a || ((p >> 8) & 255) > a || (p & 255) > a)
                    bad_premul++;
            }
        check(bad_opaque == 0,
              "the opaque region is not the solid pixels (less the corner squares)");
        check(bad_content == 0, "the content area is not transparent");
        check(bad_premul == 0, "a frame pixel is not premultiplied");
        check(k == 1 || (px[k][0] >> 24) < 255, "a rounded corner is translucent");
        check(k == 0 || px[k][0] >> 24 == 255, "a maximized frame has square corners");
    }
    uint32_t cur[CURSOR_W * CURSOR_H];
    int hx, hy;
    decor_cursor(cur, &hx, &hy);
    int solid = 0;
    for (int i = 0; i < CURSOR_W * CURSOR_H; i++)
        solid += cur[i] >> 24 == 255;
    check(hx == 0 && hy == 0 && cur[0] == 0xFF000000u && solid > 60, "the arrow cursor");
    if (argc > 1) { /* both frames over grey, side by side */
        FILE *o = fopen(argv[1], "wb");
        if (o) {
            fprintf(o, "P6 %d %d 255\n", 2 * FW + 10, FH);
            for (int y = 0; y < FH; y++)
                for (int x = 0; x < 2 * FW + 10; x++) {
                    uint32_t p = 0xFF808080u;
                    int k = x < FW ? 0 : x >= FW + 10 ? 1 : -1;
                    if (k >= 0)
                        p = pixel_over(px[k][y * FW + (k ? x - FW - 10 : x)], p);
                    unsigned char rgb[3] = {(unsigned char)(p >> 16), (unsigned char)(p >> 8),
                                            (unsigned char)p};
                    fwrite(rgb, 1, 3, o);
                }
            fclose(o);
        }
    }
    if (fails) {
        printf("FAIL: %d of %d checks\n", fails, checks);
        return 1;
    }
    printf("PASS: %d decoration checks (opaque region exact, content clear, premultiplied)\n",
           checks);
    return 0;
}
