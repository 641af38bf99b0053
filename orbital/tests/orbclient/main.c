/* orbclient's entry: `orbclient <scenario>` opens that scenario's windows,
 * says "ORBTEST ready <scenario>" and serves them (client.c). The well-behaved
 * scenarios are here; the others are in misbehave.c and hang.c. */
#include "orbclient.h"

#include <cobalt/debug.h>
#include <string.h>

static int scenario_two(pid_t *child)
{
    (void)child;
    if (open_win("A", "r", 120, 140, 360, 240, 0xFFC0392Bu) < 0 ||
        open_win("B", "r", 420, 300, 360, 240, 0xFF27AE60u) < 0)
        return 1;
    return 0;
}

static int scenario_one(pid_t *child)
{
    (void)child;
    return open_win("A", "r", 200, 160, 400, 300, 0xFF2980B9u) < 0;
}

static const struct {
    const char *name;
    int (*open)(pid_t *child);
} scenarios[] = {
    {"two", scenario_two},     {"one", scenario_one},         {"crashmix", scenario_crashmix},
    {"crash", scenario_crash}, {"garbage", scenario_garbage}, {"noread", scenario_noread},
    {"many", scenario_many},   {"hang", scenario_hang},       {"restart", scenario_restart},
};

int main(int argc, char **argv)
{
    const char *s = argc > 1 ? argv[1] : "two";
    for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++) {
        if (strcmp(s, scenarios[i].name))
            continue;
        pid_t child = 0;
        int r = scenarios[i].open(&child);
        if (r)
            return r;
        cobalt_harness_printf("ORBTEST ready %s", s);
        return run(child);
    }
    cobalt_harness_printf("ORBTEST unknown scenario %s", s);
    return 2;
}
