/* cp: copies a file to a file, or files into a directory; -r copies
 * directories with everything in them. */
#include "lib/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#define USAGE "[-r] from to | cp [-r] from... dir"

static int recursive;

static int copy(const char *from, const char *to);

/* from is a directory: make to (or use it if it is one) and copy each entry. */
static int copy_tree(const char *from, const char *to, mode_t mode)
{
    size_t n = strlen(from);
    if (strncmp(to, from, n) == 0 && (to[n] == '/' || to[n] == 0)) {
        cmd_warn("%s: cannot copy a directory into itself (%s)", from, to);
        return 1;
    }
    struct stat st;
    if (mkdir(to, mode | 0700) != 0 &&
        !(errno == EEXIST && stat(to, &st) == 0 && S_ISDIR(st.st_mode))) {
        cmd_error(to);
        return 1;
    }
    DIR *d = opendir(from);
    if (!d) {
        cmd_error(from);
        return 1;
    }
    int status = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char src[PATH_MAX], dst[PATH_MAX];
        if (path_join(src, sizeof src, from, e->d_name) != 0 ||
            path_join(dst, sizeof dst, to, e->d_name) != 0) {
            cmd_error(e->d_name);
            status = 1;
            continue;
        }
        status |= copy(src, dst);
    }
    closedir(d);
    return status;
}

static int copy(const char *from, const char *to)
{
    struct stat st;
    if (stat(from, &st) != 0) {
        cmd_error(from);
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            cmd_warn("%s: is a directory (not copied; -r copies directories)", from);
            return 1;
        }
        return copy_tree(from, to, st.st_mode & 07777);
    }
    return copy_file(from, to) != 0;
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    unsigned flags;
    int i = cmd_options(argc, argv, "rR", &flags, USAGE);
    recursive = flags != 0;
    return each_target(argc, argv, i, copy, USAGE);
}
