/* drvtest: the user-space drivers' test (DRVR*, tests/cases/drivers.py).
 *
 * Booted as the first process (init=bin/drvtest) it execs
 * `bin/init -f etc/services.drvtest bin/drvtest client`, so init (pid 1)
 * starts the drivers and runs this program again as its child. The client
 * runs the self-contained tests (serial loopback, bad requests, display
 * modes, each driver killed and restarted), then becomes an input echo
 * (dt_echo.c) that the harness drives with real keys and pointer moves. */
#include "dt.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <string.h>

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 2) {
        static char *const args[] = {"bin/init",    "-f",     "etc/services.drvtest",
                                     "bin/drvtest", "client", NULL};
        static char *const envp[] = {NULL};
        const char *path = "bin/init";
        long r = cobalt_exec((long)path, (long)strlen(path), (long)args, (long)envp);
        cobalt_harness_printf("TEST DRVR0000 FAIL exec bin/init: %ld", r);
        return 1;
    }
    dt_serial();
    return dt_failures ? 1 : 0;
}
