/* Boot screen: gradient background, a colour check strip (red, green, blue
 * squares at the top left, so tests can prove channels are not swapped), the
 * logo, and what the kernel found (memory, display, options). Nothing on it
 * depends on time, so it is the same on every boot with the same options. */
#include "bootscreen.h"

#include "fb.h"
#include "fmt.h"
#include "font.h"
#include "options.h"

#define BG_TOP     0x0B1226
#define BG_BOTTOM  0x1C3A6E
#define LOGO_RGB   0xE8EEFC
#define TEXT_RGB   0xDCE4F5
#define LABEL_RGB  0x8FA6D6
#define PANEL_RGB  0x0A1020
#define CHECK_SIZE 16

void bootscreen_background(void)
{
    int w = (int)fb_width(), h = (int)fb_height();
    fb_fill_vgradient(0, 0, w, h, BG_TOP, BG_BOTTOM);
    fb_fill(0 * CHECK_SIZE, 0, CHECK_SIZE, CHECK_SIZE, 0xFF0000);
    fb_fill(1 * CHECK_SIZE, 0, CHECK_SIZE, CHECK_SIZE, 0x00FF00);
    fb_fill(2 * CHECK_SIZE, 0, CHECK_SIZE, CHECK_SIZE, 0x0000FF);
}

static void info_line(int x, int y, const char *label, const char *value)
{
    fb_text(x, y, label, LABEL_RGB, 1);
    fb_text(x + 12 * FONT_CELL_W, y, value, TEXT_RGB, 1);
}

void bootscreen_draw(const struct boot_info *bi)
{
    if (!fb_present())
        return;
    int w = (int)fb_width(), h = (int)fb_height();
    bootscreen_background();

    int logo_x = (w - (int)logo_width) / 2;
    int logo_y = h / 3 - (int)logo_height;
    fb_blit_coverage(logo_x, logo_y, (int)logo_width, (int)logo_height, logo_coverage,
                     (int)logo_width, LOGO_RGB, 1);
    const char *tagline = "a microkernel desktop operating system";
    int tag_w = 38 * FONT_CELL_W;
    fb_text((w - tag_w) / 2, logo_y + (int)logo_height + 16, tagline, LABEL_RGB, 1);

    char value[96];
    int panel_w = 560, panel_h = 5 * 24 + 24;
    int px = (w - panel_w) / 2, py = h / 2 + 16;
    fb_fill(px, py, panel_w, panel_h, PANEL_RGB);
    int x = px + 24, y = py + 16;
    ksnprintf(value, sizeof value, "%lu MiB usable in %u regions", bi->usable_bytes >> 20,
              bi->mmap_count);
    info_line(x, y, "Memory", value);
    ksnprintf(value, sizeof value, "%ux%u, 32 bpp linear framebuffer", fb_width(), fb_height());
    info_line(x, y + 24, "Display", value);
    info_line(x, y + 48, "Options", options_summary()[0] ? options_summary() : "(none)");
    info_line(x, y + 72, "Kernel", "x86_64, long mode, higher half");
    info_line(x, y + 96, "Status", "kernel up; user space arrives with the next issues");
}
