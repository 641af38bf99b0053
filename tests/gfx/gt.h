/* gfxtest's helpers, shared by its test files (gfxtest.c has them): whole
 * files, the expected-results files, and the pixel hash. The test
 * cases use tests/libc's framework (lt.h: LT_CASE, LT_CHECK). */
#ifndef GT_H
#define GT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where build.sh puts the fonts and tests/gfx's data in the boot image, which
 * the initfs server serves as the root file system. */
#define GT_FONT_SANS "/usr/share/fonts/DejaVuSans.ttf"
#define GT_FONT_BOLD "/usr/share/fonts/DejaVuSans-Bold.ttf"
#define GT_FONT_MONO "/usr/share/fonts/DejaVuSansMono.ttf"
#define GT_DATA      "/usr/share/gfxtest/"

/* A whole file read with stdio (and kept: read once per run) and its size;
 * NULL if it cannot be read. */
const unsigned char *gt_file(const char *name, size_t *size);

/* The rest of the line of file `name` whose first word is `key` (up to the
 * newline, the separator after the key skipped) copied into out; -1 if the
 * file or the key is missing or the line does not fit. */
int gt_expect(const char *name, const char *key, char *out, size_t len);

/* FNV-1a, 64 bits (tests/gfx/mkdata.py computes the same). */
uint64_t gt_fnv1a64(const void *data, size_t len);

/* The C++ runtime checks (gt_cxx.cc): NULL when all pass, else what failed. */
const char *gt_cxx_check(void);

#ifdef __cplusplus
}
#endif

#endif
