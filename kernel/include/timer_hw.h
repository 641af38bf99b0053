/* Timer hardware used to keep time: PIT channel 2 as the calibration
 * reference, the local APIC timer as the tick, and the CMOS real-time clock. */
#ifndef COBALT_TIMER_HW_H
#define COBALT_TIMER_HW_H

#include <stdint.h>

/* Busy-waits ms milliseconds on PIT channel 2 (for calibration only). */
void pit_wait_ms(unsigned ms);

void lapic_init(void);
/* The physical address of the local APIC's register page (after lapic_init). */
uint64_t lapic_phys(void);
/* Starts the count-down used for calibration; lapic_count_elapsed reads it. */
void lapic_calibration_start(void);
uint32_t lapic_count_elapsed(void);
void lapic_timer_periodic(uint8_t vector, uint32_t count);
void lapic_eoi(void);

/* Seconds since the Unix epoch from the CMOS clock. */
uint64_t rtc_read_epoch_seconds(void);

#endif
