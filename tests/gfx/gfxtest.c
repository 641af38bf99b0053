/* gfxtest: the graphics libraries' tests inside Cobalt (tests/cases/gfxlibs.py,
 * GFXL0000). Booted as the first process (init=bin/gfxtest) it execs
 * `bin/init bin/gfxtest run`: init starts the services of etc/services (the
 * initfs server among them, so the boot image's files open as /usr/...),
 * then runs this program again as its client, and exits with its status.
 * Each LT_CASE of tests/gfx prints one `TEST GFXLnnnn PASS|FAIL` line. This
 * file has main, the helpers of gt.h and the cases of the C++ runtime and
 * zlib; gt_font.c, gt_shape.c and gt_png.c the others. */
#include "gt.h"
#include "lt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Files read so far, kept for the whole run (the tests only read). */
static struct {
    char name[64];
    unsigned char *data;
    size_t size;
} files[16];

static unsigned char *read_file(const char *name, size_t *size)
{
    FILE *f = fopen(name, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    unsigned char *data = malloc(cap);
    for (size_t n = 1; data && n > 0; len += n) {
        if (len == cap) {
            unsigned char *more = realloc(data, cap *= 2);
            if (!more) {
                free(data);
                data = NULL;
                break;
            }
            data = more;
        }
        n = fread(data + len, 1, cap - len, f);
    }
    if (data && ferror(f)) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = len;
    return data;
}

const unsigned char *gt_file(const char *name, size_t *size)
{
    size_t i;
    for (i = 0; i < sizeof files / sizeof files[0] && files[i].data; i++)
        if (strcmp(files[i].name, name) == 0) {
            *size = files[i].size;
            return files[i].data;
        }
    if (i == sizeof files / sizeof files[0] || strlen(name) >= sizeof files[i].name)
        return NULL;
    files[i].data = read_file(name, &files[i].size);
    if (!files[i].data)
        return NULL;
    strcpy(files[i].name, name);
    *size = files[i].size;
    return files[i].data;
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

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 2) {
        static char *const args[] = {"bin/init", "bin/gfxtest", "run", NULL};
        static char *const envp[] = {NULL};
        const char *path = "bin/init";
        long r = cobalt_exec((long)path, (long)strlen(path), (long)args, (long)envp);
        fprintf(stderr, "gfxtest: exec bin/init failed: %ld\n", r);
        return 1;
    }
    return lt_main();
}
