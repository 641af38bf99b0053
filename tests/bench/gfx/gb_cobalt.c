/* gfxbench: the graphics figures of ./build.sh bench in the Cobalt guest
 * (docs/performance.md). kbench spawns it (with the I/O right, to map the
 * boot image); it reads DejaVu Sans and the benchmark PNG from the boot image
 * in memory (no file server involved), runs gb_text.c's and gb_compose.c's
 * figures, then gb_screen.c's (through the display driver it starts), and
 * prints `BENCH <name> <ns> ns` lines on the harness channel. */
#include "gb.h"
#include "gb_compose.h"
#include "gb_screen.h"

#include <cobalt/bootfs.h>
#include <cobalt/debug.h>
#include <cobalt/sys.h>

static int errors;

uint64_t gb_now(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

void gb_report(const char *name, uint64_t total_ns, uint64_t n)
{
    cobalt_harness_printf("BENCH %s %lu ns", name, (unsigned long)(total_ns / n));
}

void gb_error(const char *what)
{
    cobalt_harness_printf("gfxbench: error: %s", what);
    errors++;
}

int main(void)
{
    if (bootfs_open() != 0) {
        gb_error("cannot map the boot image");
        return 1;
    }
    size_t font_size, png_size;
    const char *font = bootfs_find("usr/share/fonts/DejaVuSans.ttf", &font_size);
    const char *png = bootfs_find("usr/share/gfxbench/bench.png", &png_size);
    if (!font || !png) {
        gb_error("DejaVuSans.ttf or bench.png is not in the boot image");
        return 1;
    }
    gb_bench_text(font, font_size);
    gb_bench_png(png, png_size);
    gb_bench_compose();
    gb_bench_screen();
    return errors ? 1 : 0;
}
