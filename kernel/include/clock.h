/* Time: the monotonic clock (TSC calibrated against the PIT), the realtime
 * clock (RTC at boot plus monotonic), and the LAPIC timer tick. */
#ifndef COBALT_CLOCK_H
#define COBALT_CLOCK_H

#include <stdint.h>

#define TIMER_HZ        1000
#define TIMER_VECTOR    0x40
#define SPURIOUS_VECTOR 0xFF

void clock_init(void);
uint64_t clock_monotonic_ns(void);
uint64_t clock_realtime_ns(void);

#endif
