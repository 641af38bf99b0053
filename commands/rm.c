/* rm: removes files; -r removes directories and what they hold, -f ignores
 * missing files and never fails for them. */
#include "lib/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

static int remove_path(const char *path);

/* Removes everything in the directory path, then the directory. */
static int remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        cmd_error(path);
        return 1;
    }
    int status = 0;
    struct dirent *e;
    /* Removing while reading may make a server skip entries: read again until empty. */
    for (int again = 1; again;) {
        again = 0;
        rewinddir(d);
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[PATH_MAX];
            if (path_join(child, sizeof child, path, e->d_name) != 0) {
                cmd_error(path);
                status = 1;
                continue;
            }
            if (remove_path(child) != 0) {
                status = 1;
                continue;
            }
            again = 1;
        }
    }
    closedir(d);
    if (status == 0 && rmdir(path) != 0) {
        cmd_error(path);
        status = 1;
    }
    return status;
}

static int remove_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (force && errno == ENOENT)
            return 0;
        cmd_error(path);
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            cmd_warn("%s: is a directory", path);
            return 1;
        }
        return remove_tree(path);
    }
    if (unlink(path) != 0) {
        if (force && errno == ENOENT)
            return 0;
        cmd_error(path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    cmd_init(argv);
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *p = argv[i] + 1; *p; p++) {
            if (*p == 'r' || *p == 'R')
                recursive = 1;
            else if (*p == 'f')
                force = 1;
            else
                cmd_usage("[-rf] file...");
        }
    }
    if (i >= argc && !force)
        cmd_usage("[-rf] file...");
    int status = 0;
    for (; i < argc; i++)
        status |= remove_path(argv[i]);
    return status;
}
