/* Host unit test of Orbital's protocol decoder (ORBU0004): every rule of
 * docs/orbital-protocol.md has a case that breaks it and must be refused
 * with the right errno, valid requests decode to their values, and a million
 * random byte strings and paths never crash it (sanitizers on). */
#include "../src/proto.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int fails, checks;

static void expect(int got, int want, const char *what)
{
    checks++;
    if (got != want && fails++ < 20)
        printf("%s: got %d, want %d\n", what, got, want);
}

static int open_path(const char *p)
{
    struct orb_open o;
    return orb_decode_open(p, strlen(p), &o);
}

static void test_open(void)
{
    struct orb_open o;
    const char *good = "ra/10/-20/640/480/Demo / window";
    expect(orb_decode_open(good, strlen(good), &o), 0, "a valid path");
    expect(o.flags == (ORB_FLAG_RESIZABLE | ORB_FLAG_ALPHA) && o.x == 10 && o.y == -20 &&
               o.w == 640 && o.h == 480 && !strcmp(o.title, "Demo / window"),
           1, "its fields");
    expect(open_path("-/*/*/1/1/"), 0, "auto placement, no flags, empty title");
    expect(open_path("-/*/*/8192/2048/x"), 0, "the largest buffer");
    static const char *const bad[] = {
        "",                         /* no fields */
        "-/0/0/10/10",              /* five fields only */
        "/0/0/10/10/t",             /* empty flags */
        "q/0/0/10/10/t",            /* unknown flag */
        "rr/0/0/10/10/t",           /* a flag twice */
        "-/*/0/10/10/t",            /* half automatic */
        "-/0/0/0/10/t",             /* zero width */
        "-/0/0/10/8193/t",          /* too tall */
        "-/0/0/8192/8192/t",        /* over the buffer cap */
        "-/+1/0/10/10/t",           /* a plus sign */
        "-/01/0/10/10/t",           /* a leading zero */
        "-/-0/0/10/10/t",           /* minus zero */
        "-/ 1/0/10/10/t",           /* a space */
        "-/1x/0/10/10/t",           /* junk after digits */
        "-/16385/0/10/10/t",        /* off the coordinate range */
        "-/99999999999/0/1/1/t",    /* a long number */
        "-//0/10/10/t",             /* an empty number */
        "-/0/0/10/10/a\tb",         /* a control character */
        "-/0/0/10/10/\xC3",         /* cut UTF-8 */
        "-/0/0/10/10/\xC0\xAF",     /* overlong UTF-8 */
        "-/0/0/10/10/\xED\xA0\x80", /* a surrogate */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect(open_path(bad[i]), -EINVAL, bad[i]);
    char longtitle[400];
    memcpy(longtitle, "-/0/0/10/10/", 12);
    memset(longtitle + 12, 'x', 256);
    longtitle[12 + 256] = 0;
    expect(open_path(longtitle), -ENAMETOOLONG, "a 256-byte title");
    longtitle[12 + 255] = 0;
    expect(open_path(longtitle), 0, "a 255-byte title");
    expect(orb_decode_open("-/0/0/1/1/a\0b", 13, &o), -EINVAL, "a NUL in the title");
}

static int decode(const void *p, size_t n)
{
    struct orb_request r;
    return orb_decode_request(p, n, &r);
}

static void test_requests(void)
{
    struct orb_request r;
    struct orb_req_damage d = {{ORB_REQ_DAMAGE, sizeof d}, 1, 2, 30, 40, 7, 0};
    expect(orb_decode_request(&d, sizeof d, &r), 0, "a damage request");
    expect(r.type == ORB_REQ_DAMAGE && r.damage.w == 30 && r.damage.serial == 7, 1, "its fields");
    expect(decode(&d, sizeof d - 1), -EINVAL, "a short write");
    d.hdr.size = sizeof d + 4;
    expect(decode(&d, sizeof d), -EINVAL, "a size field that is not the write's length");
    d.hdr.size = sizeof d;
    d.reserved = 1;
    expect(decode(&d, sizeof d), -EINVAL, "a reserved field set");
    d.reserved = 0;
    d.w = 0;
    expect(decode(&d, sizeof d), -EINVAL, "an empty damage rectangle");
    d.w = 30;
    d.hdr.type = 99;
    expect(decode(&d, sizeof d), -EINVAL, "an unknown type");
    expect(decode(&d, 4), -EINVAL, "half a header");

    struct orb_req_set_title t = {{ORB_REQ_SET_TITLE, 0}, 5, "Hello"};
    t.hdr.size = (uint32_t)(offsetof(struct orb_req_set_title, title) + 5);
    expect(orb_decode_request(&t, t.hdr.size, &r), 0, "a title");
    expect(!strcmp(r.title, "Hello"), 1, "the title's text");
    t.len = 6;
    expect(decode(&t, t.hdr.size), -EINVAL, "a title length that says more than came");
    t.len = 5;
    t.title[2] = '\n';
    expect(decode(&t, t.hdr.size), -EINVAL, "a control character in a title");
    memset(t.title, 'x', sizeof t.title);
    t.len = ORB_TITLE_MAX;
    t.hdr.size = (uint32_t)(offsetof(struct orb_req_set_title, title) + ORB_TITLE_MAX);
    expect(orb_decode_request(&t, t.hdr.size, &r), 0, "the longest title");
    expect((int)strlen(r.title), ORB_TITLE_MAX, "the longest title's length");

    struct orb_req_resize rs = {{ORB_REQ_RESIZE, sizeof rs}, 8192, 8192};
    expect(decode(&rs, sizeof rs), -EINVAL, "a resize over the buffer cap");
    rs.w = -5;
    expect(decode(&rs, sizeof rs), -EINVAL, "a negative width");
    struct orb_req_set_state st = {{ORB_REQ_SET_STATE, sizeof st}, 3, 0};
    expect(decode(&st, sizeof st), -EINVAL, "an unknown state");
    struct orb_req_set_flags f = {{ORB_REQ_SET_FLAGS, sizeof f}, 0x100, 0};
    expect(decode(&f, sizeof f), -EINVAL, "an unknown flag bit");
    struct orb_req_move m = {{ORB_REQ_MOVE, sizeof m}, -16385, 0};
    expect(decode(&m, sizeof m), -EINVAL, "a move off the coordinate range");
}

static unsigned rng = 99;

static unsigned rnd(unsigned n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

static void test_random(void)
{
    unsigned char buf[300];
    struct orb_request r;
    struct orb_open o;
    int accepted = 0;
    for (int i = 0; i < 1000000; i++) {
        size_t n = rnd(sizeof buf);
        for (size_t k = 0; k < n; k++)
            buf[k] = (unsigned char)rnd(256);
        if (n >= 8 && rnd(2)) { /* a plausible header, to get past the first checks */
            uint32_t type = 1 + rnd(8), size = (uint32_t)n;
            memcpy(buf, &type, 4);
            memcpy(buf + 4, &size, 4);
        }
        accepted += orb_decode_request(buf, n, &r) == 0;
        orb_decode_open((const char *)buf, n, &o);
    }
    checks++;
    printf("random: %d of 1000000 byte strings decoded as requests\n", accepted);
}

int main(void)
{
    test_open();
    test_requests();
    test_random();
    if (fails) {
        printf("FAIL: %d of %d checks\n", fails, checks);
        return 1;
    }
    printf("PASS: %d checks of the open path and request rules; 1000000 random inputs survived\n",
           checks);
    return 0;
}
