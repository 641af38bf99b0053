/* The helpers every command in commands/ shares: error messages in one
 * format, whole writes, copying, numbers and paths. docs/commands.md. */
#ifndef COMMANDS_CMD_H
#define COMMANDS_CMD_H

#include <stddef.h>
#include <sys/types.h>

/* The command's name for messages: set from argv[0] by cmd_init. */
extern const char *cmd_name;

/* Call first in main: remembers the name (the last part of argv[0]). */
void cmd_init(char **argv);

/* "name: what: <strerror(errno)>" on stderr. */
void cmd_error(const char *what);
/* "name: <formatted>" on stderr. */
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "usage: name <usage>" on stderr, then exit(2). */
_Noreturn void cmd_usage(const char *usage);

/* Writes all len bytes (retrying short writes); 0, or -1 with errno. */
int write_all(int fd, const void *buf, size_t len);
/* Copies in to out until end of file; 0, or -1 with errno (reported by the caller). */
int copy_fd(int in, int out);
/* Copies the regular file from to the file to (created or truncated, with
 * from's permission bits); 0, or -1 after reporting the problem. */
int copy_file(const char *from, const char *to);

/* A decimal number >= 0 in *out; 0, or -1 if s is not one. */
int parse_count(const char *s, long *out);
/* dir + "/" + name into buf (size max); 0, or -1 with ENAMETOOLONG. */
int path_join(char *buf, size_t max, const char *dir, const char *name);
/* The last component of path (after the last '/', ignoring trailing ones),
 * copied into buf. */
const char *path_base(const char *path, char *buf, size_t max);

#endif
