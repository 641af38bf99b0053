/* sleep: waits the given number of seconds (a decimal fraction is allowed). */
#include "lib/cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    if (argc != 2)
        cmd_usage("seconds");
    char *end;
    double secs = strtod(argv[1], &end);
    if (end == argv[1] || *end || !(secs >= 0) || secs > 1e9) {
        cmd_warn("invalid time interval '%s'", argv[1]);
        return 1;
    }
    struct timespec ts = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {
        if (errno != EINTR) {
            cmd_error("nanosleep");
            return 1;
        }
    }
    return 0;
}
