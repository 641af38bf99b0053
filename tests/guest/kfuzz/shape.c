/* kfuzz: shaping, the per-call rules (the top comment of main.c) applied on top of the
 * generated arguments: what is neutered, rationed or skipped. */
#include "kfuzz.h"

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

/* Applies the rules of the top comment of main.c; false: skip this call (pick another). */
bool shape(struct worker *w, int nr, uint64_t *a)
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
