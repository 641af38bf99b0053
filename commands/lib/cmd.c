/* The shared helpers of commands/ (cmd.h): messages, writes, copies, parsing. */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cmd_name = "?";

void cmd_init(char **argv)
{
    if (argv[0] && argv[0][0]) {
        const char *slash = strrchr(argv[0], '/');
        cmd_name = slash ? slash + 1 : argv[0];
    }
}

void cmd_error(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", cmd_name, what, strerror(errno));
}

void cmd_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", cmd_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cmd_usage(const char *usage)
{
    fprintf(stderr, "usage: %s %s\n", cmd_name, usage);
    exit(2);
}

int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int copy_fd(int in, int out)
{
    static char buf[32 * 1024];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (write_all(out, buf, (size_t)n) != 0)
            return -1;
    }
}

int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY);
    if (in < 0) {
        cmd_error(from);
        return -1;
    }
    struct stat st;
    mode_t mode = 0644;
    if (fstat(in, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            close(in);
            cmd_warn("%s: is a directory (not copied)", from);
            return -1;
        }
        mode = st.st_mode & 07777;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (out < 0) {
        cmd_error(to);
        close(in);
        return -1;
    }
    int r = copy_fd(in, out);
    if (r != 0)
        cmd_error(to);
    close(in);
    if (close(out) != 0 && r == 0) {
        cmd_error(to);
        r = -1;
    }
    return r;
}

int parse_count(const char *s, long *out)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno)
        return -1;
    *out = v;
    return 0;
}

int path_join(char *buf, size_t max, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    int slash = dl > 0 && dir[dl - 1] == '/';
    if ((size_t)snprintf(buf, max, "%s%s%s", dir, slash ? "" : "/", name) >= max) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

const char *path_base(const char *path, char *buf, size_t max)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/')
        start--;
    size_t n = len - start;
    if (n >= max)
        n = max - 1;
    memcpy(buf, path + start, n);
    buf[n] = 0;
    return buf;
}
