/* The display: scheme's private calls and structures (drivers/display,
 * docs/drivers.md). Pixels are 32-bit 0x00RRGGBB. The memory fmap gives is
 * the video memory itself, two pages of the current mode, page p at offset
 * p * pitch * height; a client draws into the page not shown and presents it
 * with DISPLAY_FCALL_FLIP (no copy: the device starts showing that page). */
#ifndef COBALT_DISPLAY_H
#define COBALT_DISPLAY_H

#include <cobalt/abi.h>
#include <stdint.h>

struct display_mode {
    uint32_t width, height; /* pixels */
    uint32_t pitch;         /* bytes per row */
    uint32_t bpp;           /* 32 */
    uint32_t pages;         /* pages in the fmap memory (2) */
    uint32_t shown;         /* the page on the screen */
    uint64_t fmap_size;     /* bytes fmap may map (both pages, rounded to 4 KiB) */
};

struct display_size {
    uint32_t width, height;
};

/* fcall(fd, DISPLAY_FCALL_GET_MODE, 0, 0, &mode, sizeof mode): result 0. */
#define DISPLAY_FCALL_GET_MODE (FCALL_FIRST_PRIVATE + 0)
/* fcall(fd, DISPLAY_FCALL_SET_MODE, width, height, NULL, 0): result 0, or
 * EINVAL for a mode the device cannot show (width not a multiple of 8, out of
 * 320..4096 x 200..4096, two pages not fitting video memory), ENOTSUP when
 * the device cannot change modes (not a Bochs/QEMU stdvga). Both pages are
 * cleared to black; page 0 is shown. */
#define DISPLAY_FCALL_SET_MODE (FCALL_FIRST_PRIVATE + 1)
/* fcall(fd, DISPLAY_FCALL_FLIP, page, 0, NULL, 0): shows page (0 or 1) of the
 * fmap memory. Result 0, EINVAL for another page. */
#define DISPLAY_FCALL_FLIP (FCALL_FIRST_PRIVATE + 2)
/* fcall(fd, DISPLAY_FCALL_LIST_MODES, 0, 0, sizes, n * sizeof(struct
 * display_size)): fills the modes the device offers (those that fit); result:
 * how many (at most n). */
#define DISPLAY_FCALL_LIST_MODES (FCALL_FIRST_PRIVATE + 3)

#endif
