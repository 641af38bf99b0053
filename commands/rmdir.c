/* rmdir: removes empty directories. */
#include "lib/cmd.h"

#include <unistd.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    if (argc < 2)
        cmd_usage("dir...");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (rmdir(argv[i]) != 0) {
            cmd_error(argv[i]);
            status = 1;
        }
    }
    return status;
}
