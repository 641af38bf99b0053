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
 *   the kernel copy into device registers (a driver is trusted with its device).
 * Workers are forked from the first process, so they may do I/O: irq_bind, ioport_grant,
 * mmio_map and bootfs_map are fuzzed with that privilege (no worker ever runs in/out). */
#include "rt.h"

#define NWORKERS      4
#define DEFAULT_CALLS 100000
#define DEFAULT_SEED  1
#define RING          16 /* calls kept per worker for the death report */
#define MAX_ARGS      6  /* the most any call in COBALT_SYSCALLS takes */

#define HANG_NS        (3000 * MS) /* no call started for this long: the worker is killed */
#define KILL_GRACE_NS  (5000 * MS) /* a worker killed with SIGKILL must be gone by then */
#define TICK_NS        (50 * MS)   /* the supervisor's poll */
#define EXITED_MAIN_NS (300 * MS)  /* a worker whose main thread left by thread_exit */
#define SHORT_NS       (2 * MS)    /* the longest timeout a call gets, bar the rare endless one */
#define FORK_RETRY_NS  (10000 * MS)
#define MAX_DEATHS     20000

#define MAX_HANDLES   24 /* handles a worker keeps to reuse as arguments */
#define MAX_CHILDREN  4
#define MAX_REGIONS   8
#define NHELPERS      4 /* stacks for threads the fuzzer starts on purpose */
#define HELPER_STACK  (16 * 1024)
#define SERVER_STACK  (64 * 1024)
#define GENERAL_PAGES 8 /* scratch: pages the kernel may write anything into */
#define AREA_PAGES    4 /* scratch: structures built for the current call */
#define STRING_PAGES  4 /* scratch: 'A's up to the guard page (over-long strings) */
#define SCRATCH_PAGES (GENERAL_PAGES + AREA_PAGES + STRING_PAGES)

/* Address-space landmarks (docs/syscalls.md, "Process start"). */
#define STACK_TOP     0x00007FFFFFFFF000ULL
#define STACK_BYTES   (1024 * 1024)
#define KERNEL_HALF   0xFFFF800000000000ULL
#define KERNEL_IMAGE  0xFFFFFFFF80000000ULL
#define NONCANONICAL  0x0000800000001000ULL
#define SHM_BYTES_MAX (256ULL * 1024 * 1024)
#define BOOTFS_SPAN   (64ULL * 1024 * 1024) /* unmapped as a whole: more than the boot image */
/* The scratch area and the unmapped page sit just below the stack: mmap_anon places mappings
 * first-fit from the bottom, so it never fills the holes up there (the guard stays a hole). */
#define SCRATCH_AT  (STACK_TOP - STACK_BYTES - 0x100000000ULL)
#define UNMAPPED_AT (SCRATCH_AT + 0x1000000ULL)

extern char __executable_start[], etext[], _end[];

/* ---- the page the supervisor shares with its workers ------------------------------------- */

struct ring_entry {
    uint64_t seq; /* the call's number in its generation, from 1 */
    uint64_t arg[MAX_ARGS];
    int64_t result;
    uint32_t nr;
    uint32_t done; /* 0 while the call runs, or if it never returned */
    char text[24]; /* the start of a path or name argument, when the fuzzer made it */
};

struct slot {
    uint64_t calls;    /* calls started by this generation */
    uint64_t head;     /* ring[head % RING] is the next entry */
    uint32_t finished; /* set just before the worker's own exit(0) at its budget */
    int32_t pid;
    struct ring_entry ring[RING];
};

struct control {
    struct slot slot[NWORKERS];
};

static volatile struct control *ctl;

/* ---- deterministic randomness -------------------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* The seed of one stream: (run seed, worker, generation, stream) -> a non-zero state. */
static uint64_t stream_seed(uint64_t seed, int worker, uint32_t gen, int stream)
{
    uint64_t s = mix64(seed ^ mix64(((uint64_t)worker << 40) ^ ((uint64_t)gen << 8) ^
                                    (uint64_t)stream ^ 0x6B66757A7AULL));
    return s ? s : 0x9E3779B97F4A7C15ULL;
}

/* xorshift64* */
static uint64_t next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* A fresh state from one draw of stream s (never 0, which xorshift would keep). */
static uint64_t reseed(uint64_t *s)
{
    uint64_t x = mix64(next(s));
    return x ? x : 0x9E3779B97F4A7C15ULL;
}

static uint64_t below(uint64_t *s, uint64_t n)
{
    return n ? next(s) % n : 0;
}

static bool one_in(uint64_t *s, uint64_t n)
{
    return below(s, n) == 0;
}

static uint64_t pick(uint64_t *s, const uint64_t *v, size_t n)
{
    return v[below(s, n)];
}
#define PICK(s, arr) pick((s), (arr), sizeof(arr) / sizeof((arr)[0]))

/* ---- the call table ------------------------------------------------------------------------ */

enum kind {
    K_NONE,
    K_PTR,    /* a buffer the kernel reads or writes */
    K_LEN,    /* a byte count */
    K_HANDLE, /* a handle */
    K_FLAGS,  /* a bit set */
    K_PID,    /* a process id */
    K_SIG,    /* a signal number */
    K_ADDR,   /* a page address for mapping calls */
    K_COUNT,  /* a small count or number (items, IRQ line, port, how) */
    K_VALUE,  /* any value (status, expected word, result, clock) */
    K_NS,     /* a duration in nanoseconds */
    K_PATH,   /* a string pointer; the next argument is its length */
    K_STRV,   /* a NULL-terminated array of strings */
    K_CODE,   /* an address to run */
    K_PHYS,   /* a physical address */
};

struct call_spec {
    const char *name;
    uint8_t nargs;
    uint8_t weight;
    uint8_t kind[MAX_ARGS];
};

/* Per call (docs/syscalls.md): its weight in the random pick, then the kind of each argument.
 * A call added to COBALT_SYSCALLS without a line here does not compile. */
#define SPEC(weight, ...)                                                                          \
    weight,                                                                                        \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }
#define SPEC_null            SPEC(2, K_NONE)
#define SPEC_debug_write     SPEC(3, K_PTR, K_LEN, K_VALUE)
#define SPEC_exit            SPEC(2, K_VALUE)
#define SPEC_getpid          SPEC(2, K_NONE)
#define SPEC_getppid         SPEC(2, K_NONE)
#define SPEC_spawn           SPEC(6, K_PATH, K_LEN, K_STRV, K_STRV, K_FLAGS)
#define SPEC_wait            SPEC(5, K_PID, K_PTR, K_FLAGS)
#define SPEC_kill            SPEC(6, K_PID, K_SIG)
#define SPEC_yield           SPEC(2, K_NONE)
#define SPEC_sleep           SPEC(2, K_NS)
#define SPEC_clock_get       SPEC(4, K_VALUE, K_PTR)
#define SPEC_mmap_anon       SPEC(10, K_ADDR, K_LEN, K_FLAGS, K_FLAGS)
#define SPEC_munmap          SPEC(10, K_ADDR, K_LEN)
#define SPEC_mprotect        SPEC(8, K_ADDR, K_LEN, K_FLAGS)
#define SPEC_set_fs_base     SPEC(3, K_PTR)
#define SPEC_thread_create   SPEC(4, K_CODE, K_PTR, K_VALUE, K_PTR, K_PTR)
#define SPEC_thread_exit     SPEC(2, K_VALUE)
#define SPEC_gettid          SPEC(2, K_NONE)
#define SPEC_futex_wait      SPEC(5, K_PTR, K_VALUE, K_NS)
#define SPEC_futex_wake      SPEC(4, K_PTR, K_COUNT)
#define SPEC_handle_close    SPEC(6, K_HANDLE)
#define SPEC_handle_dup      SPEC(6, K_HANDLE, K_FLAGS)
#define SPEC_fork            SPEC(3, K_NONE)
#define SPEC_exec            SPEC(3, K_PATH, K_LEN, K_STRV, K_STRV)
#define SPEC_sigaction       SPEC(8, K_SIG, K_PTR, K_PTR)
#define SPEC_sigprocmask     SPEC(6, K_COUNT, K_PTR, K_PTR)
#define SPEC_sigreturn       SPEC(2, K_NONE)
#define SPEC_scheme_register SPEC(5, K_PATH, K_LEN)
#define SPEC_scheme_recv     SPEC(5, K_HANDLE, K_PTR, K_PTR, K_LEN, K_FLAGS)
#define SPEC_scheme_reply    SPEC(5, K_HANDLE, K_VALUE, K_VALUE, K_PTR, K_LEN)
#define SPEC_open            SPEC(8, K_PATH, K_LEN, K_FLAGS)
#define SPEC_read            SPEC(8, K_HANDLE, K_PTR, K_LEN)
#define SPEC_write           SPEC(8, K_HANDLE, K_PTR, K_LEN)
#define SPEC_fmap            SPEC(5, K_HANDLE, K_LEN, K_LEN, K_FLAGS)
#define SPEC_wait_many       SPEC(6, K_PTR, K_COUNT, K_NS)
#define SPEC_shm_create      SPEC(6, K_LEN)
#define SPEC_shm_map         SPEC(6, K_HANDLE, K_ADDR, K_FLAGS)
#define SPEC_shm_unmap       SPEC(5, K_ADDR)
#define SPEC_irq_bind        SPEC(3, K_COUNT)
#define SPEC_irq_ack         SPEC(3, K_HANDLE)
#define SPEC_ioport_grant    SPEC(3, K_COUNT, K_COUNT)
#define SPEC_mmio_map        SPEC(4, K_PHYS, K_LEN, K_FLAGS)
#define SPEC_timer_create    SPEC(3, K_NONE)
#define SPEC_timer_set       SPEC(5, K_HANDLE, K_NS, K_NS)
#define SPEC_thread_kill     SPEC(5, K_VALUE, K_SIG)
#define SPEC_handle_dup_to   SPEC(5, K_HANDLE, K_HANDLE, K_FLAGS)
#define SPEC_set_clear_tid   SPEC(3, K_PTR)
#define SPEC_fcall           SPEC(6, K_HANDLE, K_COUNT, K_VALUE, K_VALUE, K_PTR, K_LEN)
#define SPEC_scheme_notify   SPEC(4, K_HANDLE, K_VALUE, K_FLAGS)
#define SPEC_sysinfo         SPEC(3, K_COUNT, K_PTR, K_LEN)
#define SPEC_bootfs_map      SPEC(2, K_NONE)

