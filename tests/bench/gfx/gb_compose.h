/* gfxbench's compositor figures (gb_compose.c): memcpy_1024x768,
 * composite_full_1024x768, cursor_move_redraw. */
#ifndef GB_COMPOSE_H
#define GB_COMPOSE_H

void gb_bench_compose(void);

#endif
