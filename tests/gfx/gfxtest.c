/* gfxtest: the graphics libraries' tests inside Cobalt, the first process when
 * Cobalt boots with init=bin/gfxtest (tests/cases/gfxlibs.py, GFXL0000).
 * Each LT_CASE of tests/gfx prints one `TEST GFXLnnnn PASS|FAIL` line. This
 * file has main, the helpers of gt.h and the cases of the C++ runtime and
 * zlib; gt_font.c, gt_shape.c and gt_png.c the others. Files are read from
 * the boot image as the kernel maps it (servers/init/bootfs.c). */
#include "bootfs.h"
#include "gt.h"
#include "lt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const unsigned char *gt_file(const char *name, size_t *size)
{
    static int opened;
    if (!opened && bootfs_open() == 0)
        opened = 1;
    return (const unsigned char *)bootfs_find(name, size);
}

int gt_expect(const char *name, const char *key, char *out, size_t len)
{
    size_t size;
    const char *p = (const char *)gt_file(name, &size);
    if (!p)
        return -1;
    const char *end = p + size;
    size_t klen = strlen(key);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        if ((size_t)(line_end - p) > klen && memcmp(p, key, klen) == 0 &&
            (p[klen] == ' ' || p[klen] == '\t')) {
            size_t n = (size_t)(line_end - p) - klen - 1;
            if (n >= len)
                return -1;
            memcpy(out, p + klen + 1, n);
            out[n] = 0;
            return 0;
        }
        p = line_end + 1;
    }
    return -1;
}

uint64_t gt_fnv1a64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

LT_CASE(GFXL0001, "C++ runtime: new/delete, static-local guards, global constructors, virtuals")
{
    const char *why = gt_cxx_check();
    LT_CHECK(why == NULL, "%s", why);
}

LT_CASE(GFXL0002, "zlib: compress and uncompress round-trip; corrupt input is an error")
{
    static unsigned char text[8192], packed[9000], back[8192];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (unsigned char)("cobalt graphics "[i % 16] + (i / 1024));
    uLongf plen = sizeof packed, blen = sizeof back;
    LT_EQ(compress2(packed, &plen, text, sizeof text, 9), Z_OK);
    LT_CHECK(plen < sizeof text / 4, "8 KiB of repeated text compressed to %lu bytes", plen);
    LT_EQ(uncompress(back, &blen, packed, plen), Z_OK);
    LT_EQ(blen, sizeof text);
    LT_CHECK(memcmp(back, text, sizeof text) == 0, "the round trip changed the data");
    packed[plen / 2] ^= 0x55;
    blen = sizeof back;
    int r = uncompress(back, &blen, packed, plen);
    LT_CHECK(r != Z_OK, "corrupt zlib data uncompressed without an error");
    LT_STREQ(zlibVersion(), ZLIB_VERSION);
}

int main(void)
{
    return lt_main();
}