#define FZ_ROW(num, name, nargs) [num] = {#name, nargs, SPEC_##name},
static const struct call_spec calls[SYS_COUNT] = {COBALT_SYSCALLS(FZ_ROW)};
#undef FZ_ROW

#define FZ_NARGS_FIT(num, name, nargs)                                                             \
    _Static_assert(nargs <= MAX_ARGS, "kfuzz passes at most MAX_ARGS arguments: " #name);
COBALT_SYSCALLS(FZ_NARGS_FIT)
#undef FZ_NARGS_FIT

static uint32_t weight_total;

/* Every row has a kind for each argument and none beyond; "" when the table is sound. */
static const char *table_check(void)
{
    static char why[80];
    for (int nr = 0; nr < SYS_COUNT; nr++) {
        const struct call_spec *c = &calls[nr];
        if (!c->name) {
            ksnprintf(why, sizeof why, "no table row for call %d", nr);
            return why;
        }
        for (int i = 0; i < MAX_ARGS; i++) {
            if ((i < c->nargs) != (c->kind[i] != K_NONE)) {
                ksnprintf(why, sizeof why, "%s: argument kinds do not match its %d arguments",
                          c->name, c->nargs);
                return why;
            }
        }
        weight_total += c->weight;
    }
    return "";
}

/* ---- a worker's state ---------------------------------------------------------------------- */

enum region_kind { R_ANON, R_SHM };

struct region {
    uint64_t start, len;
    int kind;
};

struct helper {
    volatile int busy; /* clear_tid: the kernel writes 0 when the thread ends */
    uint8_t *top;
};

struct range {
    uint64_t start, end;
};

struct worker {
    int idx;
    uint32_t gen;
    uint64_t rng;      /* this call's choices, seeded from main_rng (or aux_rng) */
    uint64_t main_rng; /* one draw per fuzzed call, whatever the call consumed */
    uint64_t aux_rng;  /* the answers to requests it took (when depends on timing) */
    bool trace;
    volatile struct slot *slot;
    int self;
    int handles[MAX_HANDLES];
    int nhandles;
    int children[MAX_CHILDREN];
    int nchildren;
    struct region regions[MAX_REGIONS];
    int nregions;
    uint64_t unmapped; /* a page that was mapped and is not any more */
    uint8_t *scratch;  /* SCRATCH_PAGES read/write pages, then the unmapped guard page */
    uint8_t *guard;
    uint8_t *rdonly; /* a read-only page */
    size_t area_used;
    char scheme[8]; /* "fz<idx>": the scheme this worker's server thread answers */
    /* The server's endpoint handle (-1: none) in the low half, a generation in the high half:
     * both threads change it, and only by compare-and-swap from what they last read, so a
     * thread that saw an old handle cannot undo a newer one (handle numbers are reused). */
    volatile uint64_t ep_word;
    int ep_dups[4]; /* other handles of the same endpoint (handle_dup, handle_dup_to) */
    int nep_dups;
    int server_shm; /* what the server answers FMAP with */
    uint64_t server_rng;
    struct helper helpers[NHELPERS];
    struct range protect[8];
    int nprotect;
    int tids[8]; /* its own threads' ids (thread_kill targets) */
    int ntids, tid_next;
    bool reply_due; /* the main thread took a request: answer it next */
    int reply_ep;
    uint64_t reply_tag;
};

static struct worker W;

#define endpoint_of(w) ((int)(int32_t)(uint32_t)(w)->ep_word)

static uint64_t page_up(uint64_t v)
{
    return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* [start, start+len) meets a range the worker needs to keep running. */
static bool hits_protected(const struct worker *w, uint64_t start, uint64_t len)
{
    uint64_t end = start + page_up(len);
    if (end < start || page_up(len) < len)
        end = UINT64_MAX;
    for (int i = 0; i < w->nprotect; i++) {
        if (start < w->protect[i].end && end > w->protect[i].start)
            return true;
    }
    return false;
}

static void protect(struct worker *w, uint64_t start, uint64_t len)
{
    w->protect[w->nprotect++] = (struct range){start & ~(PAGE_SIZE - 1), start + page_up(len)};
}

static bool in_scratch(const struct worker *w, uint64_t p, uint64_t len)
{
    uint64_t s = (uint64_t)w->scratch;
    return p >= s && p + len >= p && p + len <= s + SCRATCH_PAGES * PAGE_SIZE;
}

/* Room for the current call's structures (argv arrays, wait items, a sigaction). */
static uint8_t *area(struct worker *w, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (w->area_used + n > AREA_PAGES * PAGE_SIZE)
        w->area_used = 0;
    uint8_t *p = w->scratch + GENERAL_PAGES * PAGE_SIZE + w->area_used;
    w->area_used += n;
    return p;
}

static void add_handle(struct worker *w, int h)
{
    for (int i = 0; i < w->nhandles; i++) {
        if (w->handles[i] == h)
            return;
    }
    if (w->nhandles == MAX_HANDLES) {
        /* Full: the oldest goes, so that handle tables do not fill for good. */
        if (w->handles[0] != endpoint_of(w))
            sys_handle_close(w->handles[0]);
        memmove(w->handles, w->handles + 1, sizeof w->handles[0] * (MAX_HANDLES - 1));
        w->nhandles--;
    }
    w->handles[w->nhandles++] = h;
}

static void forget_handle(struct worker *w, int h)
{
    for (int i = 0; i < w->nhandles; i++) {
        if (w->handles[i] == h) {
            w->handles[i] = w->handles[--w->nhandles];
            return;
        }
    }
}

/* Replaces the endpoint read as `seen` by h; false if the other thread changed it first. */
static bool swap_endpoint(struct worker *w, uint64_t seen, int h)
{
    uint64_t next = (((seen >> 32) + 1) << 32) | (uint32_t)h;
    return __sync_bool_compare_and_swap(&w->ep_word, seen, next);
}

/* The main thread's change: whatever the server thread did meanwhile, h wins. */
static void set_endpoint(struct worker *w, int h)
{
    uint64_t seen;
    do
        seen = w->ep_word;
    while (!swap_endpoint(w, seen, h));
}

static bool is_endpoint(const struct worker *w, int64_t h)
{
    if (h == endpoint_of(w))
        return h >= 0;
    for (int i = 0; i < w->nep_dups; i++) {
        if (w->ep_dups[i] == h)
            return true;
    }
    return false;
}

static void forget_endpoint(struct worker *w, int h)
{
    for (int i = 0; i < w->nep_dups; i++) {
        if (w->ep_dups[i] == h) {
            w->ep_dups[i] = w->ep_dups[--w->nep_dups];
            return;
        }
    }
    /* The server's own handle: a duplicate takes over, else the server registers again. */
    if (h == endpoint_of(w))
        set_endpoint(w, w->nep_dups ? w->ep_dups[--w->nep_dups] : -1);
}

static void add_endpoint_dup(struct worker *w, int h)
{
    if (is_endpoint(w, h))
        return;
    if (w->nep_dups == 4)
        sys_handle_close(h); /* enough of them */
    else
        w->ep_dups[w->nep_dups++] = h;
}

static void unmap_region(const struct region *r)
{
    if (r->kind == R_SHM)
        sys_shm_unmap((long)r->start);
    else
        sys_munmap((long)r->start, (long)r->len);
}

static void add_region(struct worker *w, uint64_t start, uint64_t len, int kind)
{
    if (w->nregions == MAX_REGIONS) {
        unmap_region(&w->regions[0]);
        w->unmapped = w->regions[0].start;
        memmove(w->regions, w->regions + 1, sizeof w->regions[0] * (MAX_REGIONS - 1));
        w->nregions--;
    }
    w->regions[w->nregions++] = (struct region){start, page_up(len), kind};
}

static void forget_regions(struct worker *w, uint64_t start, uint64_t len)
{
    uint64_t end = start + page_up(len);
    for (int i = 0; i < w->nregions;) {
        struct region *r = &w->regions[i];
        if (r->start < end && r->start + r->len > start) {
            w->unmapped = r->start;
            *r = w->regions[--w->nregions];
        } else {
            i++;
        }
    }
}

static void add_tid(struct worker *w, int tid)
{
    w->tids[w->tid_next++ % 8] = tid;
    if (w->ntids < 8)
        w->ntids++;
}

static void add_child(struct worker *w, int pid)
{
    if (w->nchildren < MAX_CHILDREN)
        w->children[w->nchildren++] = pid;
}

static void forget_child(struct worker *w, int pid)
{
    for (int i = 0; i < w->nchildren; i++) {
        if (w->children[i] == pid) {
            w->children[i] = w->children[--w->nchildren];
            return;
        }
    }
}

/* ---- argument generators, biased to each kind's edge values -------------------------------- */

static uint64_t gen_ptr(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 1, 8, 0xFFF, 0x1000, USER_SPACE_BASE - PAGE_SIZE, USER_SPACE_BASE - 8,
        USER_SPACE_BASE - 1, USER_SPACE_BASE, USER_SPACE_BASE + 1, STACK_TOP - 8, STACK_TOP,
        USER_SPACE_TOP - PAGE_SIZE, USER_SPACE_TOP - 8, USER_SPACE_TOP - 1, USER_SPACE_TOP,
        NONCANONICAL, 0x8000000000000000ULL, KERNEL_HALF, KERNEL_HALF + 0x100000, KERNEL_IMAGE,
        0xFFFFFFFFFFFFF000ULL, UINT64_MAX - 7, UINT64_MAX
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    uint64_t general = GENERAL_PAGES * PAGE_SIZE;
    switch (below(r, 16)) {
    case 0 ... 2:
        return PICK(r, edges);
    case 3 ... 6: /* the fuzzer's own buffer, 8-aligned */
        return (uint64_t)w->scratch + (below(r, general - 64) & ~7ULL);
    case 7: /* unaligned */
        return (uint64_t)w->scratch + 1 + below(r, general - 64);
    case 8: /* straddling into the unmapped guard page */
        return (uint64_t)w->guard - 1 - below(r, 64);
    case 9:
        return (uint64_t)w->guard + below(r, PAGE_SIZE);
    case 10: /* read-only: the program's headers and code */
        return (uint64_t)__executable_start + below(r, (uint64_t)(etext - __executable_start));
    case 11:
        return (uint64_t)w->rdonly + (one_in(r, 2) ? 0 : below(r, PAGE_SIZE));
    case 12: /* a page just unmapped */
        return w->unmapped + (one_in(r, 2) ? 0 : below(r, PAGE_SIZE));
    case 13:
        if (w->nregions) {
            const struct region *g = &w->regions[below(r, (uint64_t)w->nregions)];
            return g->start + below(r, g->len < 65536 ? g->len : 65536);
        }
        return (uint64_t)w->scratch;
    default:
        return next(r);
    }
}

static uint64_t gen_len(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 1, 2, 7, 8, 16, 31, 32, 64, 255, 256, 1023, 1024, 1025, 4095, 4096, 4097, 8192, 65536,
        1 << 20, SCHEME_PAYLOAD_MAX, SCHEME_PAYLOAD_MAX + 1, 256ULL << 20, (256ULL << 20) + 1,
        0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000ULL, 0x100000001ULL, 1ULL << 46,
        USER_SPACE_TOP, USER_SPACE_TOP + 1, 0x7FFFFFFFFFFFFFFFULL, 0x8000000000000000ULL, -4096ULL,
        UINT64_MAX
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    switch (below(r, 8)) {
    case 0 ... 1:
        return below(r, 8193);
    case 2:
        return next(r);
    default:
        return PICK(r, edges);
    }
}

static uint64_t gen_handle(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        -1ULL, 0, 1, 2, 3, 4, 5, 255, 256, 0x7FFFFFFF, 0x80000000, 0x100000001ULL, -2ULL, -256ULL
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    if (w->nhandles && below(r, 8) < 5)
        return (uint64_t)w->handles[below(r, (uint64_t)w->nhandles)];
    if (one_in(r, 4) && endpoint_of(w) >= 0)
        return (uint64_t)endpoint_of(w);
    return PICK(r, edges);
}

static uint64_t gen_flags(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 0x80000000, 0x100000000ULL, UINT64_MAX
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    switch (below(r, 8)) {
    case 0:
        return 1ULL << below(r, 64);
    case 1:
        return next(r);
    default:
        return PICK(r, edges);
    }
}

static int sibling_pid(struct worker *w)
{
    int j = (int)below(&w->rng, NWORKERS);
    return ctl->slot[j].pid;
}

static uint64_t gen_pid(struct worker *w)
{
    uint64_t *r = &w->rng;
    switch (below(r, 16)) {
    case 0 ... 1:
        return (uint64_t)w->self;
    case 2:
        return (uint64_t)sys_getppid();
    case 3:
        return 0;
    case 4 ... 5:
        return -1ULL;
    case 6:
        return 1;
    case 7 ... 9:
        return w->nchildren ? (uint64_t)w->children[below(r, (uint64_t)w->nchildren)]
                            : (uint64_t)w->self + 1;
    case 10:
        return (uint64_t)sibling_pid(w);
    case 11:
        return 0x7FFFFFFF;
    case 12:
        return 0x80000000ULL + (uint64_t)w->self; /* truncates to a live pid if done wrong */
    case 13:
        return (1ULL << 32) + (uint64_t)w->self;
    case 14:
        return -2ULL;
    default:
        return below(r, 64);
    }
}

static uint64_t gen_sig(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, COBALT_NSIG - 1, COBALT_NSIG, 64, 65, -1ULL, (1ULL << 32) + SIGKILL, 0x7FFFFFFF
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    return one_in(r, 8) ? PICK(r, edges) : below(r, COBALT_NSIG + 4);
}

static uint64_t gen_addr(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 0x1000, USER_SPACE_BASE - PAGE_SIZE, USER_SPACE_BASE, 0x400000,
        /* the program image */         STACK_TOP - 2 * PAGE_SIZE, STACK_TOP,
        USER_SPACE_TOP - PAGE_SIZE, USER_SPACE_TOP, USER_SPACE_TOP + PAGE_SIZE, KERNEL_HALF,
        KERNEL_IMAGE, -4096ULL, 0x10000000000ULL, 0x100000000000ULL,
        /* where mmap_anon places mappings */
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    switch (below(r, 10)) {
    case 0 ... 2:
        return PICK(r, edges);
    case 3 ... 5:
        if (w->nregions) {
            const struct region *g = &w->regions[below(r, (uint64_t)w->nregions)];
            return g->start + (one_in(r, 2) ? 0 : PAGE_SIZE * below(r, g->len / PAGE_SIZE + 1));
        }
        return w->unmapped;
    case 6:
        return w->unmapped;
    case 7: /* a page-aligned user address */
        return (USER_SPACE_BASE + below(r, USER_SPACE_TOP - USER_SPACE_BASE)) & ~(PAGE_SIZE - 1);
    case 8: /* misaligned */
        return w->unmapped + 1 + below(r, PAGE_SIZE - 1);
    default:
        return next(r);
    }
}

static uint64_t gen_count(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 1, 2, 3, 4, 15, 16, 17, 31, 32, 63, 64, 65, 255, 256, 0xFFFF, 0x10000, 0x10001,
        0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, UINT64_MAX
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    return one_in(r, 3) ? below(r, 20) : PICK(r, edges);
}

static uint64_t gen_value(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 1, 2, 42, 255, 256, -1ULL, -4095ULL, -4096ULL, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
        0x100000000ULL, 0x7FFFFFFFFFFFFFFFULL, 0x8000000000000000ULL
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    switch (below(r, 6)) {
    case 0:
        return below(r, 300);
    case 1:
        return next(r);
    default:
        return PICK(r, edges);
    }
}

static uint64_t gen_ns(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 1, 1000, 10000, 100000, MS, 2 * MS, 1000 * MS, 0x8000000000000000ULL, UINT64_MAX
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    return one_in(r, 3) ? below(r, SHORT_NS) : PICK(r, edges);
}

static uint64_t gen_phys(struct worker *w)
{
    /* clang-format off */
    static const uint64_t edges[] = {
        0, 0x1000, 0x9F000, 0xA0000, 0xB8000, 0xC0000, 0xF0000, 0x100000, 0x1000000, 0xFD000000,
        0xFEBF0000, 0xFEC00000, 0xFED00000, 0xFEE00000, 0xFFFFF000, 1ULL << 32, 1ULL << 46,
        1ULL << 52, -4096ULL, 0xFEE00001, 0xFFFFFFFFFFFFFFFFULL
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    return one_in(r, 8) ? next(r) : PICK(r, edges);
}

void fz_thread_entry(void);
int fz_helper_main(uint64_t arg);

static uint64_t gen_code(struct worker *w)
{
    static const uint64_t edges[] = {
        0, USER_SPACE_BASE, USER_SPACE_TOP - 1, USER_SPACE_TOP, KERNEL_IMAGE, NONCANONICAL};
    uint64_t *r = &w->rng;
    switch (below(r, 4)) {
    case 0:
        return PICK(r, edges);
    case 1:
        return (uint64_t)w->scratch; /* not executable */
    case 2:
        return (uint64_t)fz_thread_entry;
    default:
        return gen_ptr(w);
    }
}

/* Strings: a NUL-terminated copy of s in the area. */
static uint64_t area_str(struct worker *w, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = (char *)area(w, n);
    memcpy(p, s, n);
    return (uint64_t)p;
}

/* n bytes of 'A' in the string pages, ending right at the guard page (no NUL). */
static uint64_t long_string(struct worker *w, size_t n)
{
    uint8_t *p = w->guard - n;
    memset(p, 'A', n);
    return (uint64_t)p;
}

static uint64_t gen_strv(struct worker *w)
{
    uint64_t *r = &w->rng;
    switch (below(r, 10)) {
    case 0 ... 3:
        return 0;
    case 4 ... 5: { /* a few short strings */
        int n = (int)below(r, 5);
        uint64_t *v = (uint64_t *)area(w, 8 * (size_t)(n + 1));
        for (int i = 0; i < n; i++)
            v[i] = area_str(w, i ? "fuzz" : "bin/kt_tiny");
        v[n] = 0;
        return (uint64_t)v;
    }
    case 6: { /* SPAWN_ARGS_MAX + 1 entries: E2BIG */
        uint64_t *v = (uint64_t *)area(w, 8 * (SPAWN_ARGS_MAX + 2));
        uint64_t s = area_str(w, "x");
        for (int i = 0; i <= SPAWN_ARGS_MAX; i++)
            v[i] = s;
        v[SPAWN_ARGS_MAX + 1] = 0;
        return (uint64_t)v;
    }
    case 7: { /* a bad pointer inside */
        uint64_t *v = (uint64_t *)area(w, 24);
        v[0] = area_str(w, "a");
        v[1] = gen_ptr(w);
        v[2] = 0;
        return (uint64_t)v;
    }
    case 8: { /* one string of SPAWN_STRINGS_MAX bytes without a NUL: E2BIG */
        uint64_t *v = (uint64_t *)area(w, 16);
        v[0] = long_string(w, SPAWN_STRINGS_MAX);
        v[1] = 0;
        return (uint64_t)v;
    }
    default:
        return gen_ptr(w);
    }
}

/* Programs the fuzzer may start (spawn, exec): they end by themselves at once. */
/* (the kernel strips a leading '/') */
static const char *const good_paths[] = {"bin/kt_tiny", "bin/kt_tiny_packed", "/bin/kt_tiny"};
/* Paths that must be refused. */
static const char *const bad_paths[] = {
    "bin/bad/wx",  "bin/bad/kernel", "bin/bad/crosstop", "bin/bad/wrap", "bin/bad/empty",
    "bin/bad/dyn", "bin/bad/interp", "etc/motd",         "bin/nosuch",   "bin/",
    "bin",         "bin/kt_tiny/",   "bin/kt_tin",       "bin/kt_tinyy"};

/* A path for spawn or exec into a[0], a[1]; `good` allows a program that runs. */
static void gen_program_path(struct worker *w, uint64_t *a, bool good)
{
    uint64_t *r = &w->rng;
    const char *s;
    switch (below(r, 10)) {
    case 0 ... 2:
        s = good_paths[below(r, sizeof good_paths / sizeof good_paths[0])];
        if (!good)
            s = "bin/kt_tiny.nope";
        break;
    case 3 ... 6:
        s = bad_paths[below(r, sizeof bad_paths / sizeof bad_paths[0])];
        break;
    case 7: /* SPAWN_PATH_MAX and one more */
        a[1] = SPAWN_PATH_MAX + below(r, 2);
        a[0] = long_string(w, a[1]);
        return;
    case 8: /* a NUL inside */
        a[0] = area_str(w, "bin/kt_tiny");
        ((char *)a[0])[6] = '\0';
        a[1] = 11;
        return;
    default:
        a[0] = gen_ptr(w);
        a[1] = gen_len(w);
        return;
    }
    a[0] = area_str(w, s);
    a[1] = strlen(s);
    /* Including the NUL (refused), or one short (only for runnable ones: "bin/kt_tinyy" one
     * short would run). */
    if (one_in(r, 8))
        a[1] += one_in(r, 2) || !good ? 1 : -1ULL;
}

static void gen_scheme_path(struct worker *w, uint64_t *a)
{
    static const char *const odd[] = {
        "nosuch:x", "fz0", ":x", "FZ0:x", "fz0:", "fz9:x", "a:b:", "fz-0:x", "fz0:\n"};
    uint64_t *r = &w->rng;
    char buf[48];
    switch (below(r, 10)) {
    case 0 ... 5:
        ksnprintf(buf, sizeof buf, "fz%d:file%d", (int)below(r, NWORKERS), (int)below(r, 100));
        a[0] = area_str(w, buf);
        a[1] = strlen(buf);
        return;
    case 6:
        a[0] = area_str(w, odd[below(r, sizeof odd / sizeof odd[0])]);
        a[1] = strlen((const char *)a[0]);
        return;
    case 7: { /* the longest path (1024) and one more; or a name of 32 characters */
        uint64_t n = one_in(r, 3) ? 40 : 1024 + below(r, 2);
        uint8_t *p = (uint8_t *)long_string(w, n);
        if (n == 40)
            p[32] = ':';
        else
            memcpy(p, "fz0:", 4);
        a[0] = (uint64_t)p;
        a[1] = n;
        return;
    }
    default:
        a[0] = gen_ptr(w);
        a[1] = gen_len(w);
        return;
    }
}

static void gen_scheme_name(struct worker *w, uint64_t *a)
{
    static const char *const odd[] = {"Bad", "a:b", "a b", "fz0:", "-", "_", "0123456789"};
    uint64_t *r = &w->rng;
    char buf[48];
    switch (below(r, 8)) {
    case 0 ... 1: /* its own or a sibling's: EEXIST, or taking over a name its server lost */
        ksnprintf(buf, sizeof buf, "fz%d", one_in(r, 2) ? w->idx : (int)below(r, NWORKERS));
        break;
    case 2 ... 3: /* a fresh valid name */
        ksnprintf(buf, sizeof buf, "fz%d-%u-%d", w->idx, w->gen, (int)below(r, 1000));
        break;
    case 4:
        ksnprintf(buf, sizeof buf, "%s", odd[below(r, sizeof odd / sizeof odd[0])]);
        break;
    case 5: { /* SCHEME_NAME_MAX characters, and one more */
        uint64_t n = SCHEME_NAME_MAX + below(r, 2);
        char *p = (char *)area(w, n + 1);
        memset(p, 'q', n);
        p[0] = (char)('a' + w->idx);
        p[n] = '\0';
        a[0] = (uint64_t)p;
        a[1] = n;
        return;
    }
    default:
        a[0] = gen_ptr(w);
        a[1] = gen_len(w) & 0x3F;
        return;
    }
    a[0] = area_str(w, buf);
    a[1] = strlen(buf);
}

static uint64_t gen_arg(struct worker *w, int kind)
{
    switch (kind) {
    case K_PTR:
        return gen_ptr(w);
    case K_LEN:
        return gen_len(w);
    case K_HANDLE:
        return gen_handle(w);
    case K_FLAGS:
        return gen_flags(w);
    case K_PID:
        return gen_pid(w);
    case K_SIG:
        return gen_sig(w);
    case K_ADDR:
        return gen_addr(w);
    case K_COUNT:
        return gen_count(w);
    case K_VALUE:
        return gen_value(w);
    case K_NS:
        return gen_ns(w);
    case K_STRV:
        return gen_strv(w);
    case K_CODE:
        return gen_code(w);
    case K_PHYS:
        return gen_phys(w);
    default: /* K_PATH: shaped per call; K_NONE */
        return gen_ptr(w);
    }
}

/* ---- signal handling the fuzzer installs ----------------------------------------------------- */

void fz_restorer(void);
__attribute__((naked)) void fz_restorer(void)
{
    __asm__ volatile("mov %0, %%eax\n\tsyscall\n\tud2" ::"i"(SYS_sigreturn));
}

static bool synchronous(int sig)
{
    return sig == SIGSEGV || sig == SIGILL || sig == SIGFPE || sig == SIGBUS || sig == SIGTRAP;
}

/* Returns at once. For a fault it first puts the default action back, so that the retried
 * instruction faults again and the kernel ends the worker with its own reason line (a handler
 * that just returned would fault forever). */
static void fz_handler(int sig)
{
    if (synchronous(sig)) {
        static struct cobalt_sigaction dfl; /* COBALT_SIG_DFL */
        sys_sigaction(sig, (long)&dfl, 0);
    }
}

static bool default_ignored(uint64_t sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT || sig == SIGSTOP ||
           sig == SIGTSTP;
}

static uint64_t gen_sigaction(struct worker *w)
{
    /* clang-format off */
    static const uint64_t flag_edges[] = {
        0, SA_RESTORER, SA_RESTORER, SA_RESTORER | SA_NODEFER, SA_RESTORER | 0x4,
        SA_RESTORER | 0x10000000, 0x1, UINT64_MAX
    };
    /* clang-format on */
    uint64_t *r = &w->rng;
    struct cobalt_sigaction *a = (struct cobalt_sigaction *)area(w, sizeof *a);
    switch (below(r, 10)) {
    case 0 ... 2:
        a->handler = COBALT_SIG_DFL;
        break;
    case 3 ... 4:
        a->handler = COBALT_SIG_IGN;
        break;
    case 5 ... 8:
        a->handler = (uint64_t)fz_handler;
        break;
    default:
        a->handler = gen_ptr(w); /* the process dies when such a signal comes */
        break;
    }
    a->flags = PICK(r, flag_edges);
    a->restorer = one_in(r, 8) ? gen_ptr(w) : (uint64_t)fz_restorer;
    a->mask = one_in(r, 2) ? 0 : next(r);
    return (uint64_t)a;
}

static uint64_t gen_wait_items(struct worker *w)
{
    uint64_t *r = &w->rng;
    int n = 1 + (int)below(r, 4);
    struct wait_item *it = (struct wait_item *)area(w, sizeof *it * WAIT_ITEMS_MAX);
    for (int i = 0; i < WAIT_ITEMS_MAX; i++) {
        uint64_t c = below(r, 4);
        it[i].handle = c == 0 ? WAIT_CHILDREN : c == 1 ? endpoint_of(w) : (int32_t)gen_handle(w);
        it[i].events = one_in(r, 8) ? (uint32_t)next(r) : 1 + (uint32_t)below(r, 7);
        it[i].revents = (uint32_t)next(r);
        it[i].reserved = 0;
        if (i >= n) { /* the rest: sound, for counts up to WAIT_ITEMS_MAX */
            it[i].handle = WAIT_CHILDREN;
            it[i].events = WAIT_READABLE;
        }
    }
    return (uint64_t)it;
}

/* ---- shaping: per-call rules on top of the generated arguments ------------------------------- */

static uint64_t short_ns(struct worker *w)
{
    return 1 + below(&w->rng, SHORT_NS);
}

/* A timeout of 0 (or a long one) that could block the worker for good gets a short one, bar
 * 1 in 1024 (the watchdog then kills the worker: that path is exercised too). */
static uint64_t ration_timeout(struct worker *w, uint64_t ns, bool zero_is_forever)
{
    bool long_wait = ns > SHORT_NS || (zero_is_forever && ns == 0);
    return long_wait && !one_in(&w->rng, 1024) ? short_ns(w) : ns;
}

static struct helper *free_helper(struct worker *w)
{
    for (int i = 0; i < NHELPERS; i++) {
        if (!w->helpers[i].busy)
            return &w->helpers[i];
    }
    return 0;
}

static bool kills_self_or_sibling(struct worker *w, uint64_t pid)
{
    if (pid == (uint64_t)w->self)
        return true;
    for (int j = 0; j < NWORKERS; j++) {
        if (ctl->slot[j].pid > 0 && pid == (uint64_t)ctl->slot[j].pid)
            return true;
    }
    return false;
}

/* Applies the rules of the top comment; false: skip this call (pick another). */
static bool shape(struct worker *w, int nr, uint64_t *a)
{
    uint64_t *r = &w->rng;
    switch (nr) {
    case SYS_debug_write:
        a[2] = below(r, 8) < 5 ? DEBUG_CHANNEL_LOG : below(r, 3) ? DEBUG_CHANNEL_HARNESS : a[2];
        if (a[2] == DEBUG_CHANNEL_HARNESS) {
            /* COM2 is parsed by the harness: only refused writes or one harmless line. */
            static const char noise[] = "kfuzz: noise on the harness channel";
            switch (below(r, 4)) {
            case 0:
                a[0] = area_str(w, noise);
                a[1] = sizeof noise - 1;
                break;
            case 1:
                a[1] = DEBUG_WRITE_MAX + 1 + below(r, 8);
                break;
            default: /* never mapped, whatever the fuzzer mapped */
                a[0] = PICK(r, ((const uint64_t[]){0, 1, KERNEL_HALF, NONCANONICAL, UINT64_MAX}));
                break;
            }
        } else if (a[2] == DEBUG_CHANNEL_LOG) {
            /* Keep the kernel log readable: short, and a line of its own. */
            if (a[1] > 160 && a[1] <= DEBUG_WRITE_MAX && !one_in(r, 16))
                a[1] = below(r, 160);
            if (a[1] && in_scratch(w, a[0], a[1]))
                ((char *)a[0])[a[1] - 1] = '\n';
        }
        return true;
    case SYS_exit:
        return one_in(r, 32);
    case SYS_handle_close:
        /* Its server's endpoint: clients of the scheme wait until the server registers
         * again, and an answer in flight is lost for good (its client hangs). */
        return !is_endpoint(w, (int64_t)a[0]) || one_in(r, 64);
    case SYS_thread_exit: /* the main thread: the helpers and server keep the process */
        return one_in(r, 64);
    case SYS_sigreturn: /* no signal frame: the worker jumps to whatever its stack holds */
        return one_in(r, 16);
    case SYS_spawn:
        gen_program_path(w, a, w->nchildren < MAX_CHILDREN);
        return true;
    case SYS_exec:
        gen_program_path(w, a, one_in(r, 16));
        return true;
    case SYS_fork:
        return w->nchildren < MAX_CHILDREN;
    case SYS_kill:
        if (kills_self_or_sibling(w, a[0]) && !default_ignored(a[1]) && a[1] != 0 &&
            !one_in(r, a[0] == (uint64_t)w->self ? 48 : 16))
            a[1] = PICK(r, ((const uint64_t[]){SIGCHLD, SIGURG, SIGWINCH, SIGCONT, SIGTSTP}));
        return true;
    case SYS_sleep:
        a[0] = ration_timeout(w, a[0], false);
        return true;
    case SYS_clock_get:
        if (below(r, 4))
            a[0] = below(r, 2);
        return true;
    case SYS_mmap_anon:
        if (below(r, 4))
            a[2] = below(r, 8); /* mostly sound protections */
        if (below(r, 2))
            a[3] = below(r, 2);
        if ((a[3] & MAP_FIXED_ADDR) && a[0] <= (uint64_t)w->guard &&
            a[0] + page_up(a[1]) > (uint64_t)w->guard)
            a[3] &= ~(uint64_t)MAP_FIXED_ADDR; /* the guard page stays unmapped */
        return true;
    case SYS_munmap:
        if (w->nregions && below(r, 2)) {
            const struct region *g = &w->regions[below(r, (uint64_t)w->nregions)];
            a[0] = g->start;
            a[1] = one_in(r, 2) ? g->len : PAGE_SIZE * (1 + below(r, g->len / PAGE_SIZE));
        }
        if (hits_protected(w, a[0], a[1]) && !one_in(r, 512)) {
            a[0] = w->unmapped;
            a[1] = PAGE_SIZE;
        }
        return true;
    case SYS_thread_create:
        if (!one_in(r, 32)) { /* a real thread: fz_helper_main on a stack of its own */
            struct helper *h = free_helper(w);
            if (!h)
                return false;
            h->busy = 1;
            a[0] = (uint64_t)fz_thread_entry;
            a[1] = (uint64_t)h->top;
            a[2] = below(r, SHORT_NS);
            a[3] = one_in(r, 2) ? 0 : a[3];
            a[4] = (uint64_t)&h->busy;
        }
        return true;
    case SYS_futex_wait:
        if (below(r, 2)) {
            a[0] = (uint64_t)w->scratch + (below(r, 1024) & ~3ULL);
            if (below(r, 2))
                a[1] = *(volatile uint32_t *)a[0];
        }
        if (in_scratch(w, a[0], 4) && !(a[0] & 3) && *(volatile uint32_t *)a[0] != (uint32_t)a[1])
            return true; /* -EAGAIN at once, whatever the timeout */
        a[2] = ration_timeout(w, a[2], true);
        return true;
    case SYS_futex_wake:
        if (below(r, 2))
            a[0] = (uint64_t)w->scratch + (below(r, 1024) & ~3ULL);
        return true;
    case SYS_sigaction:
        if (below(r, 3))
            a[1] = gen_sigaction(w);
        return true;
    case SYS_sigprocmask:
        if (below(r, 2)) {
            uint64_t *m = (uint64_t *)area(w, 8);
            *m = PICK(r, ((const uint64_t[]){0, UINT64_MAX, 1ULL << (SIGKILL - 1), next(r)}));
            a[1] = (uint64_t)m;
        }
        return true;
    case SYS_scheme_register:
        gen_scheme_name(w, a);
        return true;
    case SYS_scheme_recv:
        if (below(r, 3))
            a[0] = (uint64_t)endpoint_of(w);
        if (below(r, 2))
            a[1] = (uint64_t)area(w, sizeof(struct scheme_request));
        if (a[4] == 0 && !one_in(r, 1024))
            a[4] = SCHEME_RECV_NONBLOCK;
        return true;
    case SYS_scheme_reply:
        if (below(r, 2))
            a[0] = (uint64_t)endpoint_of(w);
        if (below(r, 2))
            a[1] = below(r, 4);
        return true;
    case SYS_open:
        gen_scheme_path(w, a);
        return true;
    case SYS_read:
    case SYS_write:
        if (a[2] > 65536 && below(r, 2))
            a[2] = below(r, 65536);
        return true;
    case SYS_fmap:
        a[1] = below(r, 4) ? PAGE_SIZE * below(r, 3) : a[1];
        a[2] = below(r, 4) ? 1 + below(r, 3 * PAGE_SIZE) : a[2];
        if (below(r, 2))
            a[3] = 1 + below(r, 3);
        return true;
    case SYS_wait_many:
        if (below(r, 3))
            a[0] = gen_wait_items(w);
        if (below(r, 2))
            a[1] = 1 + below(r, 4);
        if (a[2] == UINT64_MAX || a[2] > SHORT_NS)
            a[2] = one_in(r, 1024) ? UINT64_MAX : short_ns(w);
        return true;
    case SYS_shm_create:
        if (below(r, 2))
            a[0] = 1 + below(r, 4 * PAGE_SIZE);
        return true;
    case SYS_shm_map:
        if (below(r, 3))
            a[1] = 0;
        if (a[1] && a[1] <= (uint64_t)w->guard && (uint64_t)w->guard - a[1] < SHM_BYTES_MAX)
            a[1] = 0;
        if (below(r, 2))
            a[2] = 1 + below(r, 3);
        return true;
    case SYS_shm_unmap:
        if (w->nregions && below(r, 2))
            a[0] = w->regions[below(r, (uint64_t)w->nregions)].start;
        if (hits_protected(w, a[0], 1) && !one_in(r, 512))
            a[0] = w->unmapped;
        return true;
    case SYS_irq_bind:
        if (below(r, 2))
            a[0] = below(r, 17);
        return true;
    case SYS_ioport_grant:
        if (below(r, 2))
            a[0] = PICK(r, ((const uint64_t[]){0, 0x20, 0x60, 0x2F8, 0x3F8, 0xE9, 0xF4, 0xCF8,
                                               0xFFFF, 0x10000}));
        return true;
    case SYS_mmio_map:
        if (below(r, 2))
            a[1] = PAGE_SIZE * (1 + below(r, 4));
        if (below(r, 2))
            a[2] = 1 + below(r, 3);
        return true;
    case SYS_mprotect:
        if (w->nregions && below(r, 2)) {
            const struct region *g = &w->regions[below(r, (uint64_t)w->nregions)];
            a[0] = g->start;
            a[1] = PAGE_SIZE * (1 + below(r, g->len / PAGE_SIZE));
        }
        if (below(r, 2))
            a[2] = below(r, 8);
        /* A read-only stack or scratch area, or code that is not executable, ends it. */
        if (hits_protected(w, a[0], a[1]) && !one_in(r, 256))
            a[0] = w->unmapped;
        return true;
    case SYS_thread_kill:
        if (w->ntids && below(r, 4))
            a[0] = (uint64_t)w->tids[below(r, (uint64_t)w->ntids)];
        if (a[1] && !default_ignored(a[1]) && !one_in(r, 16))
            a[1] = one_in(r, 2) ? 0 : SIGCHLD; /* a fatal signal ends the whole process */
        return true;
    case SYS_handle_dup_to:
        if (below(r, 2))
            a[1] = below(r, 32);
        if (below(r, 2))
            a[2] = below(r, 8);
        return !is_endpoint(w, (int64_t)a[1]) || one_in(r, 64); /* as handle_close */
    case SYS_fcall:
        if (below(r, 2))
            a[1] = 1 + below(r, 13);
        if (a[5] > 65536 && below(r, 2))
            a[5] = below(r, 4096);
        return true;
    case SYS_scheme_notify:
        if (below(r, 2))
            a[0] = (uint64_t)endpoint_of(w);
        if (below(r, 2))
            a[1] = below(r, 1000); /* the ids this worker's server hands out */
        if (below(r, 2))
            a[2] = below(r, 8);
        return true;
    case SYS_timer_set: { /* deadlines are absolute: around now, in the past, far away */
        uint64_t now = rt_now_ns();
        if (below(r, 2))
            a[1] = PICK(r, ((const uint64_t[]){0, now, now + short_ns(w), now - MS, UINT64_MAX,
                                               UINT64_MAX - 1, 1}));
        if (below(r, 2))
            a[2] =
                PICK(r, ((const uint64_t[]){0, 0, 1, 1000, MS, now, UINT64_MAX / 2, UINT64_MAX}));
        return true;
    }
    default:
        return true;
    }
}

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
static int server_main(void *arg)
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

/* ---- the worker ------------------------------------------------------------------------------ */

static void fmt_call(char *out, size_t size, int nr, const uint64_t *a)
{
    const struct call_spec *c = &calls[nr];
    int n = ksnprintf(out, size, "%s(", c->name);
    for (int i = 0; i < c->nargs && n < (int)size; i++)
        n += ksnprintf(out + n, size - (size_t)n, "%s%#lx", i ? ", " : "", a[i]);
    if (n < (int)size)
        ksnprintf(out + n, size - (size_t)n, ")");
}

/* Makes the worker's private mappings and threads; false if the kernel refused one. */
static bool worker_setup(struct worker *w)
{
    uint8_t *s = rt_mmap((void *)SCRATCH_AT, SCRATCH_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
                         MAP_FIXED_ADDR);
    if (!s)
        return false;
    w->scratch = s;
    w->guard = s + SCRATCH_PAGES * PAGE_SIZE;
    static const char text[] = "kfuzz scratch text; ";
    for (size_t i = 0; i < GENERAL_PAGES * PAGE_SIZE; i++)
        s[i] = (uint8_t)text[i % (sizeof text - 1)];
    w->rdonly = rt_mmap(0, PAGE_SIZE, PROT_READ, 0);
    uint8_t *gone = rt_mmap((void *)UNMAPPED_AT, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_FIXED_ADDR);
    uint8_t *stacks = rt_mmap(0, NHELPERS * HELPER_STACK, PROT_READ | PROT_WRITE, 0);
    uint8_t *server = rt_mmap(0, SERVER_STACK, PROT_READ | PROT_WRITE, 0);
    if (!w->rdonly || !gone || !stacks || !server || sys_munmap((long)gone, PAGE_SIZE) != 0)
        return false;
    w->unmapped = (uint64_t)gone;
    for (int i = 0; i < NHELPERS; i++)
        w->helpers[i] = (struct helper){0, stacks + (i + 1) * HELPER_STACK};
    protect(w, (uint64_t)__executable_start, (uint64_t)(_end - __executable_start));
    protect(w, STACK_TOP - STACK_BYTES, STACK_BYTES);
    protect(w, (uint64_t)ctl, sizeof *ctl);
    protect(w, (uint64_t)s, (SCRATCH_PAGES + 1) * PAGE_SIZE);
    protect(w, (uint64_t)stacks, NHELPERS * HELPER_STACK);
    protect(w, (uint64_t)server, SERVER_STACK);

    long shm = sys_shm_create(2 * PAGE_SIZE);
    if (shm < 0)
        return false;
    w->server_shm = (int)shm;
    struct cobalt_sigaction act = {(uint64_t)fz_handler, SA_RESTORER, (uint64_t)fz_restorer, 0};
    sys_sigaction(SIGUSR1, (long)&act, 0);
    sys_sigaction(SIGUSR2, (long)&act, 0);
    ksnprintf(w->scheme, sizeof w->scheme, "fz%d", w->idx);
    long ep = sys_scheme_register((long)w->scheme, (long)strlen(w->scheme));
    set_endpoint(w, ep >= 0 ? (int)ep : -1); /* -1: the server thread keeps trying */
    add_tid(w, (int)sys_gettid());
    long tid = rt_thread_create(server_main, w, server + SERVER_STACK, 0, 0);
    if (tid > 0)
        add_tid(w, (int)tid);
    return tid > 0;
}

/* Bookkeeping after a call: handles, mappings and children it made or ended. */
static void note_result(struct worker *w, int nr, const uint64_t *a, long r)
{
    switch (nr) {
    case SYS_handle_dup:
    case SYS_handle_dup_to:
        if (r < 0 || (nr == SYS_handle_dup_to && a[0] == a[1]))
            break;
        if (nr == SYS_handle_dup_to) { /* whatever r named before is closed */
            forget_handle(w, (int)r);
            if (is_endpoint(w, r) && !is_endpoint(w, (int64_t)a[0]))
                forget_endpoint(w, (int)r);
        }
        if (is_endpoint(w, (int64_t)a[0]))
            add_endpoint_dup(w, (int)r);
        else
            add_handle(w, (int)r);
        break;
    case SYS_shm_create:
    case SYS_open:
    case SYS_irq_bind:
    case SYS_timer_create:
        if (r >= 0)
            add_handle(w, (int)r);
        break;
    case SYS_thread_create:
        if (r > 0)
            add_tid(w, (int)r);
        else if (a[0] == (uint64_t)fz_thread_entry) {
            for (int i = 0; i < NHELPERS; i++) {
                if ((uint64_t)&w->helpers[i].busy == a[4])
                    w->helpers[i].busy = 0;
            }
        }
        break;
    case SYS_scheme_register:
        if (r >= 0) {
            const char *name = (const char *)a[0];
            if (a[1] == strlen(w->scheme) && memcmp(name, w->scheme, a[1]) == 0)
                set_endpoint(w, (int)r); /* it took over its own name: the server uses it */
            else if (a[1] > 3 && memcmp(name, w->scheme, strlen(w->scheme)) == 0 &&
                     name[strlen(w->scheme)] == '-')
                add_handle(w, (int)r); /* one of its own fresh names, which nobody opens */
            else
                sys_handle_close(r); /* a sibling's name (free between its generations) or
                                      * one from a random buffer: clients would wait for good
                                      * on a scheme nobody serves */
        }
        break;
    case SYS_handle_close:
        if (r == 0) {
            forget_handle(w, (int)a[0]);
            forget_endpoint(w, (int)a[0]);
        }
        break;
    case SYS_mmap_anon:
        if (r > 0)
            add_region(w, (uint64_t)r, a[1], R_ANON);
        break;
    case SYS_shm_map:
    case SYS_fmap:
        if (r > 0)
            add_region(w, (uint64_t)r, nr == SYS_fmap ? a[2] : PAGE_SIZE, R_SHM);
        break;
    case SYS_mmio_map:
        if (r > 0)
            sys_munmap(r, (long)a[1]); /* see the top comment */
        break;
    case SYS_bootfs_map: /* read-only: a target the kernel must refuse to write */
        if (r > 0)
            add_region(w, (uint64_t)r & ~(PAGE_SIZE - 1), BOOTFS_SPAN, R_ANON);
        break;
    case SYS_munmap:
        if (r == 0)
            forget_regions(w, a[0], a[1]);
        break;
    case SYS_shm_unmap:
        if (r == 0)
            forget_regions(w, a[0], 1);
        break;
    case SYS_spawn:
    case SYS_fork:
        if (r > 0)
            add_child(w, (int)r);
        break;
    case SYS_wait:
        if (r > 0)
            forget_child(w, (int)r);
        break;
    case SYS_scheme_recv:
        if (r >= 0) {
            /* It took a request from a scheme: its client waits for an answer. */
            const struct scheme_request *q = (const struct scheme_request *)a[1];
            if (q->op != SCHEME_CLOSE) {
                w->reply_due = true;
                w->reply_ep = (int)a[0];
                w->reply_tag = q->tag;
            }
        }
        break;
    default:
        break;
    }
}

/* Children that have exited are collected (not counted as calls). */
static void reap_children(struct worker *w)
{
    long pid;
    while ((pid = sys_wait(-1, 0, WAIT_NOHANG)) > 0)
        forget_child(w, (int)pid);
    if (pid == -ECHILD)
        w->nchildren = 0;
}

static int pick_call(struct worker *w)
{
    uint64_t x = below(&w->rng, weight_total);
    for (int nr = 0; nr < SYS_COUNT; nr++) {
        if (x < calls[nr].weight)
            return nr;
        x -= calls[nr].weight;
    }
    return SYS_null;
}

static noreturn void worker_main(int idx, uint32_t gen, uint64_t seed, uint64_t budget, bool trace)
{
    struct worker *w = &W;
    w->idx = idx;
    w->gen = gen;
    w->main_rng = stream_seed(seed, idx, gen, 0);
    w->aux_rng = stream_seed(seed, idx, gen, 2);
    w->rng = stream_seed(seed, idx, gen, 3); /* setting up */
    w->server_rng = stream_seed(seed, idx, gen, 1);
    w->trace = trace;
    w->slot = &ctl->slot[idx];
    w->self = (int)sys_getpid();
    w->slot->pid = w->self;
    if (!worker_setup(w)) {
        rt_log("kfuzz: worker %d gen %u: setting up failed", idx, gen);
        rt_exit(3);
    }
    volatile struct slot *s = w->slot;
    uint64_t made = 0;
    long last_result = 0;
    while (made < budget) {
        if ((made & 15) == 0 && w->nchildren)
            reap_children(w);
        w->area_used = 0;
        int nr;
        uint64_t a[MAX_ARGS] = {0};
        /* Each call draws its choices from a generator seeded by one draw of a stream: call n
         * of a generation is the same whatever state (helpers free, children alive) shaped
         * the calls before it, and answers whose timing varies do not shift the rest. */
        if (w->reply_due) { /* answer the request it took, so that its client goes on */
            w->rng = reseed(&w->aux_rng);
            nr = SYS_scheme_reply;
            a[0] = (uint64_t)w->reply_ep;
            a[1] = w->reply_tag;
            a[2] = gen_value(w);
            a[3] = gen_ptr(w);
            a[4] = below(&w->rng, 64);
            w->reply_due = false;
        } else {
            w->rng = reseed(&w->main_rng);
            nr = pick_call(w);
            for (int i = 0; i < calls[nr].nargs; i++)
                a[i] = gen_arg(w, calls[nr].kind[i]);
            if (!shape(w, nr, a)) { /* rationed away: a null call keeps the count in step */
                nr = SYS_null;
                memset(a, 0, sizeof a);
            }
        }
        volatile struct ring_entry *e = &s->ring[s->head % RING];
        e->done = 0;
        e->nr = (uint32_t)nr;
        e->seq = made + 1;
        for (int i = 0; i < MAX_ARGS; i++)
            e->arg[i] = a[i];
        e->text[0] = '\0';
        for (int i = 0; i < calls[nr].nargs; i++) {
            if (calls[nr].kind[i] == K_PATH && in_scratch(w, a[i], 1)) {
                size_t n = a[i + 1] < sizeof e->text - 1 ? a[i + 1] : sizeof e->text - 1;
                if (!in_scratch(w, a[i], n))
                    n = 0;
                for (size_t k = 0; k < n; k++) {
                    char c = ((const char *)a[i])[k];
                    e->text[k] = c >= ' ' && c <= '~' ? c : '.';
                }
                e->text[n] = '\0';
            }
        }
        s->head++;
        s->calls = ++made;
        if (w->trace) { /* this call, and what the one before returned */
            char line[200], prev[40];
            fmt_call(line, sizeof line, nr, a);
            rt_fmt_result(prev, sizeof prev, last_result);
            rt_log("kfuzz w%d.%u #%lu %s [#%lu = %s]", idx, gen, made, line, made - 1, prev);
        }
        long r =
            rt_syscall6(nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
        if (nr == SYS_fork && r == 0)
            rt_exit(0); /* the child: it shares the ring page, so it leaves at once */
        e->result = r;
        e->done = 1;
        last_result = r;
        if (nr == SYS_scheme_reply && a[0] == (uint64_t)w->reply_ep && a[1] == w->reply_tag &&
            r != 0)
            sys_scheme_reply(w->reply_ep, (long)w->reply_tag, -EIO, 0, 0);
        note_result(w, nr, a, r);
    }
    s->finished = 1;
    rt_exit(0);
}

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

static void fmt_status(char *out, size_t size, int st)
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

/* ---- the health check ------------------------------------------------------------------------ */

#define HEALTH_SCHEME "kfuzz-health"

/* The child's side of the IPC check: answer OPEN and one WRITE, then see the CLOSE. */
static noreturn void health_server(int ep)
{
    static struct scheme_request req;
    static char buf[64];
    for (int step = 0; step < 3; step++) {
        long n = sys_scheme_recv(ep, (long)&req, (long)buf, sizeof buf, 0);
        if (n < 0)
            rt_exit(10 + step);
        if (step == 0 && req.op == SCHEME_OPEN)
            sys_scheme_reply(ep, (long)req.tag, 7, 0, 0);
        else if (step == 1 && req.op == SCHEME_WRITE && n == 4 && memcmp(buf, "ping", 4) == 0)
            sys_scheme_reply(ep, (long)req.tag, n, 0, 0);
        else if (step == 2 && req.op == SCHEME_CLOSE && req.id == 7)
            rt_exit(0);
        else
            rt_exit(20 + step);
    }
    rt_exit(30);
}

/* ", children: pid (name, threads)..." from sysinfo, or "" where the kernel has no sysinfo. */
static void list_children(char *out, size_t size)
{
    static struct cobalt_proc_info info[64];
    out[0] = '\0';
    long n = sys_sysinfo(SYSINFO_PROCESSES, (long)info, sizeof info);
    int used = 0;
    for (long i = 0; n > 0 && i < n / (long)sizeof info[0] && used < (int)size; i++) {
        if (info[i].ppid == 1) {
            info[i].name[sizeof info[i].name - 1] = '\0';
            used += ksnprintf(out + used, size - (size_t)used, "%s%d (%s, %u threads%s)",
                              used ? " " : ", children: ", info[i].pid, info[i].name,
                              info[i].threads, info[i].state ? ", exited" : "");
        }
    }
}

/* Orphans of dead workers are adopted by the first process (as init): those still running
 * at the end get a second to exit, then SIGKILL; "" when all are collected. */
static const char *collect_orphans(void)
{
    static char why[160];
    static struct cobalt_proc_info info[64];
    uint64_t start = rt_now_ns();
    bool killed = false;
    for (;;) {
        int st;
        long pid = sys_wait(-1, (long)&st, WAIT_NOHANG);
        if (pid > 0)
            continue;
        if (pid == -ECHILD)
            return "";
        uint64_t waited = rt_now_ns() - start;
        if (waited > 1000 * MS && !killed) {
            long n = sys_sysinfo(SYSINFO_PROCESSES, (long)info, sizeof info);
            for (long i = 0; n > 0 && i < n / (long)sizeof info[0]; i++) {
                if (info[i].ppid == 1 && !info[i].state) {
                    info[i].name[sizeof info[i].name - 1] = '\0';
                    rt_log("kfuzz: orphan pid %d (%s) still running after the run: SIGKILL",
                           info[i].pid, info[i].name);
                    sys_kill(info[i].pid, SIGKILL);
                }
            }
            killed = true;
        }
        if (waited > KILL_GRACE_NS) {
            char who[96];
            list_children(who, sizeof who);
            ksnprintf(why, sizeof why, "a child of the first process outlived SIGKILL%s", who);
            return why;
        }
        struct wait_item it = {WAIT_CHILDREN, WAIT_READABLE, 0, 0};
        sys_wait_many((long)&it, 1, TICK_NS);
    }
}

static const char *health_check(void)
{
    static char why[320];
    char st_text[48];
    int st = -1;
    long r = sys_wait(-1, (long)&st, WAIT_NOHANG);
    if (r != -ECHILD) {
        /* Every worker was collected: a child left now is one the kernel made or kept. */
        char who[128];
        list_children(who, sizeof who);
        struct wait_item it = {WAIT_CHILDREN, WAIT_READABLE, 0, 0};
        sys_wait_many((long)&it, 1, 3000 * MS);
        long pid = sys_wait(-1, (long)&st, WAIT_NOHANG);
        fmt_status(st_text, sizeof st_text, st);
        ksnprintf(why, sizeof why,
                  "a child is still there after every worker was collected (wait gave %ld%s); "
                  "3 s later wait gave %ld%s%s",
                  r, who, pid, pid > 0 ? ", " : "", pid > 0 ? st_text : "");
        return why;
    }
    /* spawn and exit */
    const char *argv[] = {"bin/kt_tiny", NULL};
    const char *envp[] = {NULL};
    long pid = rt_spawn("bin/kt_tiny", argv, envp);
    if (pid < 0) {
        ksnprintf(why, sizeof why, "spawn of bin/kt_tiny failed: %ld", pid);
        return why;
    }
    r = rt_wait(pid, &st, 0);
    if (r != pid || st != RT_EXITED(42)) {
        fmt_status(st_text, sizeof st_text, st);
        ksnprintf(why, sizeof why, "bin/kt_tiny: wait gave %ld, %s; expected exit 42", r, st_text);
        return why;
    }
    /* IPC: a forked server answers an open and a write from this process */
    long ep = sys_scheme_register((long)HEALTH_SCHEME, sizeof HEALTH_SCHEME - 1);
    if (ep < 0) {
        ksnprintf(why, sizeof why, "scheme_register(%s) failed: %ld", HEALTH_SCHEME, ep);
        return why;
    }
    pid = sys_fork();
    if (pid == 0)
        health_server((int)ep);
    sys_handle_close(ep);
    if (pid < 0) {
        ksnprintf(why, sizeof why, "fork of the IPC server failed: %ld", pid);
        return why;
    }
    static const char path[] = HEALTH_SCHEME ":check";
    long h = sys_open((long)path, sizeof path - 1, 0);
    long wr = h >= 0 ? sys_write(h, (long)"ping", 4) : 0;
    long cl = h >= 0 ? sys_handle_close(h) : 0;
    r = rt_wait(pid, &st, 0);
    if (h < 0 || wr != 4 || cl != 0 || r != pid || st != 0) {
        fmt_status(st_text, sizeof st_text, st);
        ksnprintf(why, sizeof why,
                  "IPC: open %ld, write %ld (expected 4), close %ld, server wait %ld with %s", h,
                  wr, cl, r, st_text);
        return why;
    }
    /* memory still comes and goes */
    volatile uint64_t *p = rt_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, 0);
    if (!p)
        return "mmap_anon of one page failed after the run";
    uint64_t fresh = *p;
    *p = 0x6B66757A7A;
    uint64_t back = *p;
    long un = sys_munmap((long)p, PAGE_SIZE);
    if (fresh != 0 || back != 0x6B66757A7A || un != 0) {
        ksnprintf(why, sizeof why,
                  "a fresh page at %p read %#lx before the write (expected 0) and %#lx after "
                  "writing 0x6b66757a7a; munmap gave %ld",
                  (void *)p, fresh, back, un);
        return why;
    }
    return 0;
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
