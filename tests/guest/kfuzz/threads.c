/* kfuzz: the threads a worker runs besides its main thread: helper threads started by
 * thread_create, and the server thread answering the worker's scheme "fz<i>". */
#include "kfuzz.h"

/* ---- the threads a worker runs besides its main thread --------------------------------------- */

/* The entry of threads the fuzzer starts on purpose (rdi = arg, rsp = the helper's stack). */
__attribute__((naked)) void fz_thread_entry(void)
{
    __asm__ volatile("and $-16, %%rsp\n\t"
                     "call fz_helper_main\n\t"
                     "mov %%eax, %%edi\n\t"
                     "mov %0, %%eax\n\t"
                     "syscall\n\t"
                     "ud2" ::"i"(SYS_thread_exit));
}

/* A short life: a few calls that touch the scheduler and futexes, then thread_exit. */
__attribute__((used)) int fz_helper_main(uint64_t arg)
{
    static volatile uint32_t word;
    sys_yield();
    sys_futex_wake((long)&word, 1);
    sys_futex_wait((long)&word, word + 1, 1000);
    sys_sleep((long)(arg % SHORT_NS));
    return (int)sys_gettid();
}

/* The server thread: answers the requests on the worker's scheme "fz<idx>" with random but
 * well-formed answers (and sometimes ill-formed ones, answered again properly), so that open,
 * read, write and fmap from any worker get an answer and do not hang. */
int server_main(void *arg)
{
    struct worker *w = arg;
    uint64_t *r = &w->server_rng;
    static struct scheme_request req;
    static uint8_t buf[8192];
    for (;;) {
        uint64_t seen = w->ep_word;
        int ep = (int)(int32_t)(uint32_t)seen;
        if (ep < 0) {
            long h = sys_scheme_register((long)w->scheme, (long)strlen(w->scheme));
            if (w->trace)
                rt_log("kfuzz w%d.%u server: registered %s again: %ld", w->idx, w->gen, w->scheme,
                       h);
            if (h >= 0 && !swap_endpoint(w, seen, (int)h))
                sys_handle_close(h); /* the main thread registered it first */
            else if (h < 0)
                sys_sleep(MS);
            continue;
        }
        uint64_t cap = PICK(r, ((const uint64_t[]){0, 16, 4096, sizeof buf}));
        long n = sys_scheme_recv(ep, (long)&req, (long)buf, (long)cap, 0);
        if (n == -EBADF || n == -EPIPE) { /* its endpoint was closed under it */
            if (w->trace)
                rt_log("kfuzz w%d.%u server: recv on %d: %ld", w->idx, w->gen, ep, n);
            swap_endpoint(w, seen, -1); /* fails if the main thread knew first (and set one) */
            continue;
        }
        if (n < 0 || req.op == SCHEME_CLOSE)
            continue;
        /* Answers drawn from the server's own stream only (the main thread owns w->rng). */
        int64_t result = 0;
        uint64_t data = (uint64_t)buf, len = 0;
        switch (req.op) {
        case SCHEME_OPEN:
            result = one_in(r, 8) ? -(int64_t)PICK(r, ((const uint64_t[]){ENOENT, EACCES, 5000}))
                                  : (int64_t)below(r, 1000);
            break;
        case SCHEME_READ:
            if (one_in(r, 8)) {
                result = -(int64_t)PICK(r, ((const uint64_t[]){EIO, EAGAIN, 5000}));
                break;
            }
            len =
                below(r, 4)
                    ? below(r, req.arg[0] + 2)
                    : PICK(r, ((const uint64_t[]){0, sizeof buf, 1 << 20, SCHEME_PAYLOAD_MAX + 1}));
            if (len > sizeof buf || one_in(r, 16))
                data = PICK(r, ((const uint64_t[]){0, (uint64_t)buf, USER_SPACE_TOP - 8,
                                                   KERNEL_HALF, NONCANONICAL}));
            break;
        case SCHEME_WRITE:
            result = below(r, 8)
                         ? (int64_t)req.payload_total
                         : (int64_t)PICK(r, ((const uint64_t[]){0, 1, -1ULL, 1ULL << 40, -EPIPE}));
            break;
        case SCHEME_FMAP:
            result = below(r, 8) ? w->server_shm : (int64_t)below(r, 8) - 1;
            break;
        case SCHEME_FCALL: /* the server's own result and data, as an ioctl would answer */
            result = below(r, 4) ? (int64_t)below(r, 100) : -(int64_t)ENOSYS;
            len = below(r, 2) ? below(r, 256) : PICK(r, ((const uint64_t[]){0, sizeof buf}));
            break;
        default:
            result = -EINVAL;
            break;
        }
        /* Sometimes a wrong tag first (-EINVAL, or it answers another request in flight);
         * then the right one, or its client would wait for good. */
        if (one_in(r, 32))
            sys_scheme_reply(ep, (long)(req.tag + 1 + below(r, 3)), (long)result, 0, 0);
        long e = sys_scheme_reply(ep, (long)req.tag, (long)result, (long)data, (long)len);
        if (e == -EBADF && endpoint_of(w) >= 0) /* its handle closed; a duplicate took over */
            ep = endpoint_of(w);
        if (e != 0)
            sys_scheme_reply(ep, (long)req.tag, -EIO, 0, 0);
    }
    return 0;
}
