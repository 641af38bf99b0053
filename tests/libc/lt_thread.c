/* libc tests: pthreads on Cobalt threads (thread_create, futexes, the
 * clear-tid word, thread-directed signals for cancellation). */
#include "lt.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void *add_one(void *arg)
{
    return (void *)((long)arg + 1);
}

LT_CASE(LIBC0050, "pthread_create and pthread_join return values; 200 threads one after another")
{
    for (long i = 0; i < 200; i++) {
        pthread_t t;
        int r = pthread_create(&t, 0, add_one, (void *)i);
        if (r != 0) {
            lt_fail(__FILE__, __LINE__, "pthread_create #%ld gave %d", i, r);
            return;
        }
        void *ret = 0;
        LT_EQ(pthread_join(t, &ret), 0);
        LT_EQ((long)ret, i + 1);
    }
    /* Eight at once. */
    pthread_t t[8];
    for (long i = 0; i < 8; i++)
        LT_EQ(pthread_create(&t[i], 0, add_one, (void *)(i * 10)), 0);
    for (long i = 0; i < 8; i++) {
        void *ret = 0;
        pthread_join(t[i], &ret);
        LT_EQ((long)ret, i * 10 + 1);
    }
    LT_CHECK(pthread_equal(pthread_self(), pthread_self()), "pthread_self");
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *increment(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&lock);
        long v = counter;
        if (i % 1000 == 0)
            sched_yield(); /* make the others wait on the lock */
        counter = v + 1;
        pthread_mutex_unlock(&lock);
    }
    return 0;
}

LT_CASE(LIBC0051, "a mutex under contention: 4 threads x 10000 increments = 40000")
{
    pthread_t t[4];
    counter = 0;
    for (int i = 0; i < 4; i++)
        LT_EQ(pthread_create(&t[i], 0, increment, 0), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], 0);
    LT_EQ(counter, 40000);
    LT_EQ(pthread_mutex_trylock(&lock), 0);
    LT_EQ(pthread_mutex_trylock(&lock), EBUSY);
    pthread_mutex_unlock(&lock);
    pthread_mutexattr_t a;
    pthread_mutex_t rec;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rec, &a);
    LT_EQ(pthread_mutex_lock(&rec), 0);
    LT_EQ(pthread_mutex_lock(&rec), 0);
    LT_EQ(pthread_mutex_unlock(&rec), 0);
    LT_EQ(pthread_mutex_unlock(&rec), 0);
}

/* A bounded queue: one producer, two consumers, condition variables. */
#define QSIZE 8
static struct {
    pthread_mutex_t m;
    pthread_cond_t not_empty, not_full;
    int items[QSIZE], head, count, done;
    long sum;
} q = {.m = PTHREAD_MUTEX_INITIALIZER,
       .not_empty = PTHREAD_COND_INITIALIZER,
       .not_full = PTHREAD_COND_INITIALIZER};

static void *consume(void *arg)
{
    (void)arg;
    long mine = 0;
    for (;;) {
        pthread_mutex_lock(&q.m);
        while (q.count == 0 && !q.done)
            pthread_cond_wait(&q.not_empty, &q.m);
        if (q.count == 0 && q.done) {
            pthread_mutex_unlock(&q.m);
            return (void *)mine;
        }
        int v = q.items[q.head];
        q.head = (q.head + 1) % QSIZE;
        q.count--;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.m);
        mine += v;
    }
}

