/* underinit: how an in-guest test program booted as the first process
 * becomes init's client (<cobalt/underinit.h>). */
#include <cobalt/underinit.h>

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <string.h>

int run_under_init(const char *list, const char *self, const char *fail_id)
{
    char *const args[] = {"bin/init", "-f", (char *)list, (char *)self, "client", NULL};
    static char *const envp[] = {NULL};
    const char *path = "bin/init";
    long r = cobalt_exec((long)path, (long)strlen(path), (long)args, (long)envp);
    cobalt_harness_printf("TEST %s FAIL exec bin/init: %ld", fail_id, r);
    return 1;
}
