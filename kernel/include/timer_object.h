/* Timers user space can wait on: armed with an absolute monotonic deadline
 * and an optional period, readable (wait_many) once they have expired. */
#ifndef COBALT_TIMER_OBJECT_H
#define COBALT_TIMER_OBJECT_H

#include <stdint.h>

#include "handle.h"

#define TIMER_KEEP UINT64_MAX /* timer_set deadline: leave the arming as it is */

struct timer_object {
    struct kobj obj;
    uint64_t deadline; /* 0: disarmed */
    uint64_t period;   /* 0: one-shot */
    uint64_t expirations;
    struct timer_object *next; /* the armed list, sorted by deadline */
};

struct timer_object *timer_object_create(void);
/* Returns the expirations counted since the last call (clearing them), then
 * arms for deadline (0 disarms; TIMER_KEEP changes nothing). */
uint64_t timer_object_set(struct timer_object *t, uint64_t deadline, uint64_t period);
/* Called on every tick with the monotonic time. */
void timer_objects_tick(uint64_t now);

#endif
