/* kt_signal's shared helpers (sig.h): the mailbox page, the recording
 * handler, a kill of oneself; and the program's main. */
#include "sig.h"

struct mailbox *mb;

struct mailbox *mailbox(void)
{
    return mb = kt_shared_page(NULL);
}

volatile int got_sig, got_count;

void record(int sig)
{
    got_sig = sig;
    got_count++;
}

void reset_record(void)
{
    got_sig = 0;
    got_count = 0;
}

long self_kill(int sig)
{
    return sys_kill(sys_getpid(), sig);
}

KT_MAIN(NULL)
