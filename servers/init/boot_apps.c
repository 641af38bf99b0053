/* init's boot option `start=<app>[,<app>...]`: the apps to start on the
 * desktop instead of the list's own (its `once` services, the demo): each
 * app (bin/<app> in the boot image, e.g. one an app developer added under
 * apps/) becomes a `once` service after Orbital, so `./build.sh run
 * start=hello` or a test's t.boot("start=hello") shows just that app
 * (docs/sdk.md); `start=demo,hello` shows both. */
#include "init.h"

#include <cobalt/debug.h>
#include <cobalt/sys.h>
#include <stdio.h>
#include <string.h>

/* An app name is a file name in bin/: letters, digits, '-' and '_'. */
static int valid_name(const char *s, size_t n)
{
    if (n == 0 || n >= SVC_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

/* The value of the option word `key=` in opts (words are space-separated),
 * or NULL. */
static const char *option_value(const char *opts, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = opts; *p;) {
        p += strspn(p, " ");
        if (strncmp(p, key, k) == 0 && p[k] == '=')
            return p + k + 1;
        p += strcspn(p, " ");
    }
    return NULL;
}

void add_boot_apps(void)
{
    static char opts[1024];
    long n = cobalt_sysinfo(SYSINFO_OPTIONS, (long)opts, sizeof opts - 1);
    if (n < 0) {
        cobalt_log_printf("init: cannot read the boot options (%ld); start= not looked at", n);
        return;
    }
    opts[n < (long)sizeof opts ? n : (long)sizeof opts - 1] = 0;
    const char *p = option_value(opts, "start");
    if (!p)
        return;
    drop_apps();
    const char *after = service_listed("orbital") ? " after=orbital" : "";
    while (*p && *p != ' ') {
        size_t len = strcspn(p, ", ");
        if (!valid_name(p, len) || (len == 4 && strncmp(p, "init", 4) == 0)) {
            cobalt_log_printf("init: start=: bad app name '%.*s'; ignored", (int)len, p);
        } else {
            char line[2 * SVC_NAME_MAX + 40];
            int k = snprintf(line, sizeof line, "%.*s bin/%.*s once%s", (int)len, p, (int)len, p,
                             after);
            parse_line(line, line + k, 0, "the start= option");
        }
        p += len;
        if (*p == ',')
            p++;
    }
}
