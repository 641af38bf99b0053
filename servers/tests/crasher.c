/* crasher: a service that always crashes (a null write, so SIGSEGV) after
 * 20 ms: init's give-up test (SRVS0005, tests/cases/servers.py). */
#include <cobalt/sys.h>

int main(void)
{
    cobalt_sleep(20000000);
    *(volatile int *)0 = 1;
    return 0;
}
