/* fsbench: the file-system figures of ./build.sh bench (docs/performance.md).
 * kbench (the first process in bench mode) spawns bin/tmpfs and this program,
 * which prints `BENCH file_read_4k <ns> ns` on the harness channel: read() of
 * 4 KiB from a 1 MiB tmpfs file (/tmp, through musl), one pass of 256
 * sequential reads at a time with an untimed lseek back to 0 between passes
 * (the same loop as linuxbench.c's bench_file_read). */
#include <cobalt/sys.h>

#include <cobalt/debug.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define BLOCK  4096
#define BLOCKS 256 /* a 1 MiB file */
#define PASSES 20
#define WARMUP 1 /* untimed passes */

static uint64_t now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

int main(void)
{
    static char buf[BLOCK];
    int fd = -1;
    /* tmpfs was spawned just before: wait for its scheme. */
    for (int i = 0; i < 2000 && fd < 0; i++) {
        fd = open("/tmp/bench", O_CREAT | O_RDWR | O_TRUNC, 0644);
        if (fd < 0 && errno != ENOENT)
            break;
        if (fd < 0)
            cobalt_sleep(1000000);
    }
    if (fd < 0) {
        cobalt_harness_printf("fsbench: error: open /tmp/bench: errno %d", errno);
        return 1;
    }
    memset(buf, 'b', sizeof buf);
    for (int i = 0; i < BLOCKS; i++) {
        if (write(fd, buf, BLOCK) != BLOCK) {
            cobalt_harness_printf("fsbench: error: write: errno %d", errno);
            return 1;
        }
    }
    uint64_t total = 0;
    for (int pass = 0; pass < WARMUP + PASSES; pass++) {
        if (lseek(fd, 0, SEEK_SET) != 0) {
            cobalt_harness_printf("fsbench: error: lseek: errno %d", errno);
            return 1;
        }
        uint64_t t0 = now_ns();
        for (int i = 0; i < BLOCKS; i++) {
            if (read(fd, buf, BLOCK) != BLOCK) {
                cobalt_harness_printf("fsbench: error: read: errno %d", errno);
                return 1;
            }
        }
        if (pass >= WARMUP)
            total += now_ns() - t0;
    }
    close(fd);
    unlink("/tmp/bench");
    cobalt_harness_printf("BENCH file_read_4k %lu ns",
                          (unsigned long)(total / ((uint64_t)PASSES * BLOCKS)));
    return 0;
}
