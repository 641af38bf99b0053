/* nullzero: the schemes null:, zero: and rand: (the /dev/null, /dev/zero and
 * /dev/urandom of Cobalt; libc maps /dev/null and /dev/zero here).
 *
 * null: reads give end of file, writes take everything; zero: reads give
 * zeros; rand: reads give bytes of a xorshift64* generator seeded from the
 * clocks. rand: is NOT cryptographic: good for tests and games, never for
 * keys. Writes to zero: and rand: are taken and dropped (as Linux). Only the
 * empty path opens (`null:`); fstat says "character device"; fmap, other
 * fcalls and unknown operations answer -ENOSYS. One libscheme loop serves
 * the three endpoints. */
#include <cobalt/debug.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#define READ_CHUNK (64 * 1024) /* at most this much per read; callers read again */

enum kind { K_NULL, K_ZERO, K_RAND, K_COUNT };
static const char *const names[K_COUNT] = {"null", "zero", "rand"};

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static void rng_seed(void)
{
    uint64_t mono = 0, real = 0;
    cobalt_clock_get(0, (long)&mono);
    cobalt_clock_get(1, (long)&real);
    rng_state = mono * 0x9E3779B97F4A7C15ull ^ real ^ (uint64_t)cobalt_getpid() << 32;
    if (!rng_state)
        rng_state = 0x853C49E6748FEA9Bull;
    for (int i = 0; i < 16; i++)
        rng_next();
}

static long nz_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx, (void)rq, (void)flags;
    return path[0] == 0 ? 1 : -ENOENT; /* one file: the scheme itself */
}

static long nz_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)rq, (void)id;
    enum kind k = *(const enum kind *)ctx;
    size_t len = want < READ_CHUNK ? want : READ_CHUNK;
    if (k == K_NULL)
        return 0;
    if (k == K_ZERO) {
        memset(out, 0, len);
    } else {
        for (size_t i = 0; i < len; i += 8) {
            uint64_t v = rng_next();
            memcpy((unsigned char *)out + i, &v, len - i < 8 ? len - i : 8);
        }
    }
    return (long)len;
}

static long nz_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx, (void)id, (void)data, (void)len;
    return (long)rq->msg.payload_total; /* everything the caller sent, taken and dropped */
}

static long nz_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                     uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)rq, (void)id, (void)a1, (void)a2;
    if (code != FCALL_FSTAT)
        return -ENOSYS;
    struct stat st = {0};
    if (len < sizeof st)
        return -EINVAL;
    st.st_mode = S_IFCHR | 0666;
    st.st_ino = 1 + *(const enum kind *)ctx;
    st.st_nlink = 1;
    st.st_blksize = 4096;
    memcpy(buf, &st, sizeof st);
    *reply_len = sizeof st;
    return 0;
}

static const struct ss_ops nz_ops = {
    .open = nz_open, .read = nz_read, .write = nz_write, .fcall = nz_fcall};

int main(void)
{
    static const enum kind kinds[K_COUNT] = {K_NULL, K_ZERO, K_RAND};
    static struct ss_scheme schemes[K_COUNT];
    static struct ss_loop loop;
    rng_seed();
    ss_loop_init(&loop);
    for (int k = 0; k < K_COUNT; k++) {
        schemes[k] = (struct ss_scheme){.name = names[k], .ops = &nz_ops, .ctx = (void *)&kinds[k]};
        long r = ss_loop_add_scheme(&loop, &schemes[k]);
        if (r < 0) {
            cobalt_log_printf("nullzero: scheme_register(%s) failed: %ld", names[k], r);
            return 1;
        }
    }
    cobalt_log_printf("nullzero: serving null:, zero: and rand: (pid %ld)", cobalt_getpid());
    long r = ss_loop_run(&loop);
    cobalt_log_printf("nullzero: wait_many failed: %ld", r);
    return 1;
}
