/* kt_signal: signal handlers work (docs/syscalls.md, "Signals"): a handler
 * runs with the signal number and sigreturn resumes the interrupted code
 * with every register; the mask while a handler runs, sigprocmask and
 * pending delivery, COBALT_SIG_IGN, SIGKILL, -EINTR from blocking calls, SIGCHLD,
 * handlers for CPU faults that fix the cause, a handler frame that does not
 * fit, and forged sigreturn frames that must not gain privilege. Owns USIG*;
 * one file per area.
 *
 * This header: what the files share (defined in helpers.c). Handlers return
 * through rt_sigrestorer (rt/crt0.S). Cases that could end the process run
 * in forked children; parent and child meet in a shared page mapped before
 * the first fork. */
#ifndef KT_SIGNAL_SIG_H
#define KT_SIGNAL_SIG_H

#include "kt.h"

#define RW (PROT_READ | PROT_WRITE)

struct mailbox {
    volatile long ready; /* child -> parent: "set up, about to block" */
    volatile long word;
};

/* The shared page (mapped on first use, before any fork); mb is it from
 * then on, in forked children too. */
struct mailbox *mailbox(void);
extern struct mailbox *mb;

#define NEED_MAILBOX()                                                                             \
    struct mailbox *m = mailbox();                                                                 \
    CHECK(m != NULL, "no mailbox: shm_create/shm_map failed")

/* A simple recording handler: the last signal and how many came. */
extern volatile int got_sig, got_count;
void record(int sig);
void reset_record(void);

#define INSTALL(sig, fn, flags, mask) EXPECT_EQ(rt_sigaction(sig, fn, flags, mask), 0)
#define DEFAULT(sig)                  rt_sigaction(sig, RT_SIG_DFL, 0, 0)

long self_kill(int sig);

#endif
