/* The libc tests' framework: case registry, verdict lines on the harness
 * channel, and the in-test scheme server (see lt.h). */
#include "lt.h"

#include <cobalt/debug.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CASES_MAX 32

static struct {
    const char *id, *title;
    lt_fn fn;
} cases[CASES_MAX];
static int case_count;

static char failure[512];
static int failed;

void lt_register(const char *id, const char *title, lt_fn fn)
{
    if (case_count == CASES_MAX) {
        cobalt_harness_printf("TEST %s FAIL more than %d cases in one program", id, CASES_MAX);
        return;
    }
    cases[case_count].id = id;
    cases[case_count].title = title;
    cases[case_count].fn = fn;
    case_count++;
}

void lt_fail(const char *file, int line, const char *fmt, ...)
{
    if (failed++)
        return;
    const char *base = strrchr(file, '/');
    int n = snprintf(failure, sizeof failure, "%s:%d: ", base ? base + 1 : file, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(failure + n, sizeof failure - n, fmt, ap);
    va_end(ap);
}

int lt_failed(void)
{
    return failed != 0;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int lt_main(void)
{
    int bad = 0;
    qsort(cases, case_count, sizeof cases[0], by_id);
    for (int i = 0; i < case_count; i++) {
        failed = 0;
        failure[0] = '\0';
        cobalt_log_printf("libc test %s: %s", cases[i].id, cases[i].title);
        cases[i].fn();
        if (failed) {
            cobalt_harness_printf("TEST %s FAIL %s", cases[i].id, failure);
            bad++;
        } else {
            cobalt_harness_printf("TEST %s PASS", cases[i].id);
        }
    }
    return bad;
}

uint64_t lt_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#define SERVER_BUF (64 * 1024)

/* Opening "<name>:" + QUIT_PATH asks a server thread to end. (Closing its
 * endpoint under it is not enough: a thread woken by a request that the
 * close then discards goes back to sleep on the dead scheme; see
 * docs/libc.md, "Kernel issues".) */
#define QUIT_PATH "lt-server-quit"

struct lt_server {
    char name[SCHEME_NAME_MAX + 1];
    int quit;
    long endpoint;
    lt_serve_fn serve;
    void *data;
    pthread_t thread;
    int threaded;
    char buf[SERVER_BUF];
};

void *lt_server_data(struct lt_server *s)
{
    return s->data;
}

long lt_server_endpoint(struct lt_server *s)
{
    return s->endpoint;
}

long lt_reply(struct lt_server *s, const struct scheme_request *req, long result, const void *data,
              size_t len)
{
    return cobalt_scheme_reply(s->endpoint, (long)req->tag, result, (long)data, (long)len);
}

long lt_server_step(struct lt_server *s)
{
    struct scheme_request req;
    long r = cobalt_scheme_recv(s->endpoint, (long)&req, (long)s->buf, sizeof s->buf, 0);
    if (r < 0)
        return r;
    if (req.op == SCHEME_OPEN && req.payload_len == strlen(QUIT_PATH) &&
        memcmp(s->buf, QUIT_PATH, req.payload_len) == 0) {
        s->quit = 1;
        lt_reply(s, &req, -ECANCELED, 0, 0);
        return r;
    }
    s->serve(s, &req, s->buf);
    return r;
}

static void *server_main(void *arg)
{
    struct lt_server *s = arg;
    while (!s->quit && lt_server_step(s) >= 0) {
    }
    return 0;
}

struct lt_server *lt_server_register(const char *name, lt_serve_fn serve, void *data)
{
    struct lt_server *s = calloc(1, sizeof *s);
    if (!s)
        return 0;
    s->endpoint = cobalt_scheme_register((long)name, (long)strlen(name));
    if (s->endpoint < 0) {
        cobalt_log_printf("lt: scheme_register(%s) gave %ld", name, s->endpoint);
        free(s);
        return 0;
    }
    s->serve = serve;
    s->data = data;
    snprintf(s->name, sizeof s->name, "%s", name);
    return s;
}

struct lt_server *lt_server_start(const char *name, lt_serve_fn serve, void *data)
{
    struct lt_server *s = lt_server_register(name, serve, data);
    if (!s)
        return 0;
    if (pthread_create(&s->thread, 0, server_main, s) != 0) {
        cobalt_handle_close(s->endpoint);
        free(s);
        return 0;
    }
    s->threaded = 1;
    return s;
}

void lt_server_stop(struct lt_server *s)
{
    if (!s)
        return;
    if (s->threaded) {
        char path[64];
        snprintf(path, sizeof path, "%s:%s", s->name, QUIT_PATH);
        open(path, O_RDONLY);
        pthread_join(s->thread, 0);
    }
    cobalt_handle_close(s->endpoint);
    free(s);
}
