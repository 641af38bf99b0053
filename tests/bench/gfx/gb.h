/* gfxbench's platform interface: the text and PNG figures (gb_text.c) are
 * the same source in the Cobalt guest (gb_cobalt.c) and the Linux guest
 * (tests/bench/linux/linuxbench.c); each platform provides these. */
#ifndef GB_H
#define GB_H

#include <stddef.h>
#include <stdint.h>

/* The guest's monotonic clock in nanoseconds. */
uint64_t gb_now(void);
/* Prints `BENCH <prefix><name> <total / n> ns`. */
void gb_report(const char *name, uint64_t total_ns, uint64_t n);
/* Reports an error (the run then fails). */
void gb_error(const char *what);

/* The figures: text_shape_render_2k, text_shape_render_2k_cached (DejaVu
 * Sans at 14 px, from font/font_size bytes) and png_decode_1024x768 (from
 * png/png_size bytes). */
void gb_bench_text(const void *font, size_t font_size);
void gb_bench_png(const void *png, size_t png_size);

#endif
