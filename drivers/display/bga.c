/* Bochs dispi registers (QEMU's stdvga): index to 0x1CE, value at 0x1CF. */
#include "bga.h"

#include <cobalt/portio.h>

#include <cobalt/errno.h>

#define IDX_ID          0
#define IDX_XRES        1
#define IDX_YRES        2
#define IDX_BPP         3
#define IDX_ENABLE      4
#define IDX_VIRT_WIDTH  6
#define IDX_VIRT_HEIGHT 7
#define IDX_X_OFFSET    8
#define IDX_Y_OFFSET    9
#define IDX_VIDEO_MEM   10 /* in 64 KiB units (QEMU) */

#define ID_FIRST   0xB0C0
#define ID_LAST    0xB0C5
#define EN_ENABLED 0x01
#define EN_LFB     0x40

static uint16_t reg_read(uint16_t idx)
{
    outw(BGA_PORT_BASE, idx);
    return inw(BGA_PORT_BASE + 1);
}

static void reg_write(uint16_t idx, uint16_t v)
{
    outw(BGA_PORT_BASE, idx);
    outw(BGA_PORT_BASE + 1, v);
}

int bga_present(uint64_t *vram_bytes)
{
    uint16_t id = reg_read(IDX_ID);
    if (id < ID_FIRST || id > ID_LAST)
        return 0;
    uint16_t mem = reg_read(IDX_VIDEO_MEM);
    *vram_bytes = mem ? (uint64_t)mem * 65536 : 16ull << 20;
    return 1;
}

int bga_current(uint32_t *width, uint32_t *height, uint32_t *bpp)
{
    if (!(reg_read(IDX_ENABLE) & EN_ENABLED))
        return 0;
    *width = reg_read(IDX_XRES);
    *height = reg_read(IDX_YRES);
    *bpp = reg_read(IDX_BPP);
    return 1;
}

int bga_set_mode(uint32_t width, uint32_t height)
{
    reg_write(IDX_ENABLE, 0);
    reg_write(IDX_XRES, (uint16_t)width);
    reg_write(IDX_YRES, (uint16_t)height);
    reg_write(IDX_BPP, 32);
    reg_write(IDX_ENABLE, EN_ENABLED | EN_LFB); /* clears video memory */
    reg_write(IDX_VIRT_WIDTH, (uint16_t)width);
    reg_write(IDX_VIRT_HEIGHT, (uint16_t)(height * 2));
    reg_write(IDX_X_OFFSET, 0);
    reg_write(IDX_Y_OFFSET, 0);
    if (reg_read(IDX_XRES) != width || reg_read(IDX_YRES) != height ||
        reg_read(IDX_VIRT_HEIGHT) < height * 2)
        return -EINVAL;
    return 0;
}

void bga_set_y_offset(uint32_t y)
{
    reg_write(IDX_Y_OFFSET, (uint16_t)y);
}

uint32_t bga_y_offset(void)
{
    return reg_read(IDX_Y_OFFSET);
}
