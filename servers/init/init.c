/* init: Cobalt's first process and the supervisor of the system servers
 * (docs/init.md). It reads the service list from the boot image, starts each
 * service in order, and restarts a service that exits: at once the first
 * time, then after a growing back-off; after SVC_GIVE_UP_COUNT failures within
 * SVC_GIVE_UP_WINDOW it gives that service up. It reaps every other child
 * (orphans come to the first process).
 *
 * Usage: init [-f <service list in the boot image>] [<program> [args...]]
 * The default list is etc/services. A program named after the options is
 * spawned once every service has started; when it exits, init exits with its
 * status (the harness's EXIT line): how the tests run a client under init.
 * The boot option start= adds apps to the list (boot_apps.c). */

#include "init.h"

#include <cobalt/bootfs.h>
#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SVC_MAX            32
#define SVC_PATH_MAX       128
#define SVC_GIVE_UP_COUNT  5
#define SVC_GIVE_UP_WINDOW 10000000000ull /* 10 s */
#define SVC_BACKOFF_FIRST  50000000ull    /* 50 ms */
#define SVC_BACKOFF_MAX    2000000000ull  /* 2 s */
#define NS_FOREVER         (~0ull)

struct service {
    char name[SVC_NAME_MAX];
    char path[SVC_PATH_MAX];
    char after[SVC_NAME_MAX];
    int io;
    int once;        /* an app: a clean exit (status 0) ends it; only a failure restarts it */
    int pid;         /* > 0 while running */
    int started;     /* started at least once */
    int given_up;    /* too many failures: not restarted any more */
    unsigned streak; /* failures since the last restart at once */
    uint64_t fail_at[SVC_GIVE_UP_COUNT]; /* times of the latest failures (a ring) */
    unsigned fails;                      /* failures recorded in fail_at */
    uint64_t restart_at;                 /* when a restart is due; 0 none pending */
};

static struct service services[SVC_MAX];
static int nservices;
static int test_pid = -1;

static uint64_t now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

/* Copies the next space-separated word of *line into out (at most size-1
 * bytes); 0 when the line has no more words, -1 when the word is too long. */
static int next_word(const char **line, const char *end, char *out, size_t size)
{
    const char *p = *line;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    const char *start = p;
    while (p < end && *p != ' ' && *p != '\t')
        p++;
    *line = p;
    size_t n = (size_t)(p - start);
    if (n == 0)
        return 0;
    if (n >= size)
        return -1;
    memcpy(out, start, n);
    out[n] = 0;
    return 1;
}

/* One line of the list: `name path [io] [once] [after=name]`. */
void parse_line(const char *line, const char *end, int lineno, const char *file)
{
    const char *hash = memchr(line, '#', (size_t)(end - line));
    if (hash)
        end = hash;
    struct service s = {0};
    char word[SVC_PATH_MAX];
    int r = next_word(&line, end, s.name, sizeof s.name);
    if (r == 0)
        return; /* blank or comment */
    if (r < 0 || next_word(&line, end, s.path, sizeof s.path) <= 0) {
        cobalt_log_printf("init: %s:%d: expected `name path [io] [after=name]`; ignored", file,
                          lineno);
        return;
    }
    while ((r = next_word(&line, end, word, sizeof word)) > 0) {
        if (strcmp(word, "io") == 0) {
            s.io = 1;
        } else if (strcmp(word, "once") == 0) {
            s.once = 1;
        } else if (strncmp(word, "after=", 6) == 0 && strlen(word + 6) < sizeof s.after &&
                   word[6]) {
            strcpy(s.after, word + 6);
        } else {
            cobalt_log_printf("init: %s:%d: unknown word '%s'; line ignored", file, lineno, word);
            return;
        }
    }
    if (r < 0) {
        cobalt_log_printf("init: %s:%d: over-long word; line ignored", file, lineno);
        return;
    }
    for (int i = 0; i < nservices; i++) {
        if (strcmp(services[i].name, s.name) == 0) {
            cobalt_log_printf("init: %s:%d: service %s listed twice; ignored", file, lineno,
                              s.name);
            return;
        }
    }
    if (nservices == SVC_MAX) {
        cobalt_log_printf("init: %s:%d: more than %d services; ignored", file, lineno, SVC_MAX);
        return;
    }
    services[nservices++] = s;
}

