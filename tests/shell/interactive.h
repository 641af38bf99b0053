/* shrun's interactive test: dash -i on a pty, driven like a user at a
 * terminal (interactive.c). */
#ifndef SHRUN_INTERACTIVE_H
#define SHRUN_INTERACTIVE_H

#include <stddef.h>

/* Whether a pty pair can be made (the pty server runs). */
int interactive_possible(void);
/* Runs the session; 0 when everything came as expected, else -1 with the
 * reason in why. The whole transcript goes to the kernel log on failure. */
int interactive_run(char *why, size_t max);

#endif
