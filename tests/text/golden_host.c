/* golden_host: draws the golden sample (tt_sample.c) on the host, with libtext
 * and the graphics libraries built for Linux against stock musl (the Linux
 * benchmark guest's build: tests/bench/linux/gfxlibs.py), and prints one line
 * `<font file name> <FNV-1a in hex>` per font given. TEXT0100 compares them
 * with golden.h, the values texttest checks inside Cobalt (TEXT0010). */
#include "tt_sample.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int err = 0;
        struct text_font *f = text_font_open(argv[i], TT_SAMPLE_PX, &err);
        if (!f) {
            fprintf(stderr, "golden_host: %s: error %d\n", argv[i], err);
            return 1;
        }
        const char *slash = strrchr(argv[i], '/');
        printf("%s %016llx\n", slash ? slash + 1 : argv[i], (unsigned long long)tt_sample_hash(f));
        text_font_close(f);
    }
    return 0;
}
