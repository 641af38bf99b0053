/* linuxgfx: the graphics figures of the Linux guest (docs/performance.md), /gfxbench in
 * its initramfs, run by linuxbench (/init) after its own figures. The figures are
 * tests/bench/gfx/gb_text.c, the same source as Cobalt's gfxbench, with the same libtext
 * sources, linked against zlib, libpng, FreeType and HarfBuzz built for stock musl
 * (gfxlibs.py). It reads /DejaVuSans.ttf and /bench.png into memory and prints
 * `BENCH linux_<name> <ns> ns` lines on the console; exits 1 on any error. */
#define _GNU_SOURCE
#include "gb.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures;

uint64_t gb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* As linuxbench's report: the rounded average. */
void gb_report(const char *name, uint64_t total_ns, uint64_t n)
{
    printf("BENCH linux_%s %llu ns\n", name, (unsigned long long)((total_ns + n / 2) / n));
    fflush(stdout);
}

void gb_error(const char *what)
{
    printf("linuxbench: error: %s\n", what);
    fflush(stdout);
    failures++;
}

/* The whole file at path in memory, or NULL. */
static void *slurp(const char *path, size_t *size)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *data = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (data && got < (size_t)st.st_size) {
        ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!data || got != (size_t)st.st_size) {
        free(data);
        return NULL;
    }
    *size = got;
    return data;
}

int main(void)
{
    size_t font_size, png_size;
    void *font = slurp("/DejaVuSans.ttf", &font_size), *png = slurp("/bench.png", &png_size);
    if (!font || !png) {
        gb_error("cannot read /DejaVuSans.ttf or /bench.png");
        return 1;
    }
    gb_bench_text(font, font_size);
    gb_bench_png(png, png_size);
    return failures ? 1 : 0;
}
