/* The pointer: scheme's private calls (drivers/vmmouse, docs/drivers.md). */
#ifndef COBALT_POINTER_H
#define COBALT_POINTER_H

#include <cobalt/abi.h>

/* fcall(fd, POINTER_FCALL_SET_SCREEN, width, height, NULL, 0): the screen the
 * absolute positions are scaled to (after a display mode change); each 1..16384,
 * else EINVAL. Result 0. */
#define POINTER_FCALL_SET_SCREEN (FCALL_FIRST_PRIVATE + 0)
/* fcall(fd, POINTER_FCALL_GET_SCREEN, 0, 0, buf, 8): buf gets two uint32_t,
 * width and height. Result 0. */
#define POINTER_FCALL_GET_SCREEN (FCALL_FIRST_PRIVATE + 1)

#endif
