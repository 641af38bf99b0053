/* kfuzz's argument generators: one per argument kind, each biased to that kind's edge
 * values, plus the paths, names and string vectors built in the scratch area. */
#include "kfuzz.h"

/* ---- argument generators, biased to each kind's edge values -------------------------------- */

uint64_t gen_ptr(struct worker *w)
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

uint64_t gen_handle(struct worker *w)
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

uint64_t gen_value(struct worker *w)
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
uint64_t area_str(struct worker *w, const char *s)
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
void gen_program_path(struct worker *w, uint64_t *a, bool good)
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

void gen_scheme_path(struct worker *w, uint64_t *a)
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

void gen_scheme_name(struct worker *w, uint64_t *a)
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

uint64_t gen_arg(struct worker *w, int kind)
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