void drop_apps(void)
{
    int kept = 0;
    for (int i = 0; i < nservices; i++)
        if (!services[i].once)
            services[kept++] = services[i];
    nservices = kept;
}

int service_listed(const char *name)
{
    for (int i = 0; i < nservices; i++)
        if (strcmp(services[i].name, name) == 0)
            return 1;
    return 0;
}

static int read_services(const char *file)
{
    size_t size;
    const char *text = bootfs_find(file, &size);
    if (!text) {
        cobalt_log_printf("init: no %s in the boot image; no services", file);
        return -ENOENT;
    }
    const char *p = text, *end = text + size;
    for (int lineno = 1; p < end; lineno++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        parse_line(p, eol, lineno, file);
        p = nl ? nl + 1 : end;
    }
    return 0;
}

static int spawn_program(const char *path, char *const argv[], int io)
{
    static char *const envp[] = {"PATH=/bin", NULL};
    return (int)cobalt_spawn((long)path, (long)strlen(path), (long)argv, (long)envp,
                             io ? SPAWN_GRANT_IO : 0);
}

static void start_service(struct service *s)
{
    char *argv[] = {s->path, NULL};
    s->restart_at = 0;
    int pid = spawn_program(s->path, argv, s->io);
    if (pid < 0) {
        /* Counts as a failure: retried with back-off, given up like a crash. */
        cobalt_log_printf("init: %s: spawn %s failed: %d", s->name, s->path, pid);
        s->pid = 0;
        return;
    }
    s->pid = pid;
    s->started = 1;
    cobalt_log_printf("init: started %s (pid %d)%s", s->name, pid, s->io ? " with I/O" : "");
}

static struct service *find_service(const char *name)
{
    for (int i = 0; i < nservices; i++)
        if (strcmp(services[i].name, name) == 0)
            return &services[i];
    return NULL;
}

static void describe(int status, char *buf, size_t size)
{
    if ((status & 0x7f) == 0)
        snprintf(buf, size, "exited with code %d", (status >> 8) & 0xff);
    else
        snprintf(buf, size, "killed by signal %d", status & 0x7f);
}

/* A failure of s at `now`: schedules its restart or gives it up. */
static void service_failed(struct service *s, uint64_t now, const char *why)
{
    s->fail_at[s->fails % SVC_GIVE_UP_COUNT] = now;
    s->fails++;
    if (s->fails >= SVC_GIVE_UP_COUNT &&
        now - s->fail_at[(s->fails - SVC_GIVE_UP_COUNT) % SVC_GIVE_UP_COUNT] <=
            SVC_GIVE_UP_WINDOW) {
        s->given_up = 1;
        cobalt_log_printf("init: %s %s; giving up: %d failures within %llu s", s->name, why,
                          SVC_GIVE_UP_COUNT, SVC_GIVE_UP_WINDOW / 1000000000ull);
        return;
    }
    /* A service that ran a whole window without failing starts over at once. */
    if (s->fails >= 2 && now - s->fail_at[(s->fails - 2) % SVC_GIVE_UP_COUNT] > SVC_GIVE_UP_WINDOW)
        s->streak = 0;
    uint64_t delay = 0;
    if (s->streak > 0) {
        delay = SVC_BACKOFF_FIRST << (s->streak - 1 < 10 ? s->streak - 1 : 10);
        if (delay > SVC_BACKOFF_MAX)
            delay = SVC_BACKOFF_MAX;
    }
    s->streak++;
    s->restart_at = now + delay + 1; /* never 0: 0 means none pending */
    if (delay)
        cobalt_log_printf("init: %s %s; restarting in %llu ms", s->name, why,
                          (unsigned long long)(delay / 1000000));
    else
        cobalt_log_printf("init: %s %s; restarting", s->name, why);
}

