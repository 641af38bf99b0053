/* vmmouse: the absolute pointer driver (QEMU's vmmouse, port 0x5658, no IRQ
 * of its own). Serves pointer: (ABS events: screen pixel, buttons, wheel).
 *
 * IRQ 12 belongs to the i8042 driver: the vmmouse rings its doorbell as a
 * fake PS/2 mouse packet on that line. So this driver is a client of
 * ps2mouse: and drains the backdoor whenever that file turns readable (no
 * second owner of IRQ 12, no polling delay). When the i8042 driver restarts
 * the doorbell hangs up: this driver waits for the new one, reopens, and asks
 * for absolute mode again (the i8042 set-up reset the PS/2 mouse). A slow
 * timer also drains, as a fallback when there is no doorbell. docs/drivers.md. */
#include "backdoor.h"

#include "../common/drv.h"
#include "../common/evq.h"

#include <cobalt/debug.h>
#include <cobalt/pointer.h>
#include <cobalt/sys.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define TICK_NS       50000000ull   /* 50 ms */
#define DOORBELL_WAIT 2000000000ull /* 2 s */
#define BATCH         64
#define SCREEN_MAX    16384

static struct evq ptr_q;
static struct ss_loop loop;
static uint32_t screen_w = 1024, screen_h = 768;
static int doorbell = -1; /* ps2mouse: */
static long timer;

static void drain(void)
{
    struct vmm_packet p[BATCH];
    int n = vmm_read(p, BATCH);
    if (n < 0)
        cobalt_log_printf("vmmouse: device reported an error; re-enabled");
    for (int i = 0; i < n; i++) {
        struct cobalt_input_event ev = {0};
        ev.type = COBALT_INPUT_ABS;
        ev.buttons = p[i].buttons;
        ev.x = (int32_t)((uint64_t)p[i].x * screen_w / 0x10000);
        ev.y = (int32_t)((uint64_t)p[i].y * screen_h / 0x10000);
        ev.wheel = p[i].wheel;
        evq_push(&ptr_q, &ev);
    }
}

static void doorbell_ready(void *arg, uint32_t revents);

/* Opens ps2mouse: (the doorbell), waiting up to DOORBELL_WAIT for the i8042
 * driver to (re)start; without it the pointer still works at each tick. */
static void open_doorbell(void)
{
    int fd = -1;
    uint64_t end = drv_now_ns() + DOORBELL_WAIT;
    while ((fd = open("ps2mouse:", O_RDONLY | O_NONBLOCK)) < 0 && drv_now_ns() < end)
        cobalt_sleep(1000000);
    if (fd < 0) {
        cobalt_log_printf("vmmouse: no ps2mouse: doorbell; polling every %lu ms",
                          (unsigned long)(TICK_NS / 1000000));
        return;
    }
    if (ss_loop_add_watch(&loop, fd, WAIT_READABLE, doorbell_ready, NULL) < 0) {
        close(fd);
        return;
    }
    doorbell = fd;
    /* A (re)started i8042 driver has just reset the PS/2 mouse, which gives
     * QEMU's relative mouse the input back: ask for absolute mode again. */
    vmm_request_absolute();
}

static void doorbell_ready(void *arg, uint32_t revents)
{
    (void)arg;
    static struct cobalt_input_event discard[16];
    if (revents & WAIT_READABLE) {
        while (read(doorbell, discard, sizeof discard) > 0)
            ;
    }
    if (revents & WAIT_HANGUP) { /* the i8042 driver is gone: wait for the new one */
        ss_loop_remove_watch(&loop, doorbell);
        close(doorbell);
        doorbell = -1;
        open_doorbell();
    }
    drain();
}

static void tick(void *arg, uint32_t revents)
{
    (void)arg, (void)revents;
    cobalt_timer_set(timer, ~0ul, 0); /* collect the expirations */
    if (doorbell < 0)
        open_doorbell();
    drain();
}

static long ptr_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                      uint64_t a2, void *buf, size_t len, size_t *reply_len);

static struct ss_ops ptr_ops;
static const struct ss_ops *evq_ops_base;

static long ptr_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                      uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    if (code == POINTER_FCALL_SET_SCREEN) {
        /* Sizes the screen can have; anything else is refused before use. */
        if (a1 < 1 || a1 > SCREEN_MAX || a2 < 1 || a2 > SCREEN_MAX)
            return -EINVAL;
        screen_w = (uint32_t)a1;
        screen_h = (uint32_t)a2;
        return 0;
    }
    if (code == POINTER_FCALL_GET_SCREEN) {
        uint32_t wh[2] = {screen_w, screen_h};
        if (len < sizeof wh)
            return -EINVAL;
        memcpy(buf, wh, sizeof wh);
        *reply_len = sizeof wh;
        return 0;
    }
    return evq_ops_base->fcall(ctx, rq, id, code, a1, a2, buf, len, reply_len);
}

int main(void)
{
    struct cobalt_fb_info fb;
    if (drv_claim_ports("vmmouse", VMMOUSE_PORT, VMMOUSE_PORTS) < 0)
        return 1;
    if (vmm_enable() < 0) {
        cobalt_log_printf("vmmouse: no vmmouse device");
        return 1;
    }
    if (cobalt_sysinfo(SYSINFO_FRAMEBUFFER, (long)&fb, sizeof fb) > 0 && fb.phys && fb.width &&
        fb.height) {
        screen_w = fb.width;
        screen_h = fb.height;
    }
    ss_loop_init(&loop);
    evq_init(&ptr_q, "pointer", 3);
    evq_ops_base = ptr_q.scheme.ops;
    ptr_ops = *evq_ops_base;
    ptr_ops.fcall = ptr_fcall;
    ptr_q.scheme.ops = &ptr_ops;
    long r = ss_loop_add_scheme(&loop, &ptr_q.scheme);
    timer = cobalt_timer_create();
    if (r == 0 && timer >= 0)
        r = ss_loop_add_watch(&loop, timer, WAIT_READABLE, tick, NULL);
    if (r < 0 || timer < 0) {
        cobalt_log_printf("vmmouse: cannot serve: %ld", r);
        return 1;
    }
    cobalt_timer_set(timer, (long)(drv_now_ns() + TICK_NS), TICK_NS);
    open_doorbell();
    drain();
    drv_announce("vmmouse", "pointer:");
    r = ss_loop_run(&loop);
    cobalt_log_printf("vmmouse: wait_many failed: %ld", r);
    return 1;
}
