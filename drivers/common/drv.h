/* Small helpers every driver shares: the clock, the character-device fstat
 * answer, claiming ports and IRQs with one log line on failure. */
#ifndef DRIVERS_DRV_H
#define DRIVERS_DRV_H

#include <stddef.h>
#include <stdint.h>

/* Monotonic nanoseconds since boot. */
uint64_t drv_now_ns(void);
/* Fills buf (len bytes, at least a struct stat) with a character device's
 * stat; 0 and *reply_len set, or -EINVAL when buf is too small. */
long drv_fstat_chr(void *buf, size_t len, size_t *reply_len, uint64_t ino);
/* ioport_grant with a log line naming the driver on failure: 0 or -errno. */
long drv_claim_ports(const char *who, uint16_t base, uint16_t count);
/* irq_bind with a log line on failure: the handle or -errno. */
long drv_bind_irq(const char *who, int line);
/* Prints "DRIVER <who> up" on the kernel log together with the pid (tests and
 * the restart benchmark look for it). */
void drv_announce(const char *who, const char *what);

#endif
