/* The libc tests' small framework (lt.c). A test program is a list of
 * cases, each with a stable id:
 *
 *     LT_CASE(LIBC0001, "strlen, strcpy and friends")
 *     {
 *         LT_CHECK(strlen("abc") == 3, "strlen gave %zu", strlen("abc"));
 *     }
 *
 *     int main(void) { return lt_main(); }
 *
 * lt_main runs the cases in id order; each prints one line on the harness
 * channel, `TEST LIBC0001 PASS` or `TEST LIBC0001 FAIL <the first failed
 * check>`, and lt_main returns the number of failed cases (the runner,
 * libctest, reports a program that exits non-zero or dies). Checks go on
 * after a failure; only the first message is kept.
 *
 * Also here: an in-test scheme server (a thread serving a scheme with a
 * callback per request) and small helpers. */
#ifndef LT_H
#define LT_H

#include <cobalt/sys.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef void (*lt_fn)(void);

void lt_register(const char *id, const char *title, lt_fn fn);
int lt_main(void);

/* Records a failure of the running case (the first one's message is kept). */
void lt_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Whether the running case has failed so far. */
int lt_failed(void);

#define LT_CASE(id, title)                                                                         \
    static void id##_run(void);                                                                    \
    __attribute__((constructor)) static void id##_register(void)                                   \
    {                                                                                              \
        lt_register(#id, title, id##_run);                                                         \
    }                                                                                              \
    static void id##_run(void)

#define LT_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond))                                                                               \
            lt_fail(__FILE__, __LINE__, __VA_ARGS__);                                              \
    } while (0)

/* Integer equality with both values in the message. */
#define LT_EQ(got, want)                                                                           \
    do {                                                                                           \
        long long lt_g = (long long)(got), lt_w = (long long)(want);                               \
        if (lt_g != lt_w)                                                                          \
            lt_fail(__FILE__, __LINE__, "%s is %lld, expected %lld", #got, lt_g, lt_w);            \
    } while (0)

#define LT_STREQ(got, want)                                                                        \
    do {                                                                                           \
        const char *lt_g = (got), *lt_w = (want);                                                  \
        if (!lt_g || strcmp(lt_g, lt_w) != 0)                                                      \
            lt_fail(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #got,                     \
                    lt_g ? lt_g : "(null)", lt_w);                                                 \
    } while (0)

/* Monotonic nanoseconds. */
uint64_t lt_now_ns(void);

/* The in-test scheme server: serve(req, payload, reply) handles one request
 * (payload holds req->payload_len bytes) and answers it with
 * lt_reply(server, req, result, data, len), now or later (a server may keep
 * a request unanswered). CLOSE requests need no answer. */
struct lt_server;
typedef void (*lt_serve_fn)(struct lt_server *s, const struct scheme_request *req,
                            const void *payload);
/* Registers `name` and serves it on a new thread; NULL on failure. */
struct lt_server *lt_server_start(const char *name, lt_serve_fn serve, void *data);
/* Registers `name` only: the caller serves with lt_server_step (same thread). */
struct lt_server *lt_server_register(const char *name, lt_serve_fn serve, void *data);
/* Receives and serves one request; returns scheme_recv's result. */
long lt_server_step(struct lt_server *s);
void *lt_server_data(struct lt_server *s);
/* The server's endpoint handle (for scheme_notify). */
long lt_server_endpoint(struct lt_server *s);
long lt_reply(struct lt_server *s, const struct scheme_request *req, long result, const void *data,
              size_t len);
/* Ends a thread server (it is asked to quit, then joined), then closes the
 * endpoint: the scheme goes. NULL is ignored. */
void lt_server_stop(struct lt_server *s);

#endif
