/* kfuzz: a seeded system-call fuzzer in the spirit of xv6's grind (docs/testing.md, "The
 * syscall fuzzer"). Owns the in-guest id FUZZ0002 (the health check after the run); the host
 * case is FUZZ0001 in tests/cases/fuzz.py.
 *
 *     bin/kfuzz [calls [seed [trace]]]          (defaults 100000 and 1)
 *
 * The kernel starts it as the first process and passes the boot options fuzz_calls= and
 * fuzz_seed= as argv[1] and argv[2]. That process is the supervisor: it forks NWORKERS workers
 * and gives each its share of the calls. A worker picks a call at random (by weight) from a
 * table built from COBALT_SYSCALLS and draws each argument by its kind (pointer, length,
 * handle, flags, pid, signal, address, count, value, ...) with a bias to that kind's edge
 * values. Before each call it writes the call into a ring of its last RING calls on a page it
 * shares with the supervisor.
 *
 * A worker that dies (a fault, a signal, or an exit or exec it fuzzed itself) is logged on the
 * kernel log with its wait status and its last calls, and respawned with the next
 * generation's seed; for a fault the kernel logs its own reason line ("fault: pid N (...)
 * killed by ..."). A worker that starts no call for HANG_NS is logged the same way and killed.
 * When the workers have made every call, the supervisor checks that the kernel still spawns,
 * passes messages and collects exits, and prints on the harness channel
 *
 *     TEST FUZZ0002 PASS | TEST FUZZ0002 FAIL <why>
 *     FUZZ calls=<n> seed=<s> deaths=<d> hangs=<h>
 *
 * Replaying: every random choice comes from xorshift64* seeded by (seed, worker, generation),
 * so a seed makes the same choices again. What depends on timing between processes (whether a
 * kill of a sibling lands, which server answers first) can differ, and with it the later
 * choices that use state those results built (handles, children, mappings). With "trace"
 * (argv[3]) every worker logs each call, with the previous call's result, before making it:
 * for a kernel panic or hang, which leaves no ring to read.
 *
 * Besides its main thread, which makes the calls, a worker runs a server thread answering its
 * scheme "fz<i>" (so that open, read, write, fmap and fcall from any worker get answers, some
 * of them ill-formed) and, when thread_create is drawn, short-lived helper threads.
 *
 * Rules that keep the fuzzer useful, i.e. calls that are neutered or rationed (see shape()):
 * - exit, thread_exit (of the main thread) and sigreturn (without a signal frame) end or derail
 *   the worker: allowed rarely, which exercises the respawn path.
 * - exec replaces the worker: refused paths, and bin/kt_tiny rarely (the worker then exits 42).
 * - spawn and fork: at most MAX_CHILDREN live children per worker, reaped as they exit; a
 *   forked child exits at once (it shares the ring page). Only bin/kt_tiny and
 *   bin/kt_tiny_packed may start: never a program that could start more fuzzers or tests.
 *   Orphans of dead workers are adopted by the first process, which collects them.
 * - kill and thread_kill: a fatal signal to itself or a sibling worker only rarely; pid 1
 *   answers -EPERM anyway.
 * - sleep, futex_wait, wait_many and scheme_recv get timeouts of at most 2 ms or the
 *   non-blocking form; the blocking or endless forms rarely (the watchdog then kills).
 * - munmap, mprotect and shm_unmap never hit the worker's own image, stack, ring page, scratch
 *   area or thread stacks, except rarely (the worker then dies of it).
 * - handle_close and handle_dup_to close the server's endpoint only rarely; a scheme
 *   registered under another name than its own is closed at once (nobody would serve it).
 * - debug_write writes to the harness channel only what is harmless there (COM2 is parsed).
 * - mmio_map: a mapping that succeeded is unmapped at once, so that no later pointer makes
 *   the kernel copy into device registers (a driver is trusted with its device);
 *   shm_create_device: a handle it gave is closed at once, for the same reason.
 * Workers are forked from the first process, so they may do I/O: irq_bind, ioport_grant,
 * mmio_map and bootfs_map are fuzzed with that privilege (no worker ever runs in/out).
 *
 * This file owns the supervisor (forking, watching and respawning the workers) and main; the
 * rest of the fuzzer is in the other files of tests/guest/kfuzz/ (kfuzz.h lists them). */
