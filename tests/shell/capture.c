/* shrun's output capture without pipes: the scheme `shrun-out:` served by one
 * thread of shrun. Every file opened on it writes into one buffer (what a
 * script and its children print, in the order the server receives it); reads
 * are end of file; other requests answer -ENOSYS (so isatty says no). */
#include <cobalt/sys.h>

#include "capture.h"

#include <cobalt/debug.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define SCHEME   "shrun-out"
#define KEEP_MAX (64 * 1024)
#define RECV_MAX (64 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char kept[KEEP_MAX];
static size_t kept_len;
static long endpoint = -1;
static char recv_buf[RECV_MAX];

static void *serve(void *arg)
{
    (void)arg;
    uint64_t next_id = 1;
    for (;;) {
        struct scheme_request req;
        long r = cobalt_scheme_recv(endpoint, (long)&req, (long)recv_buf, sizeof recv_buf, 0);
        if (r < 0)
            return 0;
        long result = -ENOSYS;
        switch (req.op) {
        case SCHEME_OPEN:
            result = (long)next_id++;
            break;
        case SCHEME_WRITE: {
            size_t n = req.payload_len;
            pthread_mutex_lock(&lock);
            size_t room = KEEP_MAX - kept_len;
            memcpy(kept + kept_len, recv_buf, n < room ? n : room);
            kept_len += n < room ? n : room;
            pthread_mutex_unlock(&lock);
            result = (long)(n < room ? n : room);
            break;
        }
        case SCHEME_READ:
            result = 0;
            break;
        case SCHEME_CLOSE:
            continue;
        }
        cobalt_scheme_reply(endpoint, (long)req.tag, result, 0, 0);
    }
}

int capture_open(void)
{
    if (endpoint < 0) {
        endpoint = cobalt_scheme_register((long)SCHEME, (long)strlen(SCHEME));
        if (endpoint < 0) {
            cobalt_log_printf("shrun: scheme_register(" SCHEME ") gave %ld", endpoint);
            return -1;
        }
        /* Not for the children: they must not hold (or close) our endpoint. */
        fcntl((int)endpoint, F_SETFD, FD_CLOEXEC);
        pthread_t thread;
        if (pthread_create(&thread, 0, serve, 0) != 0) {
            cobalt_handle_close(endpoint);
            endpoint = -1;
            return -1;
        }
    }
    pthread_mutex_lock(&lock);
    kept_len = 0;
    pthread_mutex_unlock(&lock);
    return open(SCHEME ":", O_WRONLY);
}

size_t capture_take(char *buf, size_t max)
{
    pthread_mutex_lock(&lock);
    size_t n = kept_len < max ? kept_len : max;
    memcpy(buf, kept, n);
    pthread_mutex_unlock(&lock);
    return n;
}
