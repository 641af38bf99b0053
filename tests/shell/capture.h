/* The output capture of shrun when there are no pipes: a scheme served by a
 * thread of shrun itself, where writes are kept in a buffer. */
#ifndef SHRUN_CAPTURE_H
#define SHRUN_CAPTURE_H

#include <stddef.h>

/* Starts the server (once) and opens a new capture file for writing, emptying
 * the buffer; the fd or -1. */
int capture_open(void);
/* Copies what was written since capture_open (at most max bytes) into buf;
 * returns the length. */
size_t capture_take(char *buf, size_t max);

#endif
