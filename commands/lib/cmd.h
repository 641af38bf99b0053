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

/* Parses grouped one-letter options ("-la", "-r -f") from argv[1] on, up to
 * the first operand, a lone "-" or after "--". Option letters[k] sets bit k of
 * *flags; any other letter is a usage error (cmd_usage(usage)). Returns the
 * index of the first operand. */
int cmd_options(int argc, char **argv, const char *letters, unsigned *flags, const char *usage);

/* For cp and mv: "op from to", or "op from... dir" (into the directory, under
 * each source's last component). Calls op(from, to) for each source; returns
 * 1 if any failed (op reports its own errors), else 0. Operands start at i. */
int each_target(int argc, char **argv, int i, int (*op)(const char *from, const char *to),
                const char *usage);

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
