/* echo: prints its arguments separated by spaces; -n leaves out the newline. */
#include "lib/cmd.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    int i = 1, newline = 1;
    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = 0;
        i = 2;
    }
    for (int first = i; i < argc; i++) {
        if (i > first)
            fputc(' ', stdout);
        fputs(argv[i], stdout);
    }
    if (newline)
        fputc('\n', stdout);
    if (fflush(stdout) != 0) {
        cmd_error("write");
        return 1;
    }
    return 0;
}
