/* underinit: the start of an in-guest test program booted as the first
 * process (init=bin/<self>): it runs itself under init with a test service
 * list, then reports as init's client. Part of libtest (lib/libtest), the
 * helpers the SDK-built test programs share (docs/testing.md). */
#ifndef COBALT_UNDERINIT_H
#define COBALT_UNDERINIT_H

/* Execs `bin/init -f <list> <self> client`, so init (still pid 1) starts the
 * servers of list and runs self again as its client; init exits with the
 * client's status. Returns only if the exec failed: it then reports
 * `TEST <fail_id> FAIL exec bin/init: <error>` and returns 1. */
int run_under_init(const char *list, const char *self, const char *fail_id);

#endif
