/* uname: prints the system's name (-s, the default), node (-n), release
 * (-r), version (-v), machine (-m), or all of them (-a). */
#include "lib/cmd.h"

#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    cmd_init(argv);
    /* Bits 0..4: sysname, nodename, release, version, machine; bit 5: -a. */
    unsigned want;
    if (cmd_options(argc, argv, "snrvma", &want, "[-asnrvm]") != argc)
        cmd_usage("[-asnrvm]");
    if (want & 32)
        want = 31;
    if (!want)
        want = 1;
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
