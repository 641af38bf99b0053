/* The scripts of tests/shell and their expected outputs, compiled into shrun
 * (embed.py writes the table at build time). */
#ifndef SHRUN_EMBEDDED_H
#define SHRUN_EMBEDDED_H

/* The text of the file named name ("basics.sh"), or NULL. */
const char *embedded_file(const char *name);

#endif
