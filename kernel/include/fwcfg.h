/* QEMU's fw_cfg device (I/O ports 0x510/0x511): named files from the host. */
#ifndef COBALT_FWCFG_H
#define COBALT_FWCFG_H

#include <stddef.h>

/* Copies the named file into buf (NUL-terminated, cut to size - 1); returns
 * its length, or -1 when there is no fw_cfg device or no such file. */
int fwcfg_read_file(const char *name, char *buf, size_t size);

#endif
