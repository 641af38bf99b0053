/* display: the framebuffer driver. Owns the linear framebuffer (device memory
 * from sysinfo SYSINFO_FRAMEBUFFER) and the Bochs dispi ports 0x1CE-0x1D0 of
 * QEMU's stdvga; serves display: with fmap, get/set/list modes and flip
 * (docs/drivers.md).
 *
 * fmap gives the video memory itself: a device-memory shared-memory object
 * (shm_create_device) over it, page p of the current mode at p * pitch *
 * height, where the dispi Y offset p * height shows it (virtual height is two
 * pages). A client draws into the page not shown and FLIP only moves the Y
 * offset there: no copy, and the screen changes in one step. A restarted
 * driver adopts the mode and the page on the screen, so nothing flickers;
 * clients' old mappings still reach the same video memory. */
#include "bga.h"

#include "../common/drv.h"

#include <cobalt/debug.h>
#include <cobalt/display.h>
#include <cobalt/pointer.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define PAGE    4096ull
#define MIN_W   320
#define MIN_H   200
#define MAX_DIM 4096
#define SHM_MAX (256ull << 20) /* the kernel's largest shared-memory object */

static const struct display_size standard[] = {{640, 480},   {800, 600},  {1024, 768}, {1280, 720},
                                               {1280, 1024}, {1600, 900}, {1920, 1080}};

static struct {
    int bochs;     /* modes can change */
    long shm;      /* the device-memory object over video memory: what clients fmap */
    uint8_t *vram; /* this driver's own mapping of it */
    uint64_t vram_size;
    struct display_mode mode;
} d;

static uint64_t round_page(uint64_t v)
{
    return (v + PAGE - 1) & ~(PAGE - 1);
}

static void set_geometry(uint32_t w, uint32_t h, uint32_t pitch, uint32_t shown)
{
    d.mode.width = w;
    d.mode.height = h;
    d.mode.pitch = pitch;
    d.mode.bpp = 32;
    d.mode.pages = d.bochs ? 2 : 1;
    d.mode.shown = shown;
    d.mode.fmap_size = round_page((uint64_t)pitch * h * d.mode.pages);
}

/* Tells the pointer driver the new screen size (best effort: it may be absent). */
static void tell_pointer(void)
{
    int fd = open("pointer:", O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        return;
    cobalt_fcall(fd, POINTER_FCALL_SET_SCREEN, d.mode.width, d.mode.height, 0, 0);
    close(fd);
}

/* Rule: a mode is shown only if the width is a multiple of 8, both sizes are
 * in range, and two pages fit video memory. */
static long check_mode(uint64_t w, uint64_t h)
{
    if (w < MIN_W || w > MAX_DIM || h < MIN_H || h > MAX_DIM || w % 8 != 0)
        return -EINVAL;
    if (round_page(w * 4 * h * 2) > d.vram_size)
        return -EINVAL;
    return 0;
}

static long do_set_mode(uint32_t w, uint32_t h)
{
    struct display_mode old = d.mode;
    if (bga_set_mode(w, h) < 0) {
        bga_set_mode(old.width, old.height);
        set_geometry(old.width, old.height, old.pitch, 0);
        return -EINVAL;
    }
    set_geometry(w, h, w * 4, 0);
    memset(d.vram, 0, d.mode.fmap_size); /* the device clears too; the docs promise it */
    tell_pointer();
    cobalt_log_printf("display: mode %ux%u", w, h);
    return 0;
}

static long do_flip(uint32_t page)
{
    if (d.bochs)
        bga_set_y_offset(page * d.mode.height);
    d.mode.shown = page;
    return 0;
}

static long dsp_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx, (void)rq, (void)flags;
    return path[0] == 0 ? 1 : -ENOENT;
}

