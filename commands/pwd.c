/* pwd: prints the working directory. */
#include "lib/cmd.h"

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argc;
    cmd_init(argv);
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) {
        cmd_error("getcwd");
        return 1;
    }
    puts(buf);
    return 0;
}
