/* The boot framebuffer (a linear 32-bpp mode set by GRUB) and the kernel's
 * drawing primitives on it: rectangles, coverage blits and text. */
#ifndef COBALT_FB_H
#define COBALT_FB_H

#include <stdbool.h>
#include <stdint.h>

struct fb_info {
    uint64_t phys;
    uint32_t pitch;
    uint32_t width;
    uint32_t height;
    uint8_t bpp;
    uint8_t red_pos, green_pos, blue_pos;
};

/* Takes over the framebuffer described by GRUB; false (and no drawing) for
 * anything but a direct-colour 32-bpp mode inside the direct map. */
bool fb_init(const struct fb_info *info);
bool fb_present(void);
uint32_t fb_width(void);
uint32_t fb_height(void);

/* Colours are 0xRRGGBB; everything is clipped to the screen. */
void fb_fill(int x, int y, int w, int h, uint32_t rgb);
void fb_fill_vgradient(int x, int y, int w, int h, uint32_t top_rgb, uint32_t bottom_rgb);
/* Blends rgb over the screen with per-pixel coverage (0..255). */
void fb_blit_coverage(int x, int y, int w, int h, const uint8_t *coverage, int stride, uint32_t rgb,
                      int scale);
/* Draws ASCII text with the 8x16 font at the given integer scale; returns
 * the width drawn in pixels. Characters outside printable ASCII show '?'. */
int fb_text(int x, int y, const char *s, uint32_t rgb, int scale);

#endif
