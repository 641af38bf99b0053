/* fstest bad input: the raw malformed-request battery every scheme gets
 * (raw_bad_input) and the random requests to every scheme (SCFS0050). */
#include "fstest.h"

void raw_bad_input(const char *scheme, const char *good, int ro)
{
    char p[1100];
    /* a NUL inside the path */
    snprintf(p, sizeof p, "%sa", scheme);
    size_t sl = strlen(scheme);
    char withnul[64];
    memcpy(withnul, scheme, sl);
    memcpy(withnul + sl, "a\0b", 3);
    RAW(cobalt_open((long)withnul, (long)sl + 3, O_RDONLY), EINVAL);
    /* 2000 bytes: the kernel's limit is 1024 */
    static char big[2100];
    memset(big, 'a', sizeof big);
    memcpy(big, scheme, sl);
    RAW(cobalt_open((long)big, 2000, O_RDONLY), EINVAL);
    /* a 300-byte component inside a 1000-byte path: NAME_MAX */
    RAW(cobalt_open((long)big, 1000, O_RDONLY), ENAMETOOLONG);
    /* non-canonical paths: '..', '.', '//', a leading '/' */
    snprintf(p, sizeof p, "%s../etc/services", scheme);
    RAW(raw_open(p, O_RDONLY), EINVAL);
    snprintf(p, sizeof p, "%sa/../../x", scheme);
    RAW(raw_open(p, O_RDONLY), EINVAL);
    snprintf(p, sizeof p, "%s./x", scheme);
    RAW(raw_open(p, O_RDONLY), EINVAL);
    snprintf(p, sizeof p, "%sa//b", scheme);
    RAW(raw_open(p, O_RDONLY), EINVAL);
    snprintf(p, sizeof p, "%s/etc", scheme);
    RAW(raw_open(p, O_RDONLY), EINVAL);
    snprintf(p, sizeof p, "%s%s", scheme, good);
    long h = raw_open(p, O_RDONLY);
    CHECK(h >= 0, "raw open %.200s: %ld", p, h); /* the path, cut to fit why */
    char buf[256];
    RAW(cobalt_fcall(h, 0x999, 0, 0, (long)buf, sizeof buf), ENOSYS);
    RAW(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 5, 0, 0, 0, 0), ENOSYS);
    RAW(cobalt_fcall(h, 0, 0, 0, 0, 0), EINVAL);
    RAW(cobalt_fcall(h, FCALL_FSTAT, 0, 0, (long)buf, 3), EINVAL);
    RAW(cobalt_fcall(h, FCALL_READDIR, 0, 0, (long)buf, sizeof buf), ENOTDIR);
    RAW(cobalt_fcall(h, FCALL_SEEK, -1, SEEK_SET, 0, 0), EINVAL);
    RAW(cobalt_fcall(h, FCALL_SEEK, 0, 7, 0, 0), EINVAL);
    CHECK(cobalt_fcall(h, FCALL_SEEK, INT64_MAX, SEEK_SET, 0, 0) == INT64_MAX, "huge seek");
    RAW(cobalt_fcall(h, FCALL_SEEK, 1, SEEK_CUR, 0, 0), EOVERFLOW);
    CHECK(cobalt_read(h, (long)buf, 16) == 0, "read after a huge seek is not EOF");
    RAW(cobalt_fcall(h, FCALL_FLAGS, O_SYNC, 0, 0, 0), EINVAL);
    if (ro)
        RAW(cobalt_write(h, (long)"x", 1), EROFS);
    else
        RAW(cobalt_write(h, (long)"x", 1), EBADF); /* opened read-only */
    cobalt_handle_close(h);
    /* READDIR with a buffer too small for one record */
    long d = raw_open(scheme, O_RDONLY | O_DIRECTORY);
    CHECK(d >= 0, "raw open of the root: %ld", d);
    RAW(cobalt_fcall(d, FCALL_READDIR, 0, 0, (long)buf, 8), EINVAL);
    RAW(cobalt_fcall(d, FCALL_SEEK, 0, SEEK_END, 0, 0), EINVAL);
    CHECK(cobalt_fcall(d, FCALL_READDIR, 0, 0, (long)buf, sizeof buf) > 0, "readdir after");
    cobalt_handle_close(d);
    /* an O_PATH handle reads, writes, seeks and lists nothing */
    h = raw_open(p, O_PATH);
    CHECK(h >= 0, "O_PATH open: %ld", h);
    RAW(cobalt_read(h, (long)buf, 4), EBADF);
    RAW(cobalt_write(h, (long)buf, 4), EBADF);
    RAW(cobalt_fcall(h, FCALL_SEEK, 0, SEEK_SET, 0, 0), EBADF);
    struct stat st;
    CHECK(cobalt_fcall(h, FCALL_FSTAT, 0, 0, (long)&st, sizeof st) == 0, "fstat of O_PATH");
    cobalt_handle_close(h);
    /* an O_PATH handle of a missing name: fstat says ENOENT */
    snprintf(p, sizeof p, "%sno-such-name", scheme);
    h = raw_open(p, O_PATH);
    CHECK(h >= 0, "O_PATH of a missing name: %ld", h);
    RAW(cobalt_fcall(h, FCALL_FSTAT, 0, 0, (long)&st, sizeof st), ENOENT);
    cobalt_handle_close(h);
    /* and the server still answers */
    snprintf(p, sizeof p, "%s%s", scheme, good);
    h = raw_open(p, O_RDONLY);
    CHECK(h >= 0 && cobalt_read(h, (long)buf, 4) >= 0, "the server no longer answers");
    cobalt_handle_close(h);
}

