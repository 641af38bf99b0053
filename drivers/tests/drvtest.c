/* drvtest: the user-space drivers' test (DRVR*, tests/cases/drivers.py).
 *
 * Booted as the first process (init=bin/drvtest) it execs
 * `bin/init -f etc/services.drvtest bin/drvtest client`, so init (pid 1)
 * starts the drivers and runs this program again as its child. The client
 * runs the self-contained tests (serial loopback, bad requests, display
 * modes, each driver killed and restarted).
 * Booted as init=bin/drvecho (the same program) the client is the input
 * echo (dt_echo.c) that the harness drives with real keys and pointer moves. */
#include "dt.h"

#include <cobalt/underinit.h>
#include <string.h>

int main(int argc, char **argv)
{
    /* The same program as bin/drvecho is the input echo. */
    int echo = strstr(argv[0], "drvecho") != NULL;
    if (argc < 2)
        return run_under_init("etc/services.drvtest", echo ? "bin/drvecho" : "bin/drvtest",
                              "DRVR0000");
    if (echo)
        return dt_echo();
    dt_serial();
    dt_input_bad();
    dt_display();
    dt_restart();
    return dt_failures ? 1 : 0;
}
