/* lt_child: the program the process and signal tests exec and spawn. It
 * checks what it was given and answers with its exit status:
 *   lt_child exit N      exits with N
 *   lt_child env         0 when LT_CHILD=yes is in the environment and argv is intact
 *   lt_child fds A B     0 when fd A is closed (close-on-exec) and fd B is open
 *   lt_child write TEXT  writes TEXT to fd 1, 0 when all of it was taken
 *   lt_child pause       waits for a signal (the default action ends it)
 *   lt_child cwd         opens "probe" relative to the working directory the
 *                        parent passed; 0 when it opened and no __COBALT_CWD
 *                        entry is left in the environment */
#include "lt.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return 100;
    const char *mode = argv[1];
    if (strcmp(mode, "exit") == 0 && argc == 3)
        return atoi(argv[2]);
    if (strcmp(mode, "env") == 0) {
        const char *v = getenv("LT_CHILD");
        return v && strcmp(v, "yes") == 0 && argc == 3 && strcmp(argv[2], "two words") == 0 ? 0 : 1;
    }
    if (strcmp(mode, "fds") == 0 && argc == 4) {
        int closed = atoi(argv[2]), open_fd = atoi(argv[3]);
        errno = 0;
        int a = fcntl(closed, F_GETFD);
        int a_errno = errno;
        int b = fcntl(open_fd, F_GETFD);
        return a == -1 && a_errno == EBADF && b >= 0 ? 0 : 1;
    }
    if (strcmp(mode, "write") == 0 && argc == 3) {
        size_t n = strlen(argv[2]);
        return write(1, argv[2], n) == (ssize_t)n ? 0 : 1;
    }
    if (strcmp(mode, "cwd") == 0) {
        for (char **e = environ; *e; e++)
            if (strncmp(*e, "__COBALT_CWD", 12) == 0)
                return 2;
        int fd = open("probe", O_WRONLY);
        return fd >= 0 && getenv("A") && strcmp(getenv("A"), "1") == 0 ? 0 : 3;
    }
    if (strcmp(mode, "pause") == 0) {
        for (;;)
            pause();
    }
    return 101;
}
