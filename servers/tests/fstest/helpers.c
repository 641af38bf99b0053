/* fstest helpers: the verdict line and the checks' state, the clock, and the
 * file and directory helpers every group of the file-system tests uses
 * (declared in fstest.h). */
#include "fstest.h"

int failures;
char why[256]; /* the first failed check of the current test */

void verdict(const char *id)
{
    cobalt_harness_printf("TEST %s %s%s", id, why[0] ? "FAIL " : "PASS", why);
    if (why[0])
        failures++;
    why[0] = 0;
}

uint64_t now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

/* Opens path, retrying while its scheme is missing (a server (re)starting). */
int open_retry(const char *path, int flags, unsigned ms)
{
    uint64_t end = now_ns() + ms * MS;
    for (;;) {
        int fd = open(path, flags, 0644);
        if (fd >= 0 || (errno != ENOENT && errno != EPIPE) || now_ns() > end)
            return fd;
        cobalt_sleep(5 * MS);
    }
}

long raw_open(const char *path, long flags)
{
    return cobalt_open((long)path, (long)strlen(path), flags);
}

int write_file(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

int dir_has(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        found |= strcmp(e->d_name, name) == 0;
    closedir(d);
    return found;
}

int dir_count(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Lists a directory through raw READDIR calls with a small buffer (each call
 * holds one or two records): the number of names, or -errno. */
long count_small(const char *scheme_path, size_t cap)
{
    long h = raw_open(scheme_path, O_RDONLY | O_DIRECTORY);
    if (h < 0)
        return h;
    static unsigned char buf[512];
    long names = 0, r;
    while ((r = cobalt_fcall(h, FCALL_READDIR, 0, 0, (long)buf, (long)cap)) > 0) {
        for (long at = 0; at < r;) {
            uint16_t reclen;
            memcpy(&reclen, buf + at + 16, 2);
            if (reclen < 24 || at + reclen > r) {
                cobalt_handle_close(h);
                return -EPROTO;
            }
            names++;
            at += reclen;
        }
    }
    cobalt_handle_close(h);
    return r < 0 ? r : names;
}

/* telldir/seekdir: the entry after a told position comes again after a seek. */
int seek_back_works(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    readdir(d);
    readdir(d);
    readdir(d);
    long pos = telldir(d);
    struct dirent *e = readdir(d);
    char name[256] = "";
    if (e)
        snprintf(name, sizeof name, "%s", e->d_name);
    seekdir(d, pos);
    e = readdir(d);
    int ok = e && name[0] && strcmp(e->d_name, name) == 0;
    rewinddir(d);
    e = readdir(d);
    ok &= e && strcmp(e->d_name, ".") == 0;
    closedir(d);
    return ok;
}

static struct cobalt_proc_info procs[256];

int find_proc(const char *name)
{
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++) {
        if (procs[i].state == 0 && strncmp(procs[i].name, name, sizeof procs[i].name) == 0)
            return procs[i].pid;
    }
    return -1;
}
