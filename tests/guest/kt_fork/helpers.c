/* kt_fork's shared helpers (fork.h): the mailbox, thread stacks, the
 * variables several files' children check, the counting SIGUSR1 handler. */
#include "fork.h"

struct mailbox *mb;

struct mailbox *mailbox(void)
{
    return mb = kt_shared_page(NULL);
}

void *stack_top(void)
{
    return rt_stack_alloc(64 << 10);
}

volatile long data_var = 1111; /* .data */

long shared_handle;

volatile int usr1_count;

void on_usr1(int sig)
{
    if (sig == SIGUSR1)
        usr1_count++;
}
