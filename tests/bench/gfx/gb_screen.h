/* gfxbench's to-the-screen figure (gb_screen.c): composite_full_screen_1024x768. */
#ifndef GB_SCREEN_H
#define GB_SCREEN_H

void gb_bench_screen(void);

#endif
