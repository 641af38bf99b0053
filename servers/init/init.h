/* What init's files share (init.c: the service list and the supervisor;
 * boot_apps.c: apps named by the boot option start=). */
#ifndef INIT_H
#define INIT_H

#define SVC_NAME_MAX 32

/* Adds the service of one list line (`name path [io] [once] [after=name]`),
 * or logs why not; file and lineno name it in the log. */
void parse_line(const char *line, const char *end, int lineno, const char *file);
/* Drops the list's apps (its `once` services). */
void drop_apps(void);
/* Whether the list has a service of that name. */
int service_listed(const char *name);
/* Adds the apps of the boot option start= (after the list was read). */
void add_boot_apps(void);

#endif
