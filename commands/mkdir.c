/* mkdir: makes directories; -p makes missing parents and accepts existing ones. */
#include "lib/cmd.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p: each prefix of path in turn. */
static int make_parents(const char *path)
{
    char buf[PATH_MAX];
    if (strlen(path) >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(buf, path);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p)
            continue;
        char saved = *p;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && !(errno == EEXIST && is_dir(buf)))
            return -1;
        if (!saved)
            return 0;
        *p = saved;
        while (p[1] == '/')
            p++;
        if (!p[1])
            return 0;
    }
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    int parents = 0, i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-p") == 0)
            parents = 1;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            cmd_usage("[-p] dir...");
    }
    if (i >= argc)
        cmd_usage("[-p] dir...");
    for (; i < argc; i++) {
        if ((parents ? make_parents(argv[i]) : mkdir(argv[i], 0777)) != 0) {
            cmd_error(argv[i]);
            status = 1;
        }
    }
    return status;
}
