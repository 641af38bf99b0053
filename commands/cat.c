/* cat: copies each file (or standard input, also for "-") to standard output. */
#include "lib/cmd.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    int status = 0;
    if (argc > 1 && strcmp(argv[1], "--") == 0) {
        argv++;
        argc--;
    }
    if (argc < 2) {
        if (copy_fd(0, 1) != 0) {
            cmd_error("stdin");
            return 1;
        }
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
        if (fd < 0) {
            cmd_error(argv[i]);
            status = 1;
            continue;
        }
        if (copy_fd(fd, 1) != 0) {
            cmd_error(argv[i]);
            status = 1;
        }
        if (fd != 0)
            close(fd);
    }
    return status;
}
