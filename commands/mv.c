/* mv: renames a file, or moves files into a directory. Between file systems
 * (rename says EXDEV) a regular file is copied, then removed. */
#include "lib/cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int move(const char *from, const char *to)
{
    if (rename(from, to) == 0)
        return 0;
    if (errno != EXDEV) {
        cmd_error(from);
        return 1;
    }
    if (copy_file(from, to) != 0)
        return 1;
    if (unlink(from) != 0) {
        cmd_error(from);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    int i = 1;
    if (i < argc && argv[i][0] == '-' && argv[i][1]) {
        if (argv[i][1] != '-' || argv[i][2])
            cmd_usage("from to | mv from... dir");
        i++;
    }
    if (argc - i < 2)
        cmd_usage("from to | mv from... dir");
    const char *target = argv[argc - 1];
    struct stat st;
    int into_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
    if (!into_dir && argc - i > 2) {
        cmd_warn("%s: not a directory", target);
        return 1;
    }
    int status = 0;
    for (; i < argc - 1; i++) {
        char path[PATH_MAX], base[NAME_MAX + 1];
        const char *to = target;
        if (into_dir) {
            if (path_join(path, sizeof path, target, path_base(argv[i], base, sizeof base)) != 0) {
                cmd_error(argv[i]);
                status = 1;
                continue;
            }
            to = path;
        }
        status |= move(argv[i], to);
    }
    return status;
}
