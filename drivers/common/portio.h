/* Forwarding header: port I/O is <cobalt/portio.h> (lib/libc/include/cobalt),
 * shared with the servers. Kept only for drivers/display/bga.c, which still
 * includes it; remove it once that file includes <cobalt/portio.h>. */
#ifndef DRIVERS_PORTIO_H
#define DRIVERS_PORTIO_H

#include <cobalt/portio.h>

#endif
