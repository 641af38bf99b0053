/* The golden sample: one fixed drawing (Latin with ligatures and kerning,
 * digits, Arabic, Hebrew, Greek, the euro sign; six lines at shifting
 * origins, translucent colour over a patterned background) and the FNV-1a of
 * its pixels. texttest checks it against golden.h inside Cobalt (TEXT0010);
 * golden_host.c draws it on the host with libtext built for Linux (TEXT0100).
 * Plain C: no Cobalt header. */
#ifndef TT_SAMPLE_INCLUDED
#define TT_SAMPLE_INCLUDED

#include <cobalt/text.h>
#include <stdint.h>

#define TT_SAMPLE                                                                                  \
    "office AVATAR fi fl, Cobalt! 0123 \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 "                          \
    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xce\xb1\xce\xb2\xce\xb3 \xe2\x82\xac"
#define TT_SAMPLE_W  500
#define TT_SAMPLE_H  120
#define TT_SAMPLE_PX 13

/* Fills s with the background pattern and draws the sample lines in colour. */
void tt_draw_sample(struct text_font *f, struct text_surface *s, uint32_t colour);
/* The FNV-1a (64 bits) of the TT_SAMPLE_W x TT_SAMPLE_H pixels (little-endian
 * bytes) of the sample drawn with f in 0xC0203040; 0 if out of memory. */
uint64_t tt_sample_hash(struct text_font *f);

#endif
