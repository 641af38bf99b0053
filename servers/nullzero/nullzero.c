/* nullzero: the schemes null:, zero: and rand: (the /dev/null, /dev/zero and
 * /dev/urandom of Cobalt; libc maps /dev/null and /dev/zero here).
 *
 * null: reads give end of file, writes take everything; zero: reads give
 * zeros; rand: reads give bytes of a xorshift64* generator seeded from the
 * clocks. rand: is NOT cryptographic: good for tests and games, never for
 * keys. Writes to zero: and rand: are taken and dropped (as Linux). Only the
 * empty path opens (`null:`); fmap, fcall and unknown operations answer
 * -ENOSYS. One thread waits on the three endpoints with wait_many. */
#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <stdint.h>
#include <string.h>

#define READ_CHUNK (64 * 1024) /* at most this much per read; callers read again */

enum kind { K_NULL, K_ZERO, K_RAND, K_COUNT };
static const char *const names[K_COUNT] = {"null", "zero", "rand"};

static unsigned char out[READ_CHUNK];
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

static void serve(long endpoint, enum kind k)
{
    struct scheme_request req;
    char path[64];
    long n =
        cobalt_scheme_recv(endpoint, (long)&req, (long)path, sizeof path, SCHEME_RECV_NONBLOCK);
    if (n < 0)
        return; /* -EAGAIN: another waiter's wake-up */
    long result = -ENOSYS;
    const void *data = NULL;
    size_t len = 0;
    switch (req.op) {
    case SCHEME_OPEN:
        result = req.payload_total == 0 ? 1 : -ENOENT; /* one file: the scheme itself */
        break;
    case SCHEME_READ:
        len = req.arg[0] < READ_CHUNK ? req.arg[0] : READ_CHUNK;
        if (k == K_NULL) {
            len = 0;
        } else if (k == K_ZERO) {
            memset(out, 0, len);
        } else {
            for (size_t i = 0; i < len; i += 8) {
                uint64_t v = rng_next();
                memcpy(out + i, &v, len - i < 8 ? len - i : 8);
            }
        }
        data = out;
        result = (long)len;
        break;
    case SCHEME_WRITE:
        result = (long)req.payload_total;
        break;
    case SCHEME_CLOSE:
        return; /* no reply expected */
    default:
        break; /* FMAP, FCALL (fstat too, for now) and anything new: -ENOSYS */
    }
    cobalt_scheme_reply(endpoint, (long)req.tag, result, (long)data, (long)len);
}

int main(void)
{
    struct wait_item items[K_COUNT];
    long endpoints[K_COUNT];
    rng_seed();
    for (int k = 0; k < K_COUNT; k++) {
        endpoints[k] = cobalt_scheme_register((long)names[k], (long)strlen(names[k]));
        if (endpoints[k] < 0) {
            cobalt_log_printf("nullzero: scheme_register(%s) failed: %ld", names[k], endpoints[k]);
            return 1;
        }
        items[k] = (struct wait_item){.handle = (int32_t)endpoints[k], .events = WAIT_READABLE};
    }
    cobalt_log_printf("nullzero: serving null:, zero: and rand: (pid %ld)", cobalt_getpid());
    for (;;) {
        for (int k = 0; k < K_COUNT; k++)
            items[k].revents = 0;
        long r = cobalt_wait_many((long)items, K_COUNT, -1L);
        if (r < 0 && r != -EINTR) {
            cobalt_log_printf("nullzero: wait_many failed: %ld", r);
            return 1;
        }
        for (int k = 0; k < K_COUNT; k++)
            if (items[k].revents & WAIT_READABLE)
                serve(endpoints[k], (enum kind)k);
    }
}
