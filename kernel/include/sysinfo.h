/* What sysinfo and bootfs_map report, recorded once at boot. */
#ifndef COBALT_SYSINFO_H
#define COBALT_SYSINFO_H

#include <stdint.h>

#include "fb.h"

void sysinfo_set_framebuffer(const struct fb_info *fb);
void sysinfo_set_bootfs(uint64_t phys, uint64_t size);

#endif
