/* Virtual memory layout constants shared by the boot assembly and C. */
#ifndef COBALT_LAYOUT_H
#define COBALT_LAYOUT_H

/* The kernel image is linked at the top 2 GiB. */
#define KERNEL_VMA 0xFFFFFFFF80000000

/* PML4 slot 256 maps physical memory 0..4 GiB at DIRECT_MAP_BASE (boot tables). */
#define PML4_DIRECT_MAP_SLOT 256
#define DIRECT_MAP_BASE      0xFFFF800000000000
#define DIRECT_MAP_SIZE      0x100000000

#ifndef COBALT_FB_WIDTH
#define COBALT_FB_WIDTH 1024
#endif
#ifndef COBALT_FB_HEIGHT
#define COBALT_FB_HEIGHT 768
#endif

#endif
