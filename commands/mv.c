/* mv: renames a file, or moves files into a directory. Between file systems
 * (rename says EXDEV) a regular file is copied, then removed. */
#include "lib/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#define USAGE "from to | mv from... dir"

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
    unsigned flags;
    int i = cmd_options(argc, argv, "", &flags, USAGE);
    return each_target(argc, argv, i, move, USAGE);
}
