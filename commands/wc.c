/* wc: counts lines (-l), words (-w) and bytes (-c) of each file or of
 * standard input; all three when none is asked; a total for several files. */
#include "lib/cmd.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int want_l, want_w, want_c;

struct counts {
    unsigned long lines, words, bytes;
};

static int count(int fd, struct counts *c)
{
    static char buf[32 * 1024];
    int in_word = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        c->bytes += (unsigned long)n;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)buf[i];
            c->lines += ch == '\n';
            if (isspace(ch))
                in_word = 0;
            else if (!in_word) {
                in_word = 1;
                c->words++;
            }
        }
    }
}

static void show(const struct counts *c, const char *name)
{
    const char *sep = "";
    if (want_l) {
        printf("%7lu", c->lines);
        sep = " ";
    }
    if (want_w) {
        printf("%s%7lu", sep, c->words);
        sep = " ";
    }
    if (want_c)
        printf("%s%7lu", sep, c->bytes);
    printf("%s%s\n", name ? " " : "", name ? name : "");
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *p = argv[i] + 1; *p; p++) {
            if (*p == 'l')
                want_l = 1;
            else if (*p == 'w')
                want_w = 1;
            else if (*p == 'c')
                want_c = 1;
            else
                cmd_usage("[-lwc] [file...]");
        }
    }
    if (!want_l && !want_w && !want_c)
        want_l = want_w = want_c = 1;
    if (i == argc) {
        struct counts c = {0, 0, 0};
        if (count(0, &c) != 0) {
            cmd_error("stdin");
            return 1;
        }
        show(&c, NULL);
        return 0;
    }
    struct counts total = {0, 0, 0};
    int status = 0, files = argc - i;
    for (; i < argc; i++) {
        struct counts c = {0, 0, 0};
        int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
        if (fd < 0 || count(fd, &c) != 0) {
            cmd_error(argv[i]);
            status = 1;
        } else {
            show(&c, argv[i]);
            total.lines += c.lines;
            total.words += c.words;
            total.bytes += c.bytes;
        }
        if (fd > 0)
            close(fd);
    }
    if (files > 1)
        show(&total, "total");
    return status;
}