LT_CASE(LIBC0052, "condition variables: a producer and two consumers pass 5000 items")
{
    pthread_t c[2];
    for (int i = 0; i < 2; i++)
        LT_EQ(pthread_create(&c[i], 0, consume, 0), 0);
    for (int v = 1; v <= 5000; v++) {
        pthread_mutex_lock(&q.m);
        while (q.count == QSIZE)
            pthread_cond_wait(&q.not_full, &q.m);
        q.items[(q.head + q.count) % QSIZE] = v;
        q.count++;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.m);
    }
    pthread_mutex_lock(&q.m);
    q.done = 1;
    pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.m);
    long total = 0;
    for (int i = 0; i < 2; i++) {
        void *part;
        pthread_join(c[i], &part);
        total += (long)part;
    }
    LT_EQ(total, 5000L * 5001 / 2);
    /* A timed wait that nobody signals times out, no earlier than asked. */
    struct timespec at;
    clock_gettime(CLOCK_REALTIME, &at);
    uint64_t t0 = lt_now_ns();
    at.tv_nsec += 30000000;
    if (at.tv_nsec >= 1000000000) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&q.m);
    LT_EQ(pthread_cond_timedwait(&q.not_full, &q.m, &at), ETIMEDOUT);
    pthread_mutex_unlock(&q.m);
    LT_CHECK(lt_now_ns() - t0 >= 29000000u, "timedwait returned after %llu ns",
             (unsigned long long)(lt_now_ns() - t0));
}

static volatile int cleanup_ran;

static void note_cleanup(void *arg)
{
    (void)arg;
    cleanup_ran = 1;
}

static void *sleep_forever(void *arg)
{
    (void)arg;
    pthread_cleanup_push(note_cleanup, 0);
    for (;;) {
        struct timespec ts = {100, 0};
        nanosleep(&ts, 0);
    }
    pthread_cleanup_pop(0);
    return 0;
}

/* A server that takes READ requests and never answers them. */
static void serve_silent(struct lt_server *s, const struct scheme_request *req, const void *p)
{
    (void)p;
    if (req->op == SCHEME_OPEN)
        lt_reply(s, req, 1, 0, 0);
    else if (req->op != SCHEME_READ && req->op != SCHEME_CLOSE)
        lt_reply(s, req, -ENOSYS, 0, 0);
}

static void *read_forever(void *arg)
{
    char c;
    read((int)(long)arg, &c, 1);
    return (void *)1; /* not reached when cancelled */
}

static pthread_mutex_t cancel_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cancel_c = PTHREAD_COND_INITIALIZER;

static void unlock_cancel_m(void *arg)
{
    (void)arg;
    pthread_mutex_unlock(&cancel_m);
}

static void *wait_cond(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cancel_m);
    pthread_cleanup_push(unlock_cancel_m, 0);
    for (;;)
        pthread_cond_wait(&cancel_c, &cancel_m);
    pthread_cleanup_pop(1);
    return 0;
}

static volatile unsigned long spins;

static void *spin_async(void *arg)
{
    (void)arg;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, 0);
    for (;;)
        spins++;
    return 0;
}

LT_CASE(LIBC0053, "pthread_cancel ends threads in nanosleep, read, pthread_cond_wait, a spin loop")
{
    pthread_t t;
    cleanup_ran = 0;
    LT_EQ(pthread_create(&t, 0, sleep_forever, 0), 0);
    struct timespec ts = {0, 30000000};
    nanosleep(&ts, 0); /* let it block */
    LT_EQ(pthread_cancel(t), 0);
    void *ret = 0;
    LT_EQ(pthread_join(t, &ret), 0);
    LT_CHECK(ret == PTHREAD_CANCELED, "join gave %p, not PTHREAD_CANCELED", ret);
    LT_EQ(cleanup_ran, 1);

    struct lt_server *s = lt_server_start("lt-silent", serve_silent, 0);
    int fd = open("lt-silent:x", O_RDONLY);
    LT_CHECK(s && fd >= 0, "open lt-silent: errno %d", errno);
    LT_EQ(pthread_create(&t, 0, read_forever, (void *)(long)fd), 0);
    nanosleep(&ts, 0);
    LT_EQ(pthread_cancel(t), 0);
    ret = 0;
    LT_EQ(pthread_join(t, &ret), 0);
    LT_CHECK(ret == PTHREAD_CANCELED, "join gave %p, not PTHREAD_CANCELED", ret);
    close(fd);
    lt_server_stop(s);
    /* pthread_cond_wait is a cancellation point; the cleanup handler unlocks. */
    pthread_t waiter;
    LT_EQ(pthread_create(&waiter, 0, wait_cond, 0), 0);
    nanosleep(&ts, 0);
    LT_EQ(pthread_cancel(waiter), 0);
    ret = 0;
    LT_EQ(pthread_join(waiter, &ret), 0);
    LT_CHECK(ret == PTHREAD_CANCELED, "cond_wait cancel: join gave %p", ret);
    LT_EQ(pthread_mutex_trylock(&cancel_m), 0);
    pthread_mutex_unlock(&cancel_m);
    /* Asynchronous cancellation stops a thread that makes no calls at all. */
    pthread_t spinner;
    LT_EQ(pthread_create(&spinner, 0, spin_async, 0), 0);
    nanosleep(&ts, 0);
    LT_EQ(pthread_cancel(spinner), 0);
    ret = 0;
    LT_EQ(pthread_join(spinner, &ret), 0);
    LT_CHECK(ret == PTHREAD_CANCELED, "async cancel: join gave %p", ret);
    /* A thread that is cancelled before it ever blocks ends at its first cancellation point. */
    pthread_t early;
    LT_EQ(pthread_create(&early, 0, sleep_forever, 0), 0);
    LT_EQ(pthread_cancel(early), 0);
    LT_EQ(pthread_join(early, &ret), 0);
    LT_CHECK(ret == PTHREAD_CANCELED, "early cancel: join gave %p", ret);
}

