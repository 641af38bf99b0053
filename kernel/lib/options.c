/* Boot option table: parses key=value words, keeps at most OPTIONS_MAX of
 * them, and logs (then ignores) anything malformed or unknown. */
#include "options.h"

#include <stddef.h>

#include "kstring.h"
#include "log.h"

#define OPTIONS_MAX 16
#define KEY_MAX     16
#define VALUE_MAX   48

struct option {
    char key[KEY_MAX];
    char value[VALUE_MAX];
};

static struct option table[OPTIONS_MAX];
static unsigned count;
static char summary[OPTIONS_MAX * (KEY_MAX + VALUE_MAX + 2)];

/* "scenario" is for user-space test programs (sysinfo SYSINFO_OPTIONS): which
 * case to run, e.g. Orbital's orbtest. */
static const char *const known_keys[] = {
    "test", "fault", "init", "bench", "fuzz_calls", "fuzz_seed", "fuzz_trace", "scenario", "start"};

static bool known(const char *key)
{
    for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++) {
        if (strcmp(key, known_keys[i]) == 0)
            return true;
    }
    return false;
}

static void set(const char *key, const char *value)
{
    for (unsigned i = 0; i < count; i++) {
        if (strcmp(table[i].key, key) == 0) {
            memcpy(table[i].value, value, strlen(value) + 1);
            return;
        }
    }
    if (count == OPTIONS_MAX) {
        klog("options: too many options, '%s' ignored", key);
        return;
    }
    memcpy(table[count].key, key, strlen(key) + 1);
    memcpy(table[count].value, value, strlen(value) + 1);
    count++;
}

static void rebuild_summary(void)
{
    size_t n = 0;
    for (unsigned i = 0; i < count; i++) {
        const char *parts[] = {i ? " " : "", table[i].key, "=", table[i].value};
        for (int p = 0; p < 4; p++) {
            size_t len = strlen(parts[p]);
            memcpy(summary + n, parts[p], len);
            n += len;
        }
    }
    summary[n] = '\0';
}

/* Rule: a word is key=value with a known key of 1..15 characters and a value
 * of 0..47 characters; anything else is logged and skipped. */
static void take_word(const char *source, const char *word, size_t len)
{
    char buf[KEY_MAX + VALUE_MAX + 1];
    if (len >= sizeof buf) {
        klog("options: %s: over-long word ignored", source);
        return;
    }
    memcpy(buf, word, len);
    buf[len] = '\0';
    char *eq = buf;
    while (*eq && *eq != '=')
        eq++;
    size_t key_len = (size_t)(eq - buf);
    if (!*eq || key_len == 0 || key_len >= KEY_MAX || strlen(eq + 1) >= VALUE_MAX) {
        klog("options: %s: malformed word '%s' ignored", source, buf);
        return;
    }
    *eq = '\0';
    if (!known(buf)) {
        klog("options: %s: unknown option '%s' ignored", source, buf);
        return;
    }
    set(buf, eq + 1);
}

void options_add(const char *source_name, const char *text)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
        if (p > start)
            take_word(source_name, start, (size_t)(p - start));
    }
    rebuild_summary();
}

const char *option_get(const char *key)
{
    for (unsigned i = 0; i < count; i++) {
        if (strcmp(table[i].key, key) == 0)
            return table[i].value;
    }
    return NULL;
}

bool option_is(const char *key, const char *value)
{
    const char *v = option_get(key);
    return v && strcmp(v, value) == 0;
}

const char *options_summary(void)
{
    return summary;
}
