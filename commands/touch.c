/* touch: creates each file that does not exist (-c: does not create). Cobalt
 * cannot set file times yet (utimensat is ENOSYS), so an existing file is
 * left as it is. */
#include "lib/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    int create = 1, i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-c") == 0)
            create = 0;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            cmd_usage("[-c] file...");
    }
    if (i >= argc)
        cmd_usage("[-c] file...");
    for (; i < argc; i++) {
        int fd = open(argv[i], O_WRONLY | (create ? O_CREAT : 0), 0666);
        if (fd < 0 && (errno == EISDIR || (!create && errno == ENOENT)))
            continue;
        if (fd < 0) {
            cmd_error(argv[i]);
            status = 1;
            continue;
        }
        close(fd);
    }
    return status;
}