static long dsp_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                      uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)rq, (void)id;
    switch (code) {
    case FCALL_FSTAT:
        return drv_fstat_chr(buf, len, reply_len, 4);
    case DISPLAY_FCALL_GET_MODE:
        if (len < sizeof d.mode)
            return -EINVAL;
        memcpy(buf, &d.mode, sizeof d.mode);
        *reply_len = sizeof d.mode;
        return 0;
    case DISPLAY_FCALL_SET_MODE: {
        if (!d.bochs)
            return -ENOTSUP;
        long r = check_mode(a1, a2);
        return r < 0 ? r : do_set_mode((uint32_t)a1, (uint32_t)a2);
    }
    case DISPLAY_FCALL_FLIP:
        if (a1 >= d.mode.pages)
            return -EINVAL;
        return do_flip((uint32_t)a1);
    case DISPLAY_FCALL_LIST_MODES: {
        size_t n = 0, cap = len / sizeof(struct display_size);
        struct display_size *out = buf;
        for (size_t i = 0; i < sizeof standard / sizeof standard[0] && n < cap; i++) {
            if (d.bochs ? check_mode(standard[i].width, standard[i].height) == 0
                        : standard[i].width == d.mode.width && standard[i].height == d.mode.height)
                out[n++] = standard[i];
        }
        *reply_len = n * sizeof(struct display_size);
        return (long)n;
    }
    default:
        return -ENOSYS;
    }
}

static long dsp_fmap(void *ctx, struct ss_request *rq, uint64_t id, uint64_t offset, uint64_t len,
                     uint64_t prot)
{
    (void)ctx, (void)rq, (void)id, (void)prot;
    /* Rule: only whole pages inside the current mode's two pages. */
    if (offset % PAGE || len == 0 || offset >= d.mode.fmap_size || len > d.mode.fmap_size - offset)
        return -EINVAL;
    return d.shm;
}

static const struct ss_ops dsp_ops = {.open = dsp_open, .fcall = dsp_fcall, .fmap = dsp_fmap};

/* The page the old driver (if any) left on the screen: its Y offset. */
static uint32_t shown_page(uint32_t h)
{
    uint32_t y = bga_y_offset();
    if (y == h)
        return 1;
    if (y != 0)
        bga_set_y_offset(0);
    return 0;
}

/* Makes the device-memory object over video memory and maps it here. */
static int map_vram(uint64_t phys)
{
    d.shm = cobalt_shm_create_device((long)phys, (long)d.vram_size);
    long at = d.shm >= 0 ? cobalt_shm_map(d.shm, 0, 3) : d.shm;
    if (at < 0) {
        cobalt_log_printf("display: video memory %#lx (%lu bytes) as shared memory failed: %ld",
                          (unsigned long)phys, (unsigned long)d.vram_size, at);
        return -1;
    }
    d.vram = (uint8_t *)at;
    return 0;
}

static int setup(void)
{
    struct cobalt_fb_info fb;
    if (cobalt_sysinfo(SYSINFO_FRAMEBUFFER, (long)&fb, sizeof fb) <= 0 || !fb.phys ||
        fb.bpp != 32 || !fb.width || !fb.height || fb.pitch < fb.width * 4) {
        cobalt_log_printf("display: no usable 32-bit linear framebuffer");
        return -1;
    }
    uint32_t w = fb.width, h = fb.height, pitch = fb.pitch, bpp = 32, shown = 0;
    d.vram_size = round_page((uint64_t)fb.pitch * fb.height);
    if (drv_claim_ports("display", BGA_PORT_BASE, BGA_PORT_COUNT) == 0 &&
        bga_present(&d.vram_size)) {
        d.bochs = 1;
        /* Adopt the mode on the screen (the boot mode, or the old driver's). */
        if (bga_current(&w, &h, &bpp) && bpp == 32)
            pitch = w * 4;
        else
            w = fb.width, h = fb.height;
        shown = shown_page(h);
    }
    if (d.vram_size > SHM_MAX)
        d.vram_size = SHM_MAX;
    if (map_vram(fb.phys) < 0)
        return -1;
    set_geometry(w, h, pitch, shown);
    return 0;
}

int main(void)
{
    static struct ss_loop loop;
    static struct ss_scheme scheme = {.name = "display", .ops = &dsp_ops};
    if (setup() < 0)
        return 1;
    ss_loop_init(&loop);
    long r = ss_loop_add_scheme(&loop, &scheme);
    if (r < 0) {
        cobalt_log_printf("display: scheme_register failed: %ld", r);
        return 1;
    }
    cobalt_log_printf("display: %ux%u, %s, %lu KiB video memory", d.mode.width, d.mode.height,
                      d.bochs ? "modes can change" : "fixed mode",
                      (unsigned long)(d.vram_size >> 10));
    drv_announce("display", "display:");
    r = ss_loop_run(&loop);
    cobalt_log_printf("display: wait_many failed: %ld", r);
    return 1;
}
