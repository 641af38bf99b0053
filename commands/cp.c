/* cp: copies a file to a file, or files into a directory (regular files only;
 * no -r yet). */
#include "lib/cmd.h"

#define USAGE "from to | cp from... dir"

int main(int argc, char **argv)
{
    cmd_init(argv);
    unsigned flags;
    int i = cmd_options(argc, argv, "", &flags, USAGE);
    return each_target(argc, argv, i, copy_file, USAGE);
}
