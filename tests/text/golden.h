/* The golden sample's hashes (tt_sample.h: FNV-1a of its pixels at 13 px),
 * checked inside Cobalt by TEXT0010 and on the host, with libtext built for
 * Linux, by TEXT0100. They change only with the pinned FreeType or HarfBuzz,
 * the fonts, or libtext's layout and blending: then take the new values from
 * TEXT0100's log (golden_host prints them) after checking the pixels. */
#ifndef TT_GOLDEN_H
#define TT_GOLDEN_H

#define TT_GOLDEN_SANS 0xd96d731bb5405423ull /* DejaVuSans.ttf */
#define TT_GOLDEN_BOLD 0xe1d5912d8f57106dull /* DejaVuSans-Bold.ttf */
#define TT_GOLDEN_MONO 0x1bcafa0702924772ull /* DejaVuSansMono.ttf */

#endif
