/* Panic reporting. An exception report names the vector, error code, RIP,
 * CR2 and every register; it goes to the kernel log, one PANIC line to the
 * harness channel, and a red panic screen. A fault during the report itself
 * only logs and halts, so the report cannot loop. */
#include "panic.h"

#include <stdarg.h>
#include <stdbool.h>

#include "channel.h"
#include "cpu.h"
#include "fb.h"
#include "fmt.h"
#include "log.h"

#define PANIC_BG     0x5A0F14
#define PANIC_FG     0xFFFFFF
#define PANIC_DIM    0xF2C4C4
#define REGS_X       64
#define REGS_Y       200
#define REGS_COLUMNS 3
#define REGS_COL_W   288
#define LINE_H       20
#define DETAIL_Y     150

static volatile bool panicking;

static void enter(void)
{
    cpu_cli();
    if (panicking) {
        klog_write("panic: fault during panic report; halting\n");
        cpu_halt_forever();
    }
    panicking = true;
}

/* Follows the frame-pointer chain (the kernel keeps frame pointers) and logs
 * each return address; stops at anything that does not look like a kernel
 * stack frame, so a corrupt chain cannot fault again. */
static void log_backtrace(uint64_t rbp)
{
    for (int depth = 0; depth < 16; depth++) {
        if (rbp < 0xFFFF800000000000ULL || rbp & 7)
            return;
        const uint64_t *frame = (const uint64_t *)rbp;
        uint64_t ret = frame[1];
        if (ret < 0xFFFFFFFF80000000ULL)
            return;
        klog("panic: called from %016lx", ret);
        if (frame[0] <= rbp)
            return;
        rbp = frame[0];
    }
}

static void draw_header(const char *title, const char *detail)
{
    if (!fb_present())
        return;
    fb_fill(0, 0, (int)fb_width(), (int)fb_height(), PANIC_BG);
    fb_text(64, 64, "KERNEL PANIC", PANIC_FG, 3);
    fb_text(64, DETAIL_Y - LINE_H, title, PANIC_FG, 1);
    fb_text(64, DETAIL_Y, detail, PANIC_DIM, 1);
}

static void draw_footer(int y)
{
    if (!fb_present())
        return;
    fb_text(64, y, "The system has stopped. Details are on the debug console and COM1.", PANIC_DIM,
            1);
}

__attribute__((noreturn)) void panic_exception(const struct trap_frame *f)
{
    enter();
    uint64_t cr2 = read_cr2();
    const char *name = trap_name(f->vector);
    klog("panic: CPU exception %lu (%s), error code %#lx", f->vector, name, f->error_code);
    klog("panic: rip=%016lx cs=%04lx rflags=%016lx rsp=%016lx ss=%04lx", f->rip, f->cs, f->rflags,
         f->rsp, f->ss);
    klog("panic: cr2=%016lx cr3=%016lx cr0=%016lx cr4=%016lx", cr2, read_cr3(), read_cr0(),
         read_cr4());

    const struct {
        const char *name;
        uint64_t value;
    } regs[] = {
        {"rax", f->rax}, {"rbx", f->rbx},       {"rcx", f->rcx}, {"rdx", f->rdx},
        {"rsi", f->rsi}, {"rdi", f->rdi},       {"rbp", f->rbp}, {"rsp", f->rsp},
        {"r8", f->r8},   {"r9", f->r9},         {"r10", f->r10}, {"r11", f->r11},
        {"r12", f->r12}, {"r13", f->r13},       {"r14", f->r14}, {"r15", f->r15},
        {"rip", f->rip}, {"rflags", f->rflags}, {"cr2", cr2},    {"cr3", read_cr3()},
        {"cs", f->cs},   {"ss", f->ss},
    };
    const int nregs = sizeof regs / sizeof regs[0];
    for (int i = 0; i < nregs; i++)
        klog("panic: %-6s %016lx", regs[i].name, regs[i].value);
    if (!(f->cs & 3))
        log_backtrace(f->rbp);

    char title[96], detail[96];
    ksnprintf(title, sizeof title, "CPU exception %lu: %s", f->vector, name);
    ksnprintf(detail, sizeof detail, "error code %#lx at rip %016lx", f->error_code, f->rip);
    draw_header(title, detail);
    int rows = (nregs + REGS_COLUMNS - 1) / REGS_COLUMNS;
    if (fb_present()) {
        for (int i = 0; i < nregs; i++) {
            char cell[40];
            ksnprintf(cell, sizeof cell, "%-6s %016lx", regs[i].name, regs[i].value);
            fb_text(REGS_X + (i % REGS_COLUMNS) * REGS_COL_W, REGS_Y + (i / REGS_COLUMNS) * LINE_H,
                    cell, PANIC_FG, 1);
        }
    }
    /* The detail line and the registers change from build to build; screenshot
     * tests mask this area, from the detail line down. */
    int area_y = DETAIL_Y;
    klog("panic: regs-area %d %d %d %d", REGS_X, area_y, REGS_COLUMNS * REGS_COL_W,
         REGS_Y + rows * LINE_H - area_y);
    draw_footer(REGS_Y + rows * LINE_H + 2 * LINE_H);
    /* The marker goes out last, so a screenshot taken after it sees the whole screen. */
    channel_send("PANIC vector=%lu error=%lx rip=%lx cr2=%lx", f->vector, f->error_code, f->rip,
                 cr2);
    klog_write("panic: system halted\n");
    cpu_halt_forever();
}

__attribute__((noreturn)) void panic(const char *fmt, ...)
{
    enter();
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    klog("panic: %s", msg);
    draw_header("Kernel error", msg);
    draw_footer(200);
    channel_send("PANIC message %s", msg);
    klog_write("panic: system halted\n");
    cpu_halt_forever();
}
