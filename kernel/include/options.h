/* Boot options: space-separated key=value words from the kernel command line
 * and QEMU fw_cfg (opt/cobalt/args), fw_cfg winning on a conflict. */
#ifndef COBALT_OPTIONS_H
#define COBALT_OPTIONS_H

#include <stdbool.h>

/* Adds the words of one source; later sources override earlier ones. */
void options_add(const char *source_name, const char *text);
/* The value of key, or NULL when it was not given. */
const char *option_get(const char *key);
bool option_is(const char *key, const char *value);
/* All options as "k=v k=v" for display. */
const char *options_summary(void);

#endif
