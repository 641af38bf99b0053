/* libc tests: strings, memory functions, ctype, conversions, sorting. */
#include "lt.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

LT_CASE(LIBC0001, "strlen, strcpy, strcat, strcmp, strchr, strstr, strtok_r, strdup")
{
    char buf[64];
    LT_EQ(strlen(""), 0);
    LT_EQ(strlen("cobalt"), 6);
    strcpy(buf, "co");
    strcat(buf, "balt");
    LT_STREQ(buf, "cobalt");
    LT_CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0,
             "strcmp order");
    LT_CHECK(strncmp("abcdef", "abcxyz", 3) == 0 && strncmp("abc", "abd", 3) < 0, "strncmp");
    LT_CHECK(strcasecmp("CoBaLt", "cobalt") == 0, "strcasecmp");
    LT_CHECK(strchr(buf, 'b') == buf + 2 && strrchr("a.b.c", '.') != 0 && !strchr(buf, 'z'),
             "strchr/strrchr");
    LT_CHECK(strstr("microkernel desktop", "kernel") != 0 && !strstr("abc", "abd"), "strstr");
    LT_EQ(strspn("aaabc", "a"), 3);
    LT_EQ(strcspn("abc,def", ","), 3);
    strncpy(buf, "xy", sizeof buf);
    LT_CHECK(buf[0] == 'x' && buf[1] == 'y' && buf[2] == 0 && buf[63] == 0, "strncpy pads");
    char list[] = "one,two,,three";
    char *save, *tok[4] = {0};
    int n = 0;
    for (char *t = strtok_r(list, ",", &save); t && n < 4; t = strtok_r(0, ",", &save))
        tok[n++] = t;
    LT_EQ(n, 3);
    LT_STREQ(tok[2], "three");
    char *d = strdup("duplicate");
    LT_STREQ(d, "duplicate");
    free(d);
    char *nd = strndup("abcdef", 3);
    LT_STREQ(nd, "abc");
    free(nd);
    LT_STREQ(strerror(ENOENT), "No such file or directory");
}

LT_CASE(LIBC0002, "memcpy, memmove (overlapping), memset, memcmp, memchr")
{
    unsigned char a[300], b[300];
    for (int i = 0; i < 300; i++)
        a[i] = (unsigned char)(i * 7);
    for (int len = 0; len < 260; len += 13) {
        for (int off = 0; off < 8; off++) {
            memset(b, 0xAA, sizeof b);
            memcpy(b + off, a, len);
            LT_CHECK(memcmp(b + off, a, len) == 0, "memcpy len %d off %d", len, off);
            LT_CHECK(off == 0 || b[off - 1] == 0xAA, "memcpy wrote before its start");
            LT_CHECK(b[off + len] == 0xAA, "memcpy wrote past its end (len %d)", len);
        }
    }
    memcpy(b, a, 300);
    memmove(b + 10, b, 200); /* forwards overlap */
    LT_CHECK(memcmp(b + 10, a, 200) == 0, "memmove forwards");
    memcpy(b, a, 300);
    memmove(b, b + 10, 200); /* backwards overlap */
    LT_CHECK(memcmp(b, a + 10, 200) == 0, "memmove backwards");
    memset(b, 0x5C, 100);
    LT_CHECK(b[0] == 0x5C && b[99] == 0x5C, "memset");
    LT_CHECK(memcmp("abc", "abd", 3) < 0 && memcmp("\xff", "\x01", 1) > 0, "memcmp is unsigned");
    /* i * 7 mod 256 takes every value once in 0..255: a[123] first appears at 123. */
    LT_CHECK(memchr(a, a[123], 300) == a + 123, "memchr");
    LT_CHECK(!memchr(a, a[123], 100), "memchr past its length");
}

LT_CASE(LIBC0003, "ctype in the C locale, toupper and tolower")
{
    int alpha = 0, digit = 0, space = 0, upper = 0, punct = 0, print = 0;
    for (int c = 0; c < 256; c++) {
        alpha += isalpha(c) != 0;
        digit += isdigit(c) != 0;
        space += isspace(c) != 0;
        upper += isupper(c) != 0;
        punct += ispunct(c) != 0;
        print += isprint(c) != 0;
    }
    LT_EQ(alpha, 52);
    LT_EQ(digit, 10);
    LT_EQ(space, 6);
    LT_EQ(upper, 26);
    LT_EQ(punct, 32);
    LT_EQ(print, 95);
    LT_CHECK(isxdigit('f') && isxdigit('F') && !isxdigit('g'), "isxdigit");
    LT_EQ(toupper('q'), 'Q');
    LT_EQ(tolower('Q'), 'q');
    LT_EQ(toupper('1'), '1');
    LT_CHECK(!isalpha(EOF) && !isalpha(0xE9), "EOF and bytes above 127 are not letters");
}

LT_CASE(LIBC0004, "strtol, strtoul, strtoll, strtod, atoi: values, bases, ends, overflow")
{
    char *end;
    LT_EQ(strtol("  -1234xyz", &end, 10), -1234);
    LT_STREQ(end, "xyz");
    LT_EQ(strtol("0x1F", 0, 0), 31);
    LT_EQ(strtol("0755", 0, 0), 493);
    LT_EQ(strtol("z", 0, 36), 35);
    LT_EQ(strtoul("4294967295", 0, 10), 4294967295UL);
    errno = 0;
    long big = strtol("99999999999999999999", 0, 10);
    LT_CHECK(big == LONG_MAX && errno == ERANGE, "strtol overflow gave %ld errno %d", big, errno);
    LT_EQ(strtoll("-9223372036854775808", 0, 10), LLONG_MIN);
    LT_EQ(atoi("42"), 42);
    double d = strtod("3.25e2", &end);
    LT_CHECK(d == 325.0 && *end == 0, "strtod 3.25e2 gave %g", d);
    LT_CHECK(strtod("0x1p-2", 0) == 0.25, "strtod hex float");
    LT_CHECK(strtod("-inf", 0) < -1e308, "strtod -inf");
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

LT_CASE(LIBC0005, "qsort and bsearch on 1000 numbers")
{
    int v[1000];
    unsigned s = 12345;
    for (int i = 0; i < 1000; i++) {
        s = s * 1103515245u + 12345u;
        v[i] = (int)(s >> 8) % 100000;
    }
    qsort(v, 1000, sizeof v[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < 1000; i++)
        sorted &= v[i - 1] <= v[i];
    LT_CHECK(sorted, "qsort left the array unsorted");
    int key = v[500];
    int *hit = bsearch(&key, v, 1000, sizeof v[0], cmp_int);
    LT_CHECK(hit && *hit == key, "bsearch did not find %d", key);
    key = -1;
    LT_CHECK(!bsearch(&key, v, 1000, sizeof v[0], cmp_int), "bsearch found a missing key");
}

int main(void)
{
    return lt_main();
}
