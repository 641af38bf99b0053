/* kfuzz: the worker process: its setup, the per-call loop (pick, shape, record in the ring,
 * call) and the bookkeeping after each call. */
#include "kfuzz.h"

static struct worker W;

/* ---- the worker ------------------------------------------------------------------------------ */

void fmt_call(char *out, size_t size, int nr, const uint64_t *a)
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
            sys_munmap(r, (long)a[1]); /* see the top comment of main.c */
        break;
    case SYS_shm_create_device:
        if (r >= 0)
            sys_handle_close(r); /* the same: never a mapping of device memory */
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

noreturn void worker_main(int idx, uint32_t gen, uint64_t seed, uint64_t budget, bool trace)
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