static __thread int tls_value = 7;
static __thread char tls_buf[256];
static pthread_key_t key;
static volatile int destructor_calls;

static void key_destructor(void *v)
{
    (void)v;
    __atomic_add_fetch(&destructor_calls, 1, __ATOMIC_SEQ_CST);
}

static void *tls_worker(void *arg)
{
    long id = (long)arg;
    if (tls_value != 7 || tls_buf[0] != 0)
        return (void *)-1; /* each thread starts from the initial image */
    tls_value = (int)id * 100;
    snprintf(tls_buf, sizeof tls_buf, "thread %ld", id);
    pthread_setspecific(key, (void *)(id + 1));
    struct timespec ts = {0, 5000000};
    nanosleep(&ts, 0);
    char want[32];
    snprintf(want, sizeof want, "thread %ld", id);
    if (tls_value != (int)id * 100 || strcmp(tls_buf, want) != 0 ||
        pthread_getspecific(key) != (void *)(id + 1))
        return (void *)-2;
    return (void *)&tls_value; /* distinct per thread */
}

LT_CASE(LIBC0054, "thread-local storage and thread-specific keys are per thread")
{
    LT_EQ(pthread_key_create(&key, key_destructor), 0);
    destructor_calls = 0;
    pthread_t t[6];
    void *ret[6];
    for (long i = 0; i < 6; i++)
        LT_EQ(pthread_create(&t[i], 0, tls_worker, (void *)(i + 1)), 0);
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], &ret[i]);
        LT_CHECK((long)ret[i] != -1 && (long)ret[i] != -2, "thread %d saw %ld", i, (long)ret[i]);
    }
    for (int i = 0; i < 6; i++) {
        for (int j = i + 1; j < 6; j++)
            LT_CHECK(ret[i] != ret[j], "threads %d and %d share a TLS address", i, j);
    }
    LT_EQ(tls_value, 7);
    LT_EQ(destructor_calls, 6);
    pthread_key_delete(key);
}

static void *detached_worker(void *arg)
{
    __atomic_add_fetch((int *)arg, 1, __ATOMIC_SEQ_CST);
    return 0;
}

LT_CASE(LIBC0055, "detached threads end and free themselves; 100 of them")
{
    static int done;
    done = 0;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&a, 64 * 1024);
    for (int i = 0; i < 100; i++) {
        pthread_t t;
        int r = pthread_create(&t, &a, detached_worker, &done);
        if (r != 0) {
            lt_fail(__FILE__, __LINE__, "detached pthread_create #%d gave %d", i, r);
            break;
        }
        if (i % 10 == 9)
            sched_yield();
    }
    uint64_t deadline = lt_now_ns() + 5000000000ULL;
    while (__atomic_load_n(&done, __ATOMIC_SEQ_CST) < 100 && lt_now_ns() < deadline)
        usleep(1000);
    LT_EQ(done, 100);
}

int main(void)
{
    return lt_main();
}
