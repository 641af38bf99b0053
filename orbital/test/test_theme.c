/* Host unit test of Orbital's theme parser (ORBU0006): the shipped
 * themes/default.theme parses to exactly the built-in defaults, and broken
 * files are refused with the line and reason, leaving the theme unchanged. */
#include "../src/theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails, checks;

static void check(int ok, const char *what)
{
    checks++;
    if (!ok && fails++ < 20)
        printf("%s\n", what);
}

static int parse(const char *text, char *err)
{
    struct theme t;
    theme_default(&t);
    struct theme before = t;
    int r = theme_parse(&t, text, strlen(text), err, 200);
    if (r != 0)
        check(!memcmp(&t, &before, sizeof t), "a refused file changed the theme");
    return r;
}

int main(int argc, char **argv)
{
    char err[200];
    if (argc > 1) { /* the shipped theme must equal the defaults */
        FILE *f = fopen(argv[1], "rb");
        static char buf[65536];
        size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
        if (f)
            fclose(f);
        struct theme shipped, builtin;
        theme_default(&shipped);
        theme_default(&builtin);
        shipped.border = 99; /* must be overwritten by the file */
        int r = theme_parse(&shipped, buf, n, err, sizeof err);
        check(n > 0 && r == 0, "the shipped theme does not parse");
        if (r)
            printf("  %s\n", err);
        check(!memcmp(&shipped, &builtin, sizeof shipped),
              "the shipped theme differs from the built-in defaults");
    }
    check(parse("# only a comment\n\n   \n", err) == 0, "comments and blank lines");
    check(parse("border = 7\ntitle_active=#112233\nshadow = #80000000\n", err) == 0, "valid keys");
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"nonsense = 1\n", "line 1: nonsense: unknown key"},
        {"border = 7\nborder = 8\n", "line 2: border: the key is given twice"},
        {"\n\nborder = 0\n", "line 3: border: a whole number from 1 to 16 is needed"},
        {"border = 17\n", "line 1: border: a whole number from 1 to 16 is needed"},
        {"border = -1\n", "line 1: border: a whole number from 1 to 16 is needed"},
        {"border = 07\n", "line 1: border: a whole number from 1 to 16 is needed"},
        {"border = 4px\n", "line 1: border: a whole number from 1 to 16 is needed"},
        {"border\n", "line 1: expected \"key = value\""},
        {"title_active = #12345\n", "line 1: title_active: a colour is #RRGGBB or #AARRGGBB"},
        {"title_active = #GG0000\n", "line 1: title_active: a colour is #RRGGBB or #AARRGGBB"},
        {"title_active = red\n", "line 1: title_active: a colour is #RRGGBB or #AARRGGBB"},
        {"button_size = 40\ntitle_height = 20\n",
         "line 0: button_size is larger than title_height"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = 0;
        int r = parse(bad[i].text, err);
        check(r != 0 && !strcmp(err, bad[i].want), bad[i].want);
        if (r == 0 || strcmp(err, bad[i].want))
            printf("  got: %s\n", r ? err : "(accepted)");
    }
    char nul[] = "border = 4\n\0x = 1\n";
    struct theme t;
    theme_default(&t);
    check(theme_parse(&t, nul, sizeof nul - 1, err, sizeof err) != 0, "a NUL byte is refused");
    /* Random bytes never crash it. */
    unsigned x = 5;
    static char junk[512];
    static const char alphabet[] = "border=#0123456789abcdef \n\t-x_";
    for (int i = 0; i < 200000; i++) {
        size_t n = (x = x * 1103515245u + 12345u) >> 23;
        for (size_t k = 0; k < n; k++)
            junk[k] = alphabet[((x = x * 1103515245u + 12345u) >> 16) % (sizeof alphabet - 1)];
        theme_parse(&t, junk, n, err, sizeof err);
    }
    if (fails) {
        printf("FAIL: %d of %d checks\n", fails, checks);
        return 1;
    }
    printf(
        "PASS: %d theme checks; the shipped theme is the built-in one; 200000 junk files refused "
        "safely\n",
        checks);
    return 0;
}
