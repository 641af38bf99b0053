/* kmain: brings the machine up in order (logs, channel, CPU tables, boot
 * information, options, screen, optional test modes), says READY, then idles
 * serving fence requests from the harness. */
#include <stdint.h>

#include "bootinfo.h"
#include "bootscreen.h"
#include "channel.h"
#include "cpu.h"
#include "fault.h"
#include "fb.h"
#include "fwcfg.h"
#include "gdt.h"
#include "input_echo.h"
#include "log.h"
#include "options.h"
#include "panic.h"
#include "pic.h"
#include "trap.h"
#include "uart.h"

#define COBALT_VERSION "0.1"

static struct boot_info boot;

static void log_memory_map(const struct boot_info *bi)
{
    for (unsigned i = 0; i < bi->mmap_count; i++) {
        const struct mem_region *r = &bi->mmap[i];
        klog("mmap: %016lx-%016lx %s", r->base, r->base + r->length - 1, mem_type_name(r->type));
    }
    klog("mem: %lu KiB usable", bi->usable_bytes >> 10);
}

static void read_options(const struct boot_info *bi)
{
    /* GRUB may put the kernel path first: skip a leading word without '='. */
    const char *cmd = bi->cmdline;
    if (*cmd == '/') {
        while (*cmd && *cmd != ' ')
            cmd++;
    }
    options_add("cmdline", cmd);
    char args[256];
    if (fwcfg_read_file("opt/cobalt/args", args, sizeof args) >= 0)
        options_add("fw_cfg", args);
    klog("options: %s", options_summary());
}

static void com2_irq(void)
{
    /* Nothing to do here: the idle loop reads the channel after waking. */
}

static void idle_loop(bool echo)
{
    char token[40];
    for (;;) {
        cpu_cli();
        if (echo)
            input_echo_drain();
        if (channel_poll_fence(token, sizeof token)) {
            /* Fence: drain every input queue and draw before answering. */
            if (echo) {
                while (input_echo_drain())
                    ;
            }
            channel_fence_done(token);
            continue;
        }
        cpu_sti_hlt();
    }
}

/* Called from boot.S with the multiboot2 magic and boot information address. */
void kmain(uint32_t magic, uint64_t mbi_phys);
void kmain(uint32_t magic, uint64_t mbi_phys)
{
    log_init();
    channel_init();
    klog("Cobalt kernel %s (x86_64) booting", COBALT_VERSION);
    channel_send("BOOT cobalt");
    gdt_init();
    idt_init();
    pic_init();

    if (magic != MULTIBOOT2_BOOT_MAGIC)
        panic("not started by a multiboot2 loader (magic %x)", magic);
    if (!bootinfo_parse(mbi_phys, &boot))
        panic("unusable multiboot2 boot information");
    log_memory_map(&boot);
    read_options(&boot);

    if (boot.have_fb && fb_init(&boot.fb))
        klog("fb: %ux%u, pitch %u, at %lx", boot.fb.width, boot.fb.height, boot.fb.pitch,
             boot.fb.phys);
    else
        klog("fb: no usable framebuffer; logs only");
    bootscreen_draw(&boot);

    bool echo = option_is("echo", "input");
    if (echo)
        input_echo_init();
    irq_register(COM2_IRQ, com2_irq);
    pic_unmask(COM2_IRQ);

    klog("kernel: ready");
    channel_send("READY");

    const char *fault = option_get("fault");
    if (fault)
        fault_trigger(fault);
    idle_loop(echo);
}
