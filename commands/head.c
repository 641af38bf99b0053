/* head: the first lines of each file or of standard input: -n N (or -N),
 * 10 by default; a "==> name <==" header for each of several files. */
#include "lib/cmd.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Copies the first n lines of fd to standard output; 0 or -1. */
static int head(int fd, long n)
{
    static char buf[32 * 1024];
    while (n > 0) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0)
            return -1;
        if (got == 0)
            return 0;
        ssize_t end = 0;
        while (end < got && n > 0)
            if (buf[end++] == '\n')
                n--;
        if (write_all(1, buf, (size_t)end) != 0)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    long n = 10;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        const char *num = NULL;
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            num = argv[++i];
        else if (strncmp(argv[i], "-n", 2) == 0)
            num = argv[i] + 2;
        else
            num = argv[i] + 1;
        if (parse_count(num, &n) != 0) {
            cmd_warn("invalid number of lines: '%s'", num);
            return 1;
        }
    }
    if (i == argc) {
        if (head(0, n) != 0) {
            cmd_error("stdin");
            return 1;
        }
        return 0;
    }
    int status = 0, files = argc - i;
    for (int first = i; i < argc; i++) {
        int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
        if (fd < 0) {
            cmd_error(argv[i]);
            status = 1;
            continue;
        }
        if (files > 1) {
            char line[300];
            int len = snprintf(line, sizeof line, "%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
            write_all(1, line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
        }
        if (head(fd, n) != 0) {
            cmd_error(argv[i]);
            status = 1;
        }
        if (fd != 0)
            close(fd);
    }
    return status;
}
