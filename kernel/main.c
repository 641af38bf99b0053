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
#include "fpu.h"
#include "fwcfg.h"
#include "gdt.h"
#include "input_echo.h"
#include "log.h"
#include "clock.h"
#include "exec.h"
#include "initfs.h"
#include "kstring.h"
#include "options.h"
#include "percpu.h"
#include "process.h"
#include "sched.h"
#include "sysinfo.h"
#include "paging.h"
#include "pmm.h"
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

static bool echo_mode;

/* Runs in the idle thread with interrupts off: input echo and fences. */
static void idle_poll(void)
{
    char token[40];
    if (echo_mode)
        input_echo_drain();
    while (channel_poll_fence(token, sizeof token)) {
        /* Fence: drain every input queue and draw before answering. */
        if (echo_mode) {
            while (input_echo_drain())
                ;
        }
        channel_fence_done(token);
    }
}

static void find_initfs(const struct boot_info *bi)
{
    for (unsigned i = 0; i < bi->module_count; i++) {
        if (strcmp(bi->modules[i].name, "initfs") == 0) {
            if (initfs_init(bi->modules[i].start, bi->modules[i].end))
                sysinfo_set_bootfs(bi->modules[i].start, bi->modules[i].end - bi->modules[i].start);
            return;
        }
    }
    klog("initfs: no boot module named 'initfs'");
}

/* Starts the first user process: bin/kbench with bench=1, else the init=
 * option, else bin/init (the default: init starts the servers and the
 * console). init=none starts nothing: the bare kernel at its boot screen. */
static void start_first_process(void)
{
    const char *path = option_is("bench", "1") ? "bin/kbench" : option_get("init");
    if (!path)
        path = "bin/init";
    if (strcmp(path, "none") == 0) {
        klog("kernel: init=none; idling at the boot screen");
        return;
    }
    /* argv: the path, then fuzz_calls, fuzz_seed and "trace" when given (kfuzz takes them). */
    static char argv[4 * 64];
    size_t used = 0;
    unsigned argc = 0;
    const char *words[] = {path, option_get("fuzz_calls"), option_get("fuzz_seed"),
                           option_is("fuzz_trace", "1") ? "trace" : 0};
    for (unsigned i = 0; i < 4 && words[i]; i++) {
        size_t n = strlen(words[i]) + 1;
        if (used + n > sizeof argv)
            break;
        memcpy(argv + used, words[i], n);
        used += n;
        argc++;
    }
    struct exec_strings args = {argv, used, argc, "", 0, 0};
    int pid = exec_spawn(0, path, &args, true);
    if (pid < 0) {
        klog("kernel: cannot start %s: error %d", path, pid);
        channel_send("EXIT 127");
        return;
    }
    process_set_first(process_find(pid));
    klog("kernel: started %s as pid %d", path, pid);
}

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
    pmm_init(&boot);
    paging_init();
    percpu_init();
    fpu_init();
    sched_init();
    clock_init();
    find_initfs(&boot);

    if (boot.have_fb && fb_init(&boot.fb))
        sysinfo_set_framebuffer(&boot.fb);
    if (fb_present())
        klog("fb: %ux%u, pitch %u, at %lx", boot.fb.width, boot.fb.height, boot.fb.pitch,
             boot.fb.phys);
    else
        klog("fb: no usable framebuffer; logs only");
    bootscreen_draw(&boot);

    echo_mode = option_is("echo", "input");
    if (echo_mode)
        input_echo_init();
    irq_register(COM2_IRQ, com2_irq);
    pic_unmask(COM2_IRQ);

    klog("kernel: ready");
    channel_send("READY");

    const char *fault = option_get("fault");
    if (fault)
        fault_trigger(fault);
    start_first_process();
    sched_idle_loop(idle_poll);
}
