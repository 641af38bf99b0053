/* kfuzz: the types, constants and randomness its files share, and the functions one file
 * offers another. The fuzzer (bin/kfuzz) is described at the top of main.c; the files:
 * table.c (the call table), state.c (a worker's bookkeeping), args.c (argument generators),
 * signals.c (handler, restorer, sigaction and wait items), shape.c (per-call rules), threads.c
 * (helper and server threads), worker.c (the worker loop), health.c (the health check) and
 * main.c (the supervisor and main). */
#ifndef KFUZZ_H
#define KFUZZ_H

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

extern volatile struct control *ctl;

/* ---- deterministic randomness -------------------------------------------------------------- */

static inline uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* The seed of one stream: (run seed, worker, generation, stream) -> a non-zero state. */
static inline uint64_t stream_seed(uint64_t seed, int worker, uint32_t gen, int stream)
{
    uint64_t s = mix64(seed ^ mix64(((uint64_t)worker << 40) ^ ((uint64_t)gen << 8) ^
                                    (uint64_t)stream ^ 0x6B66757A7AULL));
    return s ? s : 0x9E3779B97F4A7C15ULL;
}

/* xorshift64* */
static inline uint64_t next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* A fresh state from one draw of stream s (never 0, which xorshift would keep). */
static inline uint64_t reseed(uint64_t *s)
{
    uint64_t x = mix64(next(s));
    return x ? x : 0x9E3779B97F4A7C15ULL;
}

static inline uint64_t below(uint64_t *s, uint64_t n)
{
    return n ? next(s) % n : 0;
}

static inline bool one_in(uint64_t *s, uint64_t n)
{
    return below(s, n) == 0;
}

static inline uint64_t pick(uint64_t *s, const uint64_t *v, size_t n)
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

extern const struct call_spec calls[SYS_COUNT];
extern uint32_t weight_total;

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

#define endpoint_of(w) ((int)(int32_t)(uint32_t)(w)->ep_word)

/* table.c */
const char *table_check(void);

/* state.c */
uint64_t page_up(uint64_t v);
bool hits_protected(const struct worker *w, uint64_t start, uint64_t len);
void protect(struct worker *w, uint64_t start, uint64_t len);
bool in_scratch(const struct worker *w, uint64_t p, uint64_t len);
uint8_t *area(struct worker *w, size_t n);
void add_handle(struct worker *w, int h);
void forget_handle(struct worker *w, int h);
bool swap_endpoint(struct worker *w, uint64_t seen, int h);
void set_endpoint(struct worker *w, int h);
bool is_endpoint(const struct worker *w, int64_t h);
void forget_endpoint(struct worker *w, int h);
void add_endpoint_dup(struct worker *w, int h);
void add_region(struct worker *w, uint64_t start, uint64_t len, int kind);
void forget_regions(struct worker *w, uint64_t start, uint64_t len);
void add_tid(struct worker *w, int tid);
void add_child(struct worker *w, int pid);
void forget_child(struct worker *w, int pid);

/* args.c */
uint64_t gen_ptr(struct worker *w);
uint64_t gen_handle(struct worker *w);
uint64_t gen_value(struct worker *w);
uint64_t area_str(struct worker *w, const char *s);
void gen_program_path(struct worker *w, uint64_t *a, bool good);
void gen_scheme_path(struct worker *w, uint64_t *a);
void gen_scheme_name(struct worker *w, uint64_t *a);
uint64_t gen_arg(struct worker *w, int kind);

/* signals.c */
void fz_restorer(void);
void fz_handler(int sig);
bool default_ignored(uint64_t sig);
uint64_t gen_sigaction(struct worker *w);
uint64_t gen_wait_items(struct worker *w);

/* shape.c */
bool shape(struct worker *w, int nr, uint64_t *a);

/* threads.c */
void fz_thread_entry(void);
int fz_helper_main(uint64_t arg);
int server_main(void *arg);

/* worker.c */
void fmt_call(char *out, size_t size, int nr, const uint64_t *a);
noreturn void worker_main(int idx, uint32_t gen, uint64_t seed, uint64_t budget, bool trace);

/* health.c */
const char *collect_orphans(void);
const char *health_check(void);

/* main.c */
void fmt_status(char *out, size_t size, int st);

#endif
