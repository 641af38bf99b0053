/* The boot program of Orbital's screenshot tests: booted as
 * init=bin/orbtest with the option scenario=<scenario>, it becomes init with
 * the test service list (drivers, file servers, Orbital) and runs
 * bin/orbclient <scenario> once they have started (docs/init.md). */
#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char opts[512];
    char scenario[32] = "two";
    if (cobalt_sysinfo(SYSINFO_OPTIONS, (long)opts, sizeof opts - 1) >= 0) {
        const char *p = strstr(opts, "scenario=");
        if (p) {
            p += 9;
            size_t n = strcspn(p, " ");
            if (n > 0 && n < sizeof scenario) {
                memcpy(scenario, p, n);
                scenario[n] = 0;
            }
        }
    }
    char *argv[] = {"bin/init", "-f", "etc/services.orbtest", "bin/orbclient", scenario, NULL};
    char *envp[] = {"PATH=/bin", NULL};
    execve("/bin/init", argv, envp);
    cobalt_harness_printf("ORBTEST cannot exec init");
    return 1;
}
