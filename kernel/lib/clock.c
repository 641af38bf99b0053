/* Kernel time. At boot the TSC and the LAPIC timer are both measured
 * against 10 ms of PIT channel 2, CALIBRATION_RUNS times, keeping the run
 * with the fewest TSC ticks: a virtual CPU descheduled by a busy host reads
 * the TSC late, which only ever adds ticks (one such run once made the
 * clock 25% slow). The monotonic clock is then TSC-based, the realtime clock
 * is the RTC reading at boot plus monotonic time, and the LAPIC timer ticks
 * TIMER_HZ times a second. */
#include "clock.h"

#include "log.h"
#include "msr.h"
#include "timer_hw.h"

#define CALIBRATION_MS   10
#define CALIBRATION_RUNS 5

static uint64_t tsc_at_boot;
static uint64_t ns_per_tsc_q32; /* nanoseconds per TSC tick, 32.32 fixed point */
static uint64_t realtime_at_boot_ns;

void clock_init(void)
{
    lapic_init();
    realtime_at_boot_ns = rtc_read_epoch_seconds() * 1000000000ULL;
    uint64_t tsc_ticks = 0;
    uint32_t apic_ticks = 0;
    for (int run = 0; run < CALIBRATION_RUNS; run++) {
        lapic_calibration_start();
        uint64_t t0 = rdtsc();
        if (run == 0)
            tsc_at_boot = t0;
        pit_wait_ms(CALIBRATION_MS);
        uint64_t ticks = rdtsc() - t0;
        uint32_t apic = lapic_count_elapsed();
        if (run == 0 || ticks < tsc_ticks)
            tsc_ticks = ticks, apic_ticks = apic;
    }
    if (tsc_ticks == 0)
        tsc_ticks = 1;
    ns_per_tsc_q32 = ((uint64_t)CALIBRATION_MS * 1000000ULL << 32) / tsc_ticks;
    uint32_t per_tick = apic_ticks / CALIBRATION_MS * 1000 / TIMER_HZ;
    lapic_timer_periodic(TIMER_VECTOR, per_tick);
    klog("clock: TSC %lu kHz, LAPIC timer %u counts per %u Hz tick", tsc_ticks / CALIBRATION_MS,
         per_tick, TIMER_HZ);
}

uint64_t clock_monotonic_ns(void)
{
    uint64_t delta = rdtsc() - tsc_at_boot;
    return (uint64_t)(((unsigned __int128)delta * ns_per_tsc_q32) >> 32);
}

uint64_t clock_realtime_ns(void)
{
    return realtime_at_boot_ns + clock_monotonic_ns();
}
