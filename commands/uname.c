/* uname: prints the system's name (-s, the default), node (-n), release
 * (-r), version (-v), machine (-m), or all of them (-a). */
#include "lib/cmd.h"

#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    enum { S = 1, N = 2, R = 4, V = 8, M = 16 };
    int want = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1])
            cmd_usage("[-asnrvm]");
        for (const char *p = argv[i] + 1; *p; p++) {
            switch (*p) {
            case 'a':
                want |= S | N | R | V | M;
                break;
            case 's':
                want |= S;
                break;
            case 'n':
                want |= N;
                break;
            case 'r':
                want |= R;
                break;
            case 'v':
                want |= V;
                break;
            case 'm':
                want |= M;
                break;
            default:
                cmd_usage("[-asnrvm]");
            }
        }
    }
    if (!want)
        want = S;
    struct utsname u;
    if (uname(&u) != 0) {
        cmd_error("uname");
        return 1;
    }
    const char *parts[] = {u.sysname, u.nodename, u.release, u.version, u.machine};
    int first = 1;
    for (int b = 0; b < 5; b++) {
        if (want & (1 << b)) {
            printf("%s%s", first ? "" : " ", parts[b]);
            first = 0;
        }
    }
    putchar('\n');
    return 0;
}