#include "kfuzz.h"

volatile struct control *ctl;

/* ---- the supervisor -------------------------------------------------------------------------- */

struct wstate {
    int pid; /* 0: not running */
    uint32_t gen;
    uint64_t quota, done, budget;
    uint64_t seen_calls, seen_at; /* the watchdog's view */
    uint64_t killed_at;           /* when the watchdog killed it; 0: never */
    bool main_exited;             /* killed because its main thread had left */
};

static struct {
    uint64_t calls, seed;
    bool trace;
    struct wstate w[NWORKERS];
    uint64_t deaths, hangs;
    int running;
    const char *abort; /* why the run stopped early */
    uint64_t abort_at;
    uint64_t fork_failing_since;
} sv;

static void stop_run(const char *why)
{
    if (sv.abort)
        return;
    sv.abort = why;
    sv.abort_at = rt_now_ns();
    rt_log("kfuzz: stopping the run: %s", why);
}

static const char *signal_label(int sig)
{
    static const char *const names[COBALT_NSIG] = {
        [SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
        [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
        [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM"};
    return sig > 0 && sig < COBALT_NSIG && names[sig] ? names[sig] : "signal";
}

void fmt_status(char *out, size_t size, int st)
{
    if ((st & 0x7F) == 0)
        ksnprintf(out, size, "exit %d", (st >> 8) & 0xFF);
    else
        ksnprintf(out, size, "signal %d (%s)", st & 0x7F, signal_label(st & 0x7F));
}

/* The worker's last calls, oldest first, on the kernel log. */
static void log_ring(int i)
{
    volatile struct slot *s = &ctl->slot[i];
    uint64_t head = s->head;
    uint64_t n = head < RING ? head : RING;
    if (n == 0)
        rt_log("kfuzz:   (none: it died before its first call)");
    for (uint64_t k = head - n; k < head; k++) {
        volatile struct ring_entry *e = &s->ring[k % RING];
        uint64_t a[MAX_ARGS];
        for (int j = 0; j < MAX_ARGS; j++)
            a[j] = e->arg[j];
        char call[200], res[40], text[sizeof e->text + 8] = "";
        int nr = e->nr < SYS_COUNT ? (int)e->nr : SYS_null;
        fmt_call(call, sizeof call, nr, a);
        if (e->done)
            rt_fmt_result(res, sizeof res, (long)e->result);
        if (e->text[0]) {
            text[0] = ' ';
            text[1] = '"';
            size_t k = 0;
            for (; k < sizeof e->text - 1 && e->text[k]; k++)
                text[2 + k] = e->text[k];
            text[2 + k] = '"';
            text[3 + k] = '\0';
        }
        rt_log("kfuzz:   #%lu %s%s%s%s", e->seq, call, text, e->done ? " = " : "",
               e->done ? res : " ... did not return");
    }
}

static uint64_t calls_made(void)
{
    uint64_t total = 0;
    for (int i = 0; i < NWORKERS; i++) {
        total += sv.w[i].done;
        if (sv.w[i].pid) {
            uint64_t c = ctl->slot[i].calls;
            total += c < sv.w[i].budget ? c : sv.w[i].budget;
        }
    }
    return total;
}

static long start_worker(int i)
{
    struct wstate *ws = &sv.w[i];
    volatile struct slot *s = &ctl->slot[i];
    memset((void *)s, 0, sizeof *s);
    ws->budget = ws->quota - ws->done;
    long pid = sys_fork();
    if (pid == 0)
        worker_main(i, ws->gen, sv.seed, ws->budget, sv.trace);
    if (pid < 0)
        return pid;
    s->pid = (int32_t)pid;
    ws->pid = (int)pid;
    ws->seen_calls = 0;
    ws->seen_at = rt_now_ns();
    ws->killed_at = 0;
    ws->main_exited = false;
    sv.running++;
    return pid;
}

static void worker_ended(int i, int st)
{
    struct wstate *ws = &sv.w[i];
    volatile struct slot *s = &ctl->slot[i];
    uint64_t made = s->calls < ws->budget ? s->calls : ws->budget;
    ws->done += made;
    bool hung = ws->killed_at != 0 && !ws->main_exited;
    if (!(s->finished && st == 0 && made == ws->budget)) {
        char how[48];
        fmt_status(how, sizeof how, st);
        if (!hung)
            sv.deaths++;
        rt_log("kfuzz: worker %d gen %u pid %d %s: %s after %lu of %lu calls (seed %lu, worker "
               "seed %#lx)%s",
               i, ws->gen, ws->pid, hung ? "collected after the watchdog's kill" : "died", how,
               made, ws->budget, sv.seed, stream_seed(sv.seed, i, ws->gen, 0),
               hung ? "" : "; its last calls, oldest first:");
        if (!hung)
            log_ring(i);
    }
    ws->pid = 0;
    s->pid = 0;
    sv.running--;
    if (ws->done < ws->quota)
        ws->gen++;
}

static void watchdog(uint64_t now)
{
    for (int i = 0; i < NWORKERS; i++) {
        struct wstate *ws = &sv.w[i];
        if (!ws->pid)
            continue;
        volatile struct slot *s = &ctl->slot[i];
        uint64_t c = s->calls;
        volatile struct ring_entry *last = &s->ring[(s->head + RING - 1) % RING];
        if (c != ws->seen_calls) {
            ws->seen_calls = c;
            ws->seen_at = now;
        } else if (!ws->killed_at && c && last->nr == SYS_thread_exit && !last->done &&
                   now - ws->seen_at > EXITED_MAIN_NS) {
            /* Its main thread is gone; its other threads keep the process: a death. */
            rt_log("kfuzz: worker %d gen %u pid %d: its main thread called thread_exit; killing "
                   "the rest",
                   i, ws->gen, ws->pid);
            sys_kill(ws->pid, SIGKILL);
            ws->killed_at = now;
            ws->main_exited = true;
        } else if (!ws->killed_at && now - ws->seen_at > HANG_NS) {
            sv.hangs++;
            rt_log("kfuzz: worker %d gen %u pid %d started no call for %lu ms: killing it "
                   "(seed %lu); its last calls, oldest first:",
                   i, ws->gen, ws->pid, (unsigned long)((now - ws->seen_at) / MS), sv.seed);
            log_ring(i);
            sys_kill(ws->pid, SIGKILL);
            ws->killed_at = now;
        } else if (ws->killed_at && now - ws->killed_at > KILL_GRACE_NS && !sv.abort) {
            static char why[96];
            ksnprintf(why, sizeof why, "worker pid %d still alive %lu s after SIGKILL", ws->pid,
                      (unsigned long)(KILL_GRACE_NS / 1000 / MS));
            stop_run(why);
        }
    }
}

static void supervise(void)
{
    uint64_t next_report = sv.calls / 10;
    for (;;) {
        uint64_t now = rt_now_ns();
        /* Respawn: a worker whose share is not done yet and that is not running. */
        bool pending = false;
        for (int i = 0; i < NWORKERS; i++) {
            if (sv.w[i].pid || sv.w[i].done >= sv.w[i].quota)
                continue;
            pending = true;
            if (sv.abort)
                continue;
            long pid = start_worker(i);
            if (pid > 0) {
                sv.fork_failing_since = 0;
                continue;
            }
            if (!sv.fork_failing_since)
                sv.fork_failing_since = now;
            if (now - sv.fork_failing_since > FORK_RETRY_NS) {
                static char why[64];
                ksnprintf(why, sizeof why, "fork failed for 10 s (last: %ld)", pid);
                stop_run(why);
            }
        }
        if (sv.running == 0 && (sv.abort || !pending))
            return;
        if (sv.abort && now - sv.abort_at > 2 * KILL_GRACE_NS)
            return; /* a worker that cannot be killed: leave it */
        struct wait_item it = {WAIT_CHILDREN, WAIT_READABLE, 0, 0};
        if (sys_wait_many((long)&it, 1, TICK_NS) < 0)
            sys_sleep(TICK_NS);
        int st;
        long pid;
        while ((pid = sys_wait(-1, (long)&st, WAIT_NOHANG)) > 0) {
            for (int i = 0; i < NWORKERS; i++) {
                if (sv.w[i].pid == pid)
                    worker_ended(i, st);
            }
        }
        now = rt_now_ns();
        watchdog(now);
        uint64_t made = calls_made();
        if (next_report && made >= next_report) {
            rt_log("kfuzz: %lu of %lu calls, %lu deaths, %lu hangs", made, sv.calls, sv.deaths,
                   sv.hangs);
            while (next_report <= made)
                next_report += sv.calls / 10;
        }
        if (sv.deaths > MAX_DEATHS)
            stop_run("more than 20000 worker deaths: the workers die at once");
        for (int i = 0; sv.abort && i < NWORKERS; i++) { /* stop what still runs */
            if (sv.w[i].pid && !sv.w[i].killed_at) {
                sys_kill(sv.w[i].pid, SIGKILL);
                sv.w[i].killed_at = now;
            }
        }
    }
}

/* ---- main ------------------------------------------------------------------------------------ */

/* A decimal number of at most 19 digits; false for anything else. */
static bool parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    int n = 0;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '9' || n == 19)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return n > 0;
}

int main(int argc, char **argv, char **envp)
{
    (void)envp;
    sv.calls = DEFAULT_CALLS;
    sv.seed = DEFAULT_SEED;
    const char *bad = table_check();
    if (!*bad && argc > 1 && (!parse_u64(argv[1], &sv.calls) || sv.calls == 0))
        bad = "argv[1] (calls) is not a positive decimal number";
    if (!*bad && argc > 2 && !parse_u64(argv[2], &sv.seed))
        bad = "argv[2] (seed) is not a decimal number";
    sv.trace = argc > 3 && strcmp(argv[3], "trace") == 0;
    if (*bad) {
        rt_log("kfuzz: %s", bad);
        rt_chan_line("TEST FUZZ0002 FAIL kfuzz cannot start: %s", bad);
        return 2;
    }
    rt_log("FUZZ seed=%lu workers=%d", sv.seed, NWORKERS);
    rt_log("kfuzz: %lu calls%s; replay with fuzz_calls=%lu fuzz_seed=%lu", sv.calls,
           sv.trace ? ", tracing every call" : "", sv.calls, sv.seed);

    /* The ring page: mapped here and inherited by every fork; no worker holds its handle,
     * so no fuzzed call can map it a second time. */
    long h = sys_shm_create(sizeof(struct control));
    long at = h >= 0 ? sys_shm_map(h, 0, PROT_READ | PROT_WRITE) : h;
    if (at < 0) {
        rt_chan_line("TEST FUZZ0002 FAIL kfuzz cannot make its shared page: %ld", at);
        return 2;
    }
    sys_handle_close(h);
    ctl = (volatile struct control *)at;
    for (int i = 0; i < NWORKERS; i++)
        sv.w[i].quota = sv.calls / NWORKERS + ((uint64_t)i < sv.calls % NWORKERS);

    supervise();

    uint64_t made = calls_made();
    const char *why = sv.abort;
    if (!why && made != sv.calls)
        why = "the workers stopped short of the call count";
    if (!why) {
        why = collect_orphans();
        if (!*why)
            why = health_check();
    }
    rt_log("kfuzz: %lu calls, %lu deaths, %lu hangs, seed %lu: %s", made, sv.deaths, sv.hangs,
           sv.seed, why ? why : "the kernel is healthy");
    if (why)
        rt_chan_line("TEST FUZZ0002 FAIL %s (seed %lu)", why, sv.seed);
    else
        rt_chan_line("TEST FUZZ0002 PASS");
    rt_chan_line("FUZZ calls=%lu seed=%lu deaths=%lu hangs=%lu", made, sv.seed, sv.deaths,
                 sv.hangs);
    return why ? 1 : 0;
}
