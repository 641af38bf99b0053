/* kt_fork: fork and exec work (docs/syscalls.md): the child gets private
 * copy-on-write copies of data, bss, anonymous memory and the stack, only
 * the calling thread, copies of the handles, signal actions and mask; exec
 * replaces the program (argv/envp, same pid, handles kept, other threads
 * ended, handlers reset), and a failed exec changes nothing. Owns UFRK*;
 * one file per area.
 *
 * This header: what the files share (defined in helpers.c). Parent and child
 * meet in a "mailbox": one shared-memory page mapped before the first fork,
 * so every child shares it with this process. */
#ifndef KT_FORK_FORK_H
#define KT_FORK_FORK_H

#include "kt.h"

#define RW (PROT_READ | PROT_WRITE)

struct mailbox {
    volatile long go;   /* parent → child: "my writes are done" */
    volatile long word; /* child → parent: a value */
    volatile long ticks;
    volatile long stop;
};

extern struct mailbox *mb;

/* The mailbox: kt's shared page, mapped before any fork, cleared for each case. */
struct mailbox *mailbox(void);

#define NEED_MAILBOX()                                                                             \
    struct mailbox *m = mailbox();                                                                 \
    CHECK(m != NULL, "no mailbox: shm_create/shm_map failed")

/* A 64 KiB stack for a new thread; its top, or NULL. */
void *stack_top(void);

/* Written by parent and child to show whose copy they see; 1111 to start. */
extern volatile long data_var; /* .data */

/* An shm handle the case opens, for its child (or the exec'd program) to use. */
extern long shared_handle;

/* A SIGUSR1 handler that counts its calls in usr1_count. */
extern volatile int usr1_count;
void on_usr1(int sig);

#endif