/* Random requests to every scheme: random fcall codes (the real ones
 * included), arguments, buffer sizes and contents, reads, writes and fmaps
 * on files, directories and O_PATH handles. Every server must survive (the
 * same pid) and answer afterwards. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

void test_fuzz(void)
{
    static const char *const paths[] = {
        "file:",     "file:etc/services", "file:bin",    "tmp:",  "tmp:fz",   "tmp:fzd",
        "home:",     "home:fz",           "log:",        "time:", "time:rtc", "time:now",
        "tmp:fzd/x", "tmp:nothing",       "file:nothing"};
    static const char *const servers[] = {"initfs", "tmpfs", "logd", "timed", "nullzero"};
    int before[5];
    for (int i = 0; i < 5; i++)
        before[i] = find_proc(servers[i]);
    write_file("/tmp/fz", "fuzz me");
    mkdir("/tmp/fzd", 0755);
    write_file("/home/fz", "fuzz me too");
    static unsigned char buf[4096];
    int calls = 0;
    for (int round = 0; round < 3000; round++) {
        const char *p = paths[next_rand() % (sizeof paths / sizeof paths[0])];
        static const long flags[] = {
            O_RDONLY, O_RDWR, O_WRONLY, O_PATH, O_RDONLY | O_DIRECTORY, O_RDWR | O_APPEND};
        long h = raw_open(p, flags[next_rand() % 6]);
        if (h < 0)
            continue;
        for (int k = 0; k < 4; k++, calls++) {
            uint64_t what = next_rand();
            size_t len = (size_t)(next_rand() % (what & 1 ? 200 : sizeof buf));
            for (size_t i = 0; i < len; i += 8) {
                uint64_t v = next_rand();
                memcpy(buf + i, &v, len - i < 8 ? len - i : 8);
            }
            long code = (long)(what >> 8) % 16;
            if (what & 0x10000)
                code = (long)(next_rand() % 0x2000);
            /* never rename or remove something outside the fuzz's own files */
            if ((code == FCALL_RENAME || code == FCALL_UNLINK || code == FCALL_RMDIR) &&
                strncmp(p, "tmp:fz", 6) != 0)
                continue;
            long a1 = (long)next_rand() % 70000, a2 = (long)next_rand() % 4;
            switch ((what >> 4) % 5) {
            case 0:
                cobalt_read(h, (long)buf, (long)len);
                break;
            case 1:
                cobalt_write(h, (long)buf, (long)len % 64);
                break;
            case 2: {
                long at = cobalt_fmap(h, (long)(next_rand() % 3) * 4096, 4096, 1);
                if (at > 0)
                    cobalt_munmap(at, 4096);
                break;
            }
            default:
                cobalt_fcall(h, code ? code : 1, a1, a2, (long)buf, (long)len);
                break;
            }
        }
        cobalt_handle_close(h);
    }
    int same = 1;
    for (int i = 0; i < 5; i++)
        same &= find_proc(servers[i]) == before[i] && before[i] > 0;
    CHECK(same, "a server died or restarted during %d random calls", calls);
    struct stat st;
    int fd = open("/etc/services", O_RDONLY);
    CHECK(fd >= 0 && stat("/tmp", &st) == 0 && stat("/home", &st) == 0, "servers answer");
    close(fd);
    char t[32];
    fd = open("time:now", O_RDONLY);
    CHECK(fd >= 0 && read(fd, t, sizeof t) == 20, "time: answers");
    close(fd);
    fd = open("log:", O_RDONLY);
    CHECK(fd >= 0 && read(fd, t, sizeof t) > 0, "log: answers");
    close(fd);
    verdict("SCFS0050");
}
