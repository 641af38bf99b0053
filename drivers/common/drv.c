/* Helpers every driver shares (drv.h). */
#include "drv.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <string.h>
#include <sys/stat.h>

uint64_t drv_now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

long drv_fstat_chr(void *buf, size_t len, size_t *reply_len, uint64_t ino)
{
    struct stat st = {0};
    if (len < sizeof st)
        return -EINVAL;
    st.st_mode = S_IFCHR | 0666;
    st.st_ino = ino;
    st.st_nlink = 1;
    st.st_blksize = 4096;
    memcpy(buf, &st, sizeof st);
    *reply_len = sizeof st;
    return 0;
}

long drv_claim_ports(const char *who, uint16_t base, uint16_t count)
{
    long r = cobalt_ioport_grant(base, count);
    if (r < 0)
        cobalt_log_printf("%s: ioport_grant(%#x, %u) failed: %ld", who, base, count, r);
    return r;
}

long drv_bind_irq(const char *who, int line)
{
    long h = cobalt_irq_bind(line);
    if (h < 0)
        cobalt_log_printf("%s: irq_bind(%d) failed: %ld", who, line, h);
    return h;
}

void drv_announce(const char *who, const char *what)
{
    cobalt_log_printf("%s: serving %s (pid %ld)", who, what, cobalt_getpid());
}
