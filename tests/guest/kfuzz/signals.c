/* kfuzz: the signal handler and restorer the fuzzer installs, and the generated structures
 * for sigaction and wait_many. */
#include "kfuzz.h"

/* ---- signal handling the fuzzer installs ----------------------------------------------------- */

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
void fz_handler(int sig)
{
    if (synchronous(sig)) {
        static struct cobalt_sigaction dfl; /* COBALT_SIG_DFL */
        sys_sigaction(sig, (long)&dfl, 0);
    }
}

bool default_ignored(uint64_t sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT || sig == SIGSTOP ||
           sig == SIGTSTP;
}

uint64_t gen_sigaction(struct worker *w)
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

uint64_t gen_wait_items(struct worker *w)
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