/* Starts the services in list order, each one after its after= service. */
static void start_all(void)
{
    int left = nservices;
    while (left > 0) {
        int progress = 0;
        for (int i = 0; i < nservices; i++) {
            struct service *s = &services[i];
            if (s->started || s->given_up || s->restart_at)
                continue;
            if (s->after[0]) {
                struct service *dep = find_service(s->after);
                if (!dep) {
                    cobalt_log_printf("init: %s: after=%s names no service; starting it anyway",
                                      s->name, s->after);
                } else if (!dep->started && !dep->given_up && !dep->restart_at) {
                    continue;
                }
            }
            start_service(s);
            if (!s->started)
                service_failed(s, now_ns(), "could not start");
            left--;
            progress = 1;
        }
        if (!progress) {
            for (int i = 0; i < nservices; i++) {
                struct service *s = &services[i];
                if (!s->started && !s->given_up && !s->restart_at) {
                    cobalt_log_printf("init: %s: after=%s is a cycle; not started", s->name,
                                      s->after);
                    s->given_up = 1;
                }
            }
            break;
        }
    }
}

/* Collects every exited child; returns 1 when the test program exited (its
 * status in *test_status). */
static int reap(int *test_status)
{
    int done = 0;
    for (;;) {
        int status = 0;
        long pid = cobalt_wait(-1, (long)&status, WAIT_NOHANG);
        if (pid <= 0)
            return done;
        if (pid == test_pid) {
            *test_status = status;
            done = 1;
            continue;
        }
        struct service *s = NULL;
        for (int i = 0; i < nservices; i++)
            if (services[i].pid == pid)
                s = &services[i];
        if (!s)
            continue; /* an orphan: reaped, nothing more */
        char why[96], reason[48];
        describe(status, reason, sizeof reason);
        snprintf(why, sizeof why, "(pid %ld) died: %s", pid, reason);
        s->pid = 0;
        if (s->once && status == 0) {
            cobalt_log_printf("init: %s (pid %ld) finished", s->name, pid);
            continue; /* done: not restarted */
        }
        service_failed(s, now_ns(), why);
    }
}

int main(int argc, char **argv)
{
    const char *list = "etc/services";
    int arg = 1;
    if (arg + 1 < argc && strcmp(argv[arg], "-f") == 0) {
        list = argv[arg + 1];
        arg += 2;
    }
    cobalt_log_printf("init: pid %ld, services from %s", cobalt_getpid(), list);
    int r = bootfs_open();
    if (r < 0)
        cobalt_log_printf("init: bootfs_map failed (%d); no services", r);
    else
        read_services(list);
    add_boot_apps();
    start_all();
    cobalt_log_printf("init: %d service(s) started", nservices);
    cobalt_harness_printf("INIT ready");
    if (arg < argc) {
        test_pid = spawn_program(argv[arg], argv + arg, 0);
        if (test_pid < 0) {
            cobalt_log_printf("init: spawn %s failed: %d", argv[arg], test_pid);
            return 127;
        }
        cobalt_log_printf("init: running %s (pid %d)", argv[arg], test_pid);
    }
    for (;;) {
        int test_status;
        if (reap(&test_status)) {
            char reason[48];
            describe(test_status, reason, sizeof reason);
            cobalt_log_printf("init: %s %s; init exits", argv[arg], reason);
            return (test_status & 0x7f) ? 128 + (test_status & 0x7f) : (test_status >> 8) & 0xff;
        }
        uint64_t now = now_ns(), next = 0;
        for (int i = 0; i < nservices; i++) {
            struct service *s = &services[i];
            if (!s->restart_at || s->given_up)
                continue;
            if (s->restart_at <= now) {
                start_service(s);
                if (!s->pid)
                    service_failed(s, now_ns(), "could not start");
            }
            if (s->restart_at && (!next || s->restart_at < next))
                next = s->restart_at;
        }
        struct wait_item item = {.handle = WAIT_CHILDREN, .events = WAIT_READABLE};
        now = now_ns();
        uint64_t timeout = next ? (next > now ? next - now : 1) : NS_FOREVER;
        cobalt_wait_many((long)&item, 1, (long)timeout);
    }
}
