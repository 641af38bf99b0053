/* gfxtest's libpng cases: the PNGs tests/gfx/mkdata.py made on the host
 * (RGBA, palette with transparency, grey, Adam7-interlaced) decode, read as
 * files with libpng's stdio reader, to the
 * same RGBA pixels PIL decoded there (png.expect), and malformed PNGs give
 * errors, never a crash. */
#include "gt.h"
#include "lt.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Decodes a PNG to 8-bit RGBA, from the file `path` when it is not NULL, else
 * from memory; 0, or -1 with the reason in why. */
static int decode(const char *path, const unsigned char *data, size_t size, unsigned *w,
                  unsigned *h, unsigned char **pixels, char *why, size_t len)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    *pixels = NULL;
    if (!(path ? png_image_begin_read_from_file(&img, path)
               : png_image_begin_read_from_memory(&img, data, size))) {
        snprintf(why, len, "begin: %s", img.message);
        png_image_free(&img);
        return -1;
    }
    img.format = PNG_FORMAT_RGBA;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf) {
        snprintf(why, len, "out of memory");
        png_image_free(&img);
        return -1;
    }
    if (!png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        snprintf(why, len, "finish: %s", img.message);
        free(buf);
        png_image_free(&img);
        return -1;
    }
    *w = img.width;
    *h = img.height;
    *pixels = buf;
    return 0;
}

static void check_png(const char *name)
{
    char path[64], want[64], got[64], why[128];
    snprintf(path, sizeof path, GT_DATA "%s.png", name);
    if (gt_expect(GT_DATA "png.expect", name, want, sizeof want) != 0) {
        lt_fail(__FILE__, __LINE__, "%s or its line in png.expect is missing", path);
        return;
    }
    unsigned w, h;
    unsigned char *pixels;
    if (decode(path, NULL, 0, &w, &h, &pixels, why, sizeof why) != 0) {
        lt_fail(__FILE__, __LINE__, "%s did not decode: %s", path, why);
        return;
    }
    snprintf(got, sizeof got, "%u %u %016llx", w, h,
             (unsigned long long)gt_fnv1a64(pixels, (size_t)w * h * 4));
    LT_CHECK(strcmp(got, want) == 0, "%s: decoded \"%s\", the host \"%s\"", name, got, want);
    free(pixels);
}

LT_CASE(GFXL0010, "libpng: an RGBA PNG decodes to the host's pixels")
{
    check_png("rgba");
}

LT_CASE(GFXL0011, "libpng: a palette PNG with transparency decodes to the host's pixels")
{
    check_png("palette");
}

LT_CASE(GFXL0012, "libpng: a grey PNG decodes to the host's pixels")
{
    check_png("grey");
}

LT_CASE(GFXL0013, "libpng: an Adam7-interlaced PNG decodes to the host's pixels")
{
    check_png("interlaced");
}

/* The offset of the first chunk of the given type in a PNG, or 0. */
static size_t find_chunk(const unsigned char *p, size_t size, const char *type)
{
    size_t off = 8;
    while (off + 12 <= size) {
        size_t len =
            (size_t)p[off] << 24 | (size_t)p[off + 1] << 16 | (size_t)p[off + 2] << 8 | p[off + 3];
        if (memcmp(p + off + 4, type, 4) == 0)
            return off;
        off += 12 + len;
    }
    return 0;
}

/* Rewrites the CRC of the chunk at off, so only its contents are wrong. */
static void fix_crc(unsigned char *p, size_t off)
{
    size_t len =
        (size_t)p[off] << 24 | (size_t)p[off + 1] << 16 | (size_t)p[off + 2] << 8 | p[off + 3];
    uLong crc = crc32(0, p + off + 4, (uInt)(len + 4));
    unsigned char *c = p + off + 8 + len;
    c[0] = (unsigned char)(crc >> 24);
    c[1] = (unsigned char)(crc >> 16);
    c[2] = (unsigned char)(crc >> 8);
    c[3] = (unsigned char)crc;
}

LT_CASE(GFXL0014, "libpng: malformed PNGs give errors, never a crash")
{
    static const char *const kinds[] = {
        "empty",          "garbage",     "bad signature", "IHDR CRC",     "IDAT CRC",
        "IDAT zlib data", "cut in half", "no IEND+IDAT",  "width 2^31-1", "bit depth 3",
    };
    size_t size;
    const unsigned char *good = gt_file(GT_DATA "interlaced.png", &size);
    if (!good) {
        lt_fail(__FILE__, __LINE__, "interlaced.png is missing");
        return;
    }
    size_t ihdr = find_chunk(good, size, "IHDR"), idat = find_chunk(good, size, "IDAT");
    LT_CHECK(ihdr == 8 && idat > ihdr, "interlaced.png: IHDR at %zu, IDAT at %zu", ihdr, idat);
    if (ihdr != 8 || idat <= ihdr)
        return;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        unsigned char *p = malloc(size);
        if (!p)
            return;
        memcpy(p, good, size);
        size_t len = size;
        uint32_t seed = 99;
        switch (k) {
        case 0:
            len = 0;
            break;
        case 1:
            for (size_t i = 0; i < size; i++) {
                seed = seed * 1103515245u + 12345u;
                p[i] = (unsigned char)(seed >> 16);
            }
            break;
        case 2:
            p[1] = 'Q';
            break;
        case 3:
            p[ihdr + 8] ^= 1; /* the width's high byte; the CRC now disagrees */
            break;
        case 4:
            p[idat + 8 + 20] ^= 0xff;
            break;
        case 5:
            p[idat + 8 + 20] ^= 0xff;
            p[idat + 8 + 21] ^= 0x5a;
            fix_crc(p, idat);
            break;
        case 6:
            len = size / 2;
            break;
        case 7:
            len = idat; /* the header only */
            break;
        case 8:
            memcpy(p + ihdr + 8, "\x7f\xff\xff\xff", 4);
            fix_crc(p, ihdr);
            break;
        case 9:
            p[ihdr + 16] = 3;
            fix_crc(p, ihdr);
            break;
        }
        unsigned w, h;
        unsigned char *pixels;
        char why[128];
        int r = decode(NULL, p, len, &w, &h, &pixels, why, sizeof why);
        LT_CHECK(r != 0, "a PNG with %s decoded (%ux%u)", kinds[k], w, h);
        if (r == 0)
            free(pixels);
        free(p);
    }
}
