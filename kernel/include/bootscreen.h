/* The boot screen: what the kernel shows once it is up. */
#ifndef COBALT_BOOTSCREEN_H
#define COBALT_BOOTSCREEN_H

#include "bootinfo.h"

/* Draws the background and the colour check strip only (shared by screens). */
void bootscreen_background(void);
void bootscreen_draw(const struct boot_info *bi);

#endif
