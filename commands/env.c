/* env: prints the environment, or runs a command in a changed one:
 * env [-i] [NAME=VALUE]... [command [arg...]]. */
#include "lib/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    cmd_init(argv);
    int i = 1;
    static char *empty[] = {NULL};
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0)
            environ = empty;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            cmd_usage("[-i] [name=value]... [command [arg...]]");
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        if (putenv(argv[i]) != 0) {
            cmd_error(argv[i]);
            return 125;
        }
    }
    if (i == argc) {
        for (char **e = environ; *e; e++)
            puts(*e);
        return 0;
    }
    execvp(argv[i], argv + i);
    int err = errno;
    cmd_error(argv[i]);
    return err == ENOENT ? 127 : 126;
}
