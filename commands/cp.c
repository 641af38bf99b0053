/* cp: copies a file to a file, or files into a directory (regular files only;
 * no -r yet). */
#include "lib/cmd.h"

#include <limits.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    int i = 1;
    if (i < argc && argv[i][0] == '-' && argv[i][1]) {
        if (argv[i][1] != '-' || argv[i][2])
            cmd_usage("from to | cp from... dir");
        i++;
    }
    if (argc - i < 2)
        cmd_usage("from to | cp from... dir");
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
        if (copy_file(argv[i], to) != 0)
            status = 1;
    }
    return status;
}
