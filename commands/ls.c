/* ls: lists files and directories. -a shows names starting with '.', -l the
 * long form (mode, links, owner, group, size, time, name), -1 one name per
 * line (also the default when standard output is not a terminal). Names are
 * sorted byte-wise; operands that are files come first, then directories. */
#include "lib/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int all, longform, one;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void mode_string(mode_t m, char *out)
{
    out[0] = S_ISDIR(m)    ? 'd'
             : S_ISCHR(m)  ? 'c'
             : S_ISBLK(m)  ? 'b'
             : S_ISFIFO(m) ? 'p'
             : S_ISLNK(m)  ? 'l'
                           : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
    out[10] = 0;
}

/* One entry in the long form; path is what to stat, name what to show. */
static int show_long(const char *path, const char *name)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        cmd_error(path);
        return 1;
    }
    char mode[11], when[32] = "";
    mode_string(st.st_mode, mode);
    time_t t = st.st_mtime;
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%b %e %H:%M", &tm);
    printf("%s %2lu %-4u %-4u %8lld %s %s\n", mode, (unsigned long)st.st_nlink, (unsigned)st.st_uid,
           (unsigned)st.st_gid, (long long)st.st_size, when, name);
    return 0;
}

/* Prints names (sorted already), in the chosen form; dir is their folder or NULL. */
static int show_names(char **names, size_t n, const char *dir)
{
    int status = 0;
    if (longform) {
        char path[PATH_MAX];
        for (size_t i = 0; i < n; i++) {
            const char *p = names[i];
            if (dir) {
                if (path_join(path, sizeof path, dir, names[i]) != 0) {
                    cmd_error(names[i]);
                    status = 1;
                    continue;
                }
                p = path;
            }
            status |= show_long(p, names[i]);
        }
        return status;
    }
    if (one || !isatty(1)) {
        for (size_t i = 0; i < n; i++)
            puts(names[i]);
        return 0;
    }
    size_t width = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) + 2 > width)
            width = strlen(names[i]) + 2;
    size_t cols = 80 / width ? 80 / width : 1, rows = (n + cols - 1) / cols;
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cols; c++) {
            size_t i = c * rows + r;
            if (i >= n)
                break;
            int last = c == cols - 1 || i + rows >= n;
            printf("%-*s", last ? 0 : (int)width, names[i]);
        }
        putchar('\n');
    }
    return 0;
}

static int add_name(char ***names, size_t *n, size_t *cap, const char *name)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        char **grown = realloc(*names, ncap * sizeof **names);
        if (!grown)
            return -1;
        *names = grown;
        *cap = ncap;
    }
    if (!((*names)[*n] = strdup(name)))
        return -1;
    (*n)++;
    return 0;
}

static int list_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        cmd_error(dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int dot = 0, dotdot = 0, status = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        dot |= strcmp(e->d_name, ".") == 0;
        dotdot |= strcmp(e->d_name, "..") == 0;
        if ((e->d_name[0] == '.' && !all) || add_name(&names, &n, &cap, e->d_name) == 0)
            continue;
        cmd_error(dir);
        status = 1;
        break;
    }
    if (!e && errno) {
        cmd_error(dir);
        status = 1;
    }
    closedir(d);
    /* A server that does not list . and .. still has them. */
    if (all && ((!dot && add_name(&names, &n, &cap, ".") != 0) ||
                (!dotdot && add_name(&names, &n, &cap, "..") != 0))) {
        cmd_error(dir);
        status = 1;
    }
    qsort(names, n, sizeof *names, by_name);
    status |= show_names(names, n, dir);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return status;
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
            if (*p == 'a')
                all = 1;
            else if (*p == 'l')
                longform = 1;
            else if (*p == '1')
                one = 1;
            else
                cmd_usage("[-al1] [file...]");
        }
    }
    char *dot[] = {".", NULL};
    char **ops = i < argc ? argv + i : dot;
    size_t nops = i < argc ? (size_t)(argc - i) : 1;
    /* Files first (as one sorted list), then each directory. */
    char **files = calloc(nops, sizeof *files), **dirs = calloc(nops, sizeof *dirs);
    size_t nfiles = 0, ndirs = 0;
    int status = 0;
    if (!files || !dirs) {
        cmd_error("memory");
        return 1;
    }
    for (size_t k = 0; k < nops; k++) {
        struct stat st;
        if (stat(ops[k], &st) != 0) {
            cmd_error(ops[k]);
            status = 1;
        } else if (S_ISDIR(st.st_mode))
            dirs[ndirs++] = ops[k];
        else
            files[nfiles++] = ops[k];
    }
    qsort(files, nfiles, sizeof *files, by_name);
    qsort(dirs, ndirs, sizeof *dirs, by_name);
    status |= show_names(files, nfiles, NULL);
    for (size_t k = 0; k < ndirs; k++) {
        if (nops > 1)
            printf("%s%s:\n", nfiles || k ? "\n" : "", dirs[k]);
        status |= list_dir(dirs[k]);
    }
    return status;
}
