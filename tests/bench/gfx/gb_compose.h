/* gfxbench's compositor figures (gb_compose.c): memcpy_1024x768,
 * composite_full_1024x768, cursor_move_redraw; gb_screen.c draws the same
 * scene to the screen. */
#ifndef GB_COMPOSE_H
#define GB_COMPOSE_H

void gb_bench_compose(void);

struct surface;
/* The fixed 1024x768 scene, built once (0, or -1 without memory), and its
 * full-damage composite into t (1024x768 or larger). */
int gb_compose_scene(void);
void gb_compose_full(struct surface *t);

#endif
