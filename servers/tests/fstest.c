/* fstest: the file-system schemes' test (SCFS*, tests/cases/schemes_fs.py):
 * initfs (file:), tmpfs (tmp:, home:), logd (log:), timed (time:) and the
 * namespace that leads to them.
 *
 * Booted as the first process (init=bin/fstest) it execs
 * `bin/init -f etc/services.fs bin/fstest client`: init (still pid 1) starts
 * the servers and runs this program again as its child; init exits with its
 * status (the harness's EXIT). Positive checks go through POSIX calls; the
 * bad-input checks use the raw kernel calls of <cobalt/sys.h>, expect exact
 * error codes, and check that the server still answers afterwards. */
#include <cobalt/sys.h>

#include <cobalt/debug.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MS 1000000ull

static int failures;
static char why[256]; /* the first failed check of the current test */

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond) && !why[0]) {                                                                  \
            int o_ = snprintf(why, sizeof why, "line %d: ", __LINE__);                             \
            snprintf(why + o_, sizeof why - (size_t)o_, __VA_ARGS__);                              \
        }                                                                                          \
    } while (0)

/* A call that must fail with errno e. */
#define FAILS(call, e)                                                                             \
    do {                                                                                           \
        errno = 0;                                                                                 \
        long r_ = (long)(call);                                                                    \
        CHECK(r_ == -1 && errno == (e), "%s gave %ld errno %d, expected errno %d", #call, r_,      \
              errno, (e));                                                                         \
    } while (0)

/* A raw kernel call that must return -e. */
#define RAW(call, e)                                                                               \
    do {                                                                                           \
        long r_ = (long)(call);                                                                    \
        CHECK(r_ == -(long)(e), "%s gave %ld, expected %ld", #call, r_, -(long)(e));               \
    } while (0)

static void verdict(const char *id)
{
    cobalt_harness_printf("TEST %s %s%s", id, why[0] ? "FAIL " : "PASS", why);
    if (why[0])
        failures++;
    why[0] = 0;
}

static uint64_t now_ns(void)
{
    uint64_t ns = 0;
    cobalt_clock_get(0, (long)&ns);
    return ns;
}

/* Opens path, retrying while its scheme is missing (a server (re)starting). */
static int open_retry(const char *path, int flags, unsigned ms)
{
    uint64_t end = now_ns() + ms * MS;
    for (;;) {
        int fd = open(path, flags, 0644);
        if (fd >= 0 || (errno != ENOENT && errno != EPIPE) || now_ns() > end)
            return fd;
        cobalt_sleep(5 * MS);
    }
}

static long raw_open(const char *path, long flags)
{
    return cobalt_open((long)path, (long)strlen(path), flags);
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int dir_has(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        found |= strcmp(e->d_name, name) == 0;
    closedir(d);
    return found;
}

static int dir_count(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Lists a directory through raw READDIR calls with a small buffer (each call
 * holds one or two records): the number of names, or -errno. */
static long count_small(const char *scheme_path, size_t cap)
{
    long h = raw_open(scheme_path, O_RDONLY | O_DIRECTORY);
    if (h < 0)
        return h;
    static unsigned char buf[512];
    long names = 0, r;
    while ((r = cobalt_fcall(h, FCALL_READDIR, 0, 0, (long)buf, (long)cap)) > 0) {
        for (long at = 0; at < r;) {
            uint16_t reclen;
            memcpy(&reclen, buf + at + 16, 2);
            if (reclen < 24 || at + reclen > r) {
                cobalt_handle_close(h);
                return -EPROTO;
            }
            names++;
            at += reclen;
        }
    }
    cobalt_handle_close(h);
    return r < 0 ? r : names;
}

/* telldir/seekdir: the entry after a told position comes again after a seek. */
static int seek_back_works(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    readdir(d);
    readdir(d);
    readdir(d);
    long pos = telldir(d);
    struct dirent *e = readdir(d);
    char name[256] = "";
    if (e)
        snprintf(name, sizeof name, "%s", e->d_name);
    seekdir(d, pos);
    e = readdir(d);
    int ok = e && name[0] && strcmp(e->d_name, name) == 0;
    rewinddir(d);
    e = readdir(d);
    ok &= e && strcmp(e->d_name, ".") == 0;
    closedir(d);
    return ok;
}

/* ---- initfs (file:) ---- */

static void test_initfs_read(void)
{
    int fd = open_retry("/etc/services", O_RDONLY, 3000);
    CHECK(fd >= 0, "open /etc/services: errno %d", errno);
    static char buf[8192];
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    CHECK(n > 20 && memcmp(buf, "# The services", 14) == 0, "read gave %zd bytes", n);
    struct stat st;
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0444 &&
              st.st_size == n && st.st_nlink == 1,
          "fstat: mode %o size %ld", st.st_mode, (long)st.st_size);
    /* seek and read again at an offset */
    CHECK(lseek(fd, 2, SEEK_SET) == 2, "lseek SET");
    char c[3] = {0};
    CHECK(read(fd, c, 2) == 2 && c[0] == 'T' && c[1] == 'h', "read at 2: %s", c);
    CHECK(lseek(fd, 0, SEEK_END) == n, "lseek END");
    CHECK(read(fd, c, 2) == 0, "read at the end is not 0");
    CHECK(lseek(fd, 100000, SEEK_SET) == 100000 && read(fd, c, 1) == 0, "past the end");
    /* mmap: read-only, private or shared, is the server's copy; writable shared EACCES */
    char *m = mmap(NULL, (size_t)n, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(m != MAP_FAILED && memcmp(m, buf, (size_t)n) == 0, "mmap private: errno %d", errno);
    if (m != MAP_FAILED)
        munmap(m, (size_t)n);
    m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(m != MAP_FAILED && memcmp(m, buf, (size_t)n) == 0, "mmap shared: errno %d", errno);
    if (m != MAP_FAILED)
        munmap(m, 4096);
    FAILS(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0,
          EACCES);
    FAILS(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 4096) == MAP_FAILED ? -1 : 0, ENXIO);
    m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0); /* a private copy */
    CHECK(m != MAP_FAILED && memcmp(m, buf, (size_t)n) == 0 && (m[0] = 'X') == 'X',
          "writable private mmap: errno %d", errno);
    if (m != MAP_FAILED)
        munmap(m, 4096);
    close(fd);
    /* stdio */
    FILE *f = fopen("/etc/services", "r");
    char line[128] = "";
    CHECK(f && fgets(line, sizeof line, f) && strncmp(line, "# The services", 14) == 0,
          "fopen/fgets: %s", line);
    if (f)
        fclose(f);
    verdict("SCFS0001");
}

static void test_initfs_dirs(void)
{
    struct stat st, st2;
    CHECK(stat("/bin", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0555,
          "stat /bin: mode %o", st.st_mode);
    CHECK(stat("/bin", &st2) == 0 && st2.st_ino == st.st_ino, "/bin inode not stable");
    CHECK(stat("/", &st) == 0 && S_ISDIR(st.st_mode) && st.st_ino == 1, "stat /");
    CHECK(stat("/bin/init", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0555 &&
              st.st_size > 1000,
          "stat /bin/init: mode %o", st.st_mode);
    CHECK(stat("/bin/tmpfs", &st2) == 0 && st2.st_ino != st.st_ino, "inodes differ");
    CHECK(dir_has("/bin", "init") == 1 && dir_has("/bin", "tmpfs") == 1 &&
              dir_has("/bin", ".") == 1 && dir_has("/bin", "..") == 1,
          "readdir /bin misses init, tmpfs, . or ..");
    CHECK(dir_has("/", "bin") == 1 && dir_has("/", "etc") == 1, "readdir / misses bin or etc");
    CHECK(dir_count("/etc") >= 4, "readdir /etc: %d", dir_count("/etc"));
    long small = count_small("file:bin", 48);
    CHECK(small == dir_count("/bin"), "readdir with a 48-byte buffer: %ld names, opendir %d", small,
          dir_count("/bin"));
    CHECK(seek_back_works("/bin"), "telldir/seekdir/rewinddir in /bin");
    int fd = open("/bin", O_RDONLY);
    CHECK(fd >= 0, "open /bin without O_DIRECTORY: errno %d", errno);
    if (fd >= 0) {
        char b[4];
        FAILS(read(fd, b, 4), EISDIR);
        close(fd);
    }
    fd = open("/etc", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0, "open /etc O_DIRECTORY");
    close(fd);
    CHECK(chdir("/etc") == 0, "chdir /etc: errno %d", errno);
    fd = open("services", O_RDONLY);
    CHECK(fd >= 0, "relative open in /etc");
    close(fd);
    chdir("/");
    CHECK(access("/etc/services", R_OK) == 0, "access");
    FAILS(access("/etc/nothing", R_OK), ENOENT);
    verdict("SCFS0002");
}

static void test_initfs_errors(void)
{
    FAILS(open("/etc/services", O_WRONLY), EROFS);
    FAILS(open("/etc/services", O_RDWR), EROFS);
    FAILS(open("/etc/services", O_RDONLY | O_TRUNC), EROFS);
    FAILS(open("/etc/new", O_CREAT | O_WRONLY, 0644), EROFS);
    FAILS(open("/etc/services", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    FAILS(open("/nonexistent", O_RDONLY), ENOENT);
    FAILS(open("/etc/services/x", O_RDONLY), ENOTDIR);
    FAILS(open("/etc/services", O_RDONLY | O_DIRECTORY), ENOTDIR);
    FAILS(open("/bin", O_WRONLY), EISDIR);
    FAILS(mkdir("/newdir", 0755), EROFS);
    FAILS(unlink("/etc/services"), EROFS);
    FAILS(rmdir("/etc"), EROFS);
    FAILS(rename("/etc/services", "/etc/x"), EROFS);
    FAILS(chmod("/etc/services", 0777), EROFS);
    FAILS(truncate("/etc/services", 0), EROFS);
    struct stat st;
    FAILS(stat("/etc/nothing", &st), ENOENT);
    FAILS(opendir("/nothing") ? 0 : -1, ENOENT);
    verdict("SCFS0003");
}

static void raw_bad_input(const char *scheme, const char *good, int ro)
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
    CHECK(h >= 0, "raw open %s: %ld", p, h);
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

static void test_initfs_raw(void)
{
    raw_bad_input("file:", "etc/services", 1);
    char p[64];
    /* writes of every kind */
    long h = raw_open("file:etc/services", O_PATH);
    RAW(cobalt_fcall(h, FCALL_UNLINK, 0, 0, 0, 0), EROFS);
    strcpy(p, "etc/x");
    RAW(cobalt_fcall(h, FCALL_RENAME, 0, 0, (long)p, 5), EROFS);
    RAW(cobalt_fcall(h, FCALL_TRUNCATE, 0, 0, 0, 0), EROFS);
    cobalt_handle_close(h);
    verdict("SCFS0004");
}

static void test_dev_rows(void)
{
    unsigned char a[16] = {0}, b[16] = {0};
    int fd = open_retry("/dev/urandom", O_RDONLY, 2000);
    int fd2 = open("/dev/random", O_RDONLY);
    CHECK(fd >= 0 && fd2 >= 0, "open /dev/urandom, /dev/random: errno %d", errno);
    CHECK(read(fd, a, 16) == 16 && read(fd2, b, 16) == 16 && memcmp(a, b, 16) != 0, "rand reads");
    close(fd);
    close(fd2);
    fd = open("/dev/zero", O_RDONLY);
    CHECK(fd >= 0 && read(fd, a, 16) == 16 && a[0] == 0 && a[15] == 0, "/dev/zero");
    close(fd);
    verdict("SCFS0005");
}

/* ---- tmpfs (tmp:, home:) ---- */

static void test_tmp_files(void)
{
    int fd = open_retry("/tmp/a.txt", O_CREAT | O_RDWR | O_EXCL, 3000);
    CHECK(fd >= 0, "create /tmp/a.txt: errno %d", errno);
    CHECK(write(fd, "hello world", 11) == 11, "write");
    CHECK(lseek(fd, 6, SEEK_SET) == 6, "lseek");
    char buf[64] = {0};
    CHECK(read(fd, buf, sizeof buf) == 5 && strcmp(buf, "world") == 0, "read: %s", buf);
    CHECK(pwrite(fd, "W", 1, 6) == 1 && pread(fd, buf, 5, 6) == 5 && memcmp(buf, "World", 5) == 0,
          "pwrite/pread");
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0644 &&
              st.st_size == 11 && st.st_nlink == 1 && st.st_mtim.tv_sec > 1000000000,
          "fstat: mode %o size %ld mtime %ld", st.st_mode, (long)st.st_size,
          (long)st.st_mtim.tv_sec);
    close(fd);
    FAILS(open("/tmp/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    /* O_APPEND */
    fd = open("/tmp/a.txt", O_WRONLY | O_APPEND);
    CHECK(fd >= 0 && write(fd, "!", 1) == 1, "append");
    close(fd);
    CHECK(stat("/tmp/a.txt", &st) == 0 && st.st_size == 12, "size after append %ld",
          (long)st.st_size);
    /* O_TRUNC */
    fd = open("/tmp/a.txt", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC");
    close(fd);
    /* stdio */
    FILE *f = fopen("/tmp/s.txt", "w");
    CHECK(f && fprintf(f, "line one\nline %d\n", 2) > 0 && fclose(f) == 0, "fopen w");
    f = fopen("/tmp/s.txt", "r");
    char l1[32] = "", l2[32] = "";
    CHECK(f && fgets(l1, sizeof l1, f) && fgets(l2, sizeof l2, f) &&
              strcmp(l1, "line one\n") == 0 && strcmp(l2, "line 2\n") == 0,
          "fgets: %s %s", l1, l2);
    if (f)
        fclose(f);
    verdict("SCFS0010");
}

static void test_tmp_holes(void)
{
    int fd = open("/tmp/holes", O_CREAT | O_RDWR, 0600);
    CHECK(fd >= 0, "create");
    CHECK(lseek(fd, 10000, SEEK_SET) == 10000 && write(fd, "x", 1) == 1, "write past end");
    static char buf[10001];
    memset(buf, 0x55, sizeof buf);
    CHECK(pread(fd, buf, sizeof buf, 0) == 10001, "read back");
    int zeros = 1;
    for (int i = 0; i < 10000; i++)
        zeros &= buf[i] == 0;
    CHECK(zeros && buf[10000] == 'x', "the hole is not zeros");
    CHECK(ftruncate(fd, 5) == 0 && lseek(fd, 0, SEEK_END) == 5, "shrink");
    CHECK(ftruncate(fd, 100) == 0 && pread(fd, buf, 100, 0) == 100 && buf[50] == 0, "grow");
    CHECK(truncate("/tmp/holes", 7) == 0 && lseek(fd, 0, SEEK_END) == 7, "truncate by path");
    close(fd);
    fd = open("/tmp/holes", O_RDONLY);
    FAILS(ftruncate(fd, 0), EINVAL); /* not open for writing */
    close(fd);
    verdict("SCFS0011");
}

static void test_tmp_dirs(void)
{
    CHECK(mkdir("/tmp/d", 0755) == 0, "mkdir: errno %d", errno);
    FAILS(mkdir("/tmp/d", 0755), EEXIST);
    FAILS(mkdir("/tmp/none/sub", 0755), ENOENT);
    CHECK(mkdir("/tmp/d/sub", 0700) == 0, "mkdir sub");
    CHECK(write_file("/tmp/d/f1", "1") == 0 && write_file("/tmp/d/f2", "22") == 0, "files");
    struct stat st;
    CHECK(stat("/tmp/d", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 3 &&
              (st.st_mode & 0777) == 0755,
          "stat dir: mode %o nlink %ld", st.st_mode, (long)st.st_nlink);
    CHECK(dir_count("/tmp/d") == 5 && dir_has("/tmp/d", "sub") == 1 && dir_has("/tmp/d", "f2") == 1,
          "readdir /tmp/d: %d entries", dir_count("/tmp/d"));
    FAILS(rmdir("/tmp/d"), ENOTEMPTY);
    FAILS(rmdir("/tmp/d/f1"), ENOTDIR);
    FAILS(unlink("/tmp/d/sub"), EISDIR);
    FAILS(open("/tmp/d/f1/x", O_RDONLY), ENOTDIR);
    FAILS(open("/tmp/d", O_WRONLY), EISDIR);
    FAILS(open("/tmp/d", O_RDONLY | O_CREAT, 0644), EISDIR);
    CHECK(unlink("/tmp/d/f1") == 0 && unlink("/tmp/d/f2") == 0 && rmdir("/tmp/d/sub") == 0 &&
              rmdir("/tmp/d") == 0,
          "emptying and rmdir: errno %d", errno);
    FAILS(stat("/tmp/d", &st), ENOENT);
    /* many files: a big directory lists every one exactly once */
    CHECK(mkdir("/tmp/many", 0755) == 0, "mkdir many");
    char name[64];
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "/tmp/many/file-%d", i);
        int fd = open(name, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0, "create %s", name);
        close(fd);
    }
    CHECK(dir_count("/tmp/many") == 302, "300 files list as %d", dir_count("/tmp/many"));
    long small = count_small("tmp:many", 48);
    CHECK(small == 302, "readdir with a 48-byte buffer: %ld names", small);
    CHECK(seek_back_works("/tmp/many"), "telldir/seekdir/rewinddir in /tmp/many");
    /* removing entries while a listing runs: each survivor is listed once */
    DIR *d = opendir("/tmp/many");
    int seen = 0, removed = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        seen++;
        if (seen == 10) {
            for (int i = 150; i < 200; i++) {
                snprintf(name, sizeof name, "/tmp/many/file-%d", i);
                removed += unlink(name) == 0;
            }
        }
    }
    if (d)
        closedir(d);
    CHECK(removed == 50 && seen <= 302 && seen >= 252, "listing while removing: %d seen", seen);
    CHECK(dir_count("/tmp/many") == 252, "after removing 50: %d", dir_count("/tmp/many"));
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "/tmp/many/file-%d", i);
        CHECK(unlink(name) == 0 || (i >= 150 && i < 200), "unlink %s", name);
    }
    CHECK(rmdir("/tmp/many") == 0, "rmdir many");
    CHECK(chdir("/tmp") == 0 && mkdir("rel", 0755) == 0 && chdir("rel") == 0, "chdir");
    char cwd[64] = "";
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, "/tmp/rel") == 0, "getcwd %s", cwd);
    chdir("/");
    rmdir("/tmp/rel");
    verdict("SCFS0012");
}

static void test_tmp_unlink_open(void)
{
    CHECK(write_file("/tmp/gone", "still here") == 0, "write");
    int fd = open("/tmp/gone", O_RDWR);
    CHECK(fd >= 0 && unlink("/tmp/gone") == 0, "unlink");
    struct stat st;
    FAILS(stat("/tmp/gone", &st), ENOENT);
    char buf[32] = {0};
    CHECK(read(fd, buf, sizeof buf) == 10 && strcmp(buf, "still here") == 0, "read after unlink");
    CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "nlink %ld", (long)st.st_nlink);
    CHECK(write(fd, "+", 1) == 1, "write after unlink");
    close(fd);
    FAILS(open("/tmp/gone", O_RDONLY), ENOENT);
    verdict("SCFS0013");
}

static void test_tmp_rename(void)
{
    CHECK(write_file("/tmp/r1", "one") == 0 && write_file("/tmp/r2", "two") == 0, "files");
    CHECK(rename("/tmp/r1", "/tmp/r3") == 0, "rename");
    struct stat st;
    FAILS(stat("/tmp/r1", &st), ENOENT);
    CHECK(rename("/tmp/r3", "/tmp/r2") == 0, "rename over");
    char buf[8] = {0};
    int fd = open("/tmp/r2", O_RDONLY);
    CHECK(fd >= 0 && read(fd, buf, 8) == 3 && strcmp(buf, "one") == 0, "replaced: %s", buf);
    close(fd);
    CHECK(mkdir("/tmp/rd", 0755) == 0 && mkdir("/tmp/rd/in", 0755) == 0 &&
              write_file("/tmp/rd/in/f", "f") == 0,
          "dirs");
    FAILS(rename("/tmp/rd", "/tmp/rd/in/x"), EINVAL);
    FAILS(rename("/tmp/rd", "/tmp/rd/in"), EINVAL);
    FAILS(rename("/tmp/r2", "/tmp/rd"), EISDIR);
    FAILS(rename("/tmp/rd", "/tmp/r2"), ENOTDIR);
    CHECK(mkdir("/tmp/full", 0755) == 0 && write_file("/tmp/full/x", "x") == 0, "full");
    FAILS(rename("/tmp/rd", "/tmp/full"), ENOTEMPTY);
    CHECK(rename("/tmp/rd", "/tmp/moved") == 0 && stat("/tmp/moved/in/f", &st) == 0, "dir moved");
    FAILS(rename("/tmp/r2", "/home/r2"), EXDEV);
    FAILS(rename("/tmp/nothing", "/tmp/x"), ENOENT);
    FAILS(rename("/tmp/r2", "/tmp/none/x"), ENOENT);
    CHECK(rename("/tmp/r2", "/tmp/r2") == 0, "rename onto itself");
    verdict("SCFS0014");
}

static void test_home(void)
{
    CHECK(write_file("/home/h.txt", "home") == 0, "write /home/h.txt: errno %d", errno);
    struct stat st;
    FAILS(stat("/tmp/h.txt", &st), ENOENT);
    CHECK(stat("/home/h.txt", &st) == 0 && st.st_size == 4, "stat");
    struct stat t;
    CHECK(stat("/tmp", &t) == 0 && stat("/home", &st) == 0 && t.st_dev != st.st_dev &&
              S_ISDIR(st.st_mode),
          "separate trees");
    CHECK(dir_has("/home", "h.txt") == 1 && dir_has("/tmp", "h.txt") == 0, "listings");
    verdict("SCFS0015");
}

static void test_tmp_meta(void)
{
    CHECK(write_file("/tmp/m", "meta") == 0, "write");
    struct stat st;
    CHECK(chmod("/tmp/m", 0600) == 0 && stat("/tmp/m", &st) == 0 && (st.st_mode & 07777) == 0600,
          "chmod: %o", st.st_mode);
    int fd = open("/tmp/m", O_RDWR);
    CHECK(fd >= 0 && fchmod(fd, 0640) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0640,
          "fchmod");
    CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK), "O_NONBLOCK");
    CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && write(fd, "!", 1) == 1, "F_SETFL O_APPEND");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5, "appended: %ld", (long)st.st_size);
    CHECK(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync");
    CHECK(st.st_atim.tv_sec > 1000000000 && st.st_ctim.tv_sec > 1000000000, "times");
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    CHECK(poll(&p, 1, 1000) == 1 && p.revents == (POLLIN | POLLOUT), "poll: %d", p.revents);
    close(fd);
    verdict("SCFS0016");
}

static void test_tmp_limits(void)
{
    char name[300] = "/tmp/";
    memset(name + 5, 'n', 255);
    name[260] = 0;
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0, "a 255-byte name: errno %d", errno);
    close(fd);
    unlink(name);
    name[260] = 'n';
    name[261] = 0;
    FAILS(open(name, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
    fd = open("/tmp/big1", O_CREAT | O_RDWR, 0644);
    int fd2 = open("/tmp/big2", O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0 && fd2 >= 0, "create");
    FAILS(ftruncate(fd, 65 << 20), EFBIG);
    CHECK(ftruncate(fd, 40 << 20) == 0, "40 MiB: errno %d", errno);
    FAILS(ftruncate(fd2, 40 << 20), ENOSPC);
    CHECK(lseek(fd2, 30 << 20, SEEK_SET) == 30 << 20, "seek");
    FAILS(write(fd2, "x", 1), ENOSPC);
    close(fd);
    CHECK(unlink("/tmp/big1") == 0, "unlink");
    CHECK(ftruncate(fd2, 40 << 20) == 0, "the space came back: errno %d", errno);
    close(fd2);
    unlink("/tmp/big2");
    verdict("SCFS0017");
}

static void test_tmp_raw(void)
{
    CHECK(write_file("/tmp/raw", "raw file") == 0, "write");
    raw_bad_input("tmp:", "raw", 0);
    raw_bad_input("home:", "h.txt", 0);
    char p[64];
    long h = raw_open("tmp:raw", O_PATH);
    /* rename payloads: a NUL, '..', an empty path (the root), too long */
    memcpy(p, "a\0b", 3);
    RAW(cobalt_fcall(h, FCALL_RENAME, 0, 0, (long)p, 3), EINVAL);
    strcpy(p, "../x");
    RAW(cobalt_fcall(h, FCALL_RENAME, 0, 0, (long)p, 4), EINVAL);
    RAW(cobalt_fcall(h, FCALL_RENAME, 0, 0, (long)p, 0), EBUSY);
    static char longp[1500];
    memset(longp, 'a', sizeof longp);
    RAW(cobalt_fcall(h, FCALL_RENAME, 0, 0, (long)longp, sizeof longp), ENAMETOOLONG);
    RAW(cobalt_fcall(h, FCALL_MKDIR, 0755, 0, 0, 0), EEXIST);
    RAW(cobalt_fcall(h, FCALL_RMDIR, 0, 0, 0, 0), ENOTDIR);
    RAW(cobalt_fcall(h, FCALL_TRUNCATE, -5, 0, 0, 0), EINVAL);
    cobalt_handle_close(h);
    /* the root cannot go */
    h = raw_open("tmp:", O_PATH);
    RAW(cobalt_fcall(h, FCALL_RMDIR, 0, 0, 0, 0), EBUSY);
    strcpy(p, "x");
    RAW(cobalt_fcall(h, FCALL_RENAME, 0, 0, (long)p, 1), EBUSY);
    cobalt_handle_close(h);
    RAW(raw_open("tmp:x", O_RDONLY | O_TMPFILE), EOPNOTSUPP);
    RAW(raw_open("tmp:x", O_ACCMODE), EINVAL);
    RAW(raw_open("tmp:x", O_CREAT | O_DIRECTORY | O_RDONLY), EINVAL);
    /* a missing name: its mkdir works once, then EEXIST */
    h = raw_open("tmp:newdir", O_PATH);
    CHECK(cobalt_fcall(h, FCALL_MKDIR, 0755, 0, 0, 0) == 0, "raw mkdir");
    RAW(cobalt_fcall(h, FCALL_MKDIR, 0755, 0, 0, 0), EEXIST);
    RAW(cobalt_fcall(h, FCALL_UNLINK, 0, 0, 0, 0), ENOENT);
    cobalt_handle_close(h);
    struct stat st;
    CHECK(stat("/tmp/newdir", &st) == 0 && S_ISDIR(st.st_mode), "the server still answers");
    rmdir("/tmp/newdir");
    verdict("SCFS0018");
}

/* ---- logd (log:) ---- */

static int put(int fd, const char *s)
{
    return write(fd, s, strlen(s)) == (ssize_t)strlen(s);
}

/* Reads the whole ring of log: into buf (NUL-terminated). */
static ssize_t read_log(char *buf, size_t size)
{
    int fd = open("log:", O_RDONLY);
    if (fd < 0)
        return -1;
    size_t got = 0;
    ssize_t n;
    while (got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = 0;
    close(fd);
    return (ssize_t)got;
}

static void test_log(void)
{
    int fd = open_retry("log:", O_WRONLY, 3000);
    CHECK(fd >= 0, "open log:: errno %d", errno);
    /* one line over three writes, two lines in one write */
    CHECK(put(fd, "fstest: par") && put(fd, "ts joi") &&
              put(fd, "ned\nfstest: second\nfstest: third\n"),
          "writes");
    CHECK(put(fd, "fstest: ctl\001x\n"), "control characters");
    CHECK(put(fd, "fstest: unterminated"), "unterminated");
    close(fd); /* flushes the unterminated line */
    static char buf[20000];
    ssize_t n = read_log(buf, sizeof buf);
    char want[64];
    snprintf(want, sizeof want, "[%d fstest] fstest: parts joined\n", (int)getpid());
    CHECK(n > 0 && strstr(buf, want), "the ring misses \"%s\" (%zd bytes)", want, n);
    CHECK(strstr(buf, "] fstest: second\n") && strstr(buf, "] fstest: third\n") &&
              strstr(buf, "] fstest: ctl?x\n") && strstr(buf, "] fstest: unterminated\n"),
          "the ring misses a line");
    /* a line longer than the per-client buffer is cut, not lost or overflowed */
    static char longline[2000];
    memset(longline, 'L', sizeof longline);
    longline[sizeof longline - 1] = '\n';
    fd = open("log:", O_RDWR);
    CHECK(fd >= 0 && write(fd, longline, sizeof longline) == (ssize_t)sizeof longline, "long");
    /* more than the ring holds: the oldest bytes go */
    for (int i = 0; i < 400; i++)
        dprintf(fd, "fstest: filler line %d of the ring test\n", i);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_size == 16384,
          "fstat: mode %o size %ld", st.st_mode, (long)st.st_size);
    struct pollfd p = {fd, POLLOUT, 0};
    CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLOUT), "poll");
    close(fd);
    n = read_log(buf, sizeof buf);
    CHECK(n == 16384 && strstr(buf, "filler line 399 ") && !strstr(buf, "parts joined"),
          "ring after 16 KiB: %zd bytes", n);
    /* bad input */
    RAW(raw_open("log:x", O_RDONLY), ENOENT);
    RAW(raw_open("log:", O_RDONLY | O_DIRECTORY), ENOTDIR);
    long h = raw_open("log:", O_RDWR);
    char b[8];
    RAW(cobalt_fcall(h, FCALL_FSTAT, 0, 0, (long)b, 3), EINVAL);
    RAW(cobalt_fcall(h, 0x777, 0, 0, 0, 0), ENOSYS);
    RAW(cobalt_fcall(h, FCALL_SEEK, 0, 0, 0, 0), ENOSYS);
    cobalt_handle_close(h);
    h = raw_open("log:", O_PATH);
    RAW(cobalt_write(h, (long)"x\n", 2), EBADF);
    cobalt_handle_close(h);
    CHECK(read_log(buf, sizeof buf) == 16384, "the server still answers");
    verdict("SCFS0030");
}

/* ---- timed (time:) ---- */

static int parse_time(const char *t, int *v)
{
    return sscanf(t, "%4d-%2d-%2d %2d:%2d:%2d", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6;
}

static long day_seconds(const int *v)
{
    return ((long)v[2] * 24 + v[3]) * 3600 + v[4] * 60 + v[5];
}

static void test_time(void)
{
    char rtc[32] = "", now[32] = "";
    int fd = open_retry("/dev/null", O_RDONLY, 10); /* settle */
    close(fd);
    fd = open_retry("time:rtc", O_RDONLY, 3000);
    CHECK(fd >= 0 && read(fd, rtc, sizeof rtc - 1) == 20, "read time:rtc: errno %d", errno);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 20, "fstat rtc");
    close(fd);
    fd = open("time:now", O_RDONLY);
    CHECK(fd >= 0 && read(fd, now, 5) == 5 && read(fd, now + 5, sizeof now - 6) == 15,
          "read time:now in two parts");
    close(fd);
    int a[6], b[6];
    CHECK(parse_time(rtc, a) && parse_time(now, b) && strlen(rtc) == 20 && rtc[19] == '\n',
          "formats: %s / %s", rtc, now);
    CHECK(a[0] >= 2020 && a[1] >= 1 && a[1] <= 12 && a[0] == b[0] && a[1] == b[1] &&
              labs(day_seconds(a) - day_seconds(b)) <= 5,
          "rtc %.19s and now %.19s disagree", rtc, now);
    CHECK(dir_has("time:", "rtc") == 1 && dir_has("time:", "now") == 1, "readdir time:");
    /* the decoder: BCD, binary, 12-hour, and garbage */
    long h = raw_open("time:rtc", O_RDONLY);
    char buf[32];
    const unsigned char bcd[7] = {0x59, 0x30, 0x23, 0x31, 0x12, 0x26, 0x02};
    memcpy(buf, bcd, 7);
    CHECK(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32) == 20 &&
              memcmp(buf, "2026-12-31 23:30:59\n", 20) == 0,
          "BCD 24 h: %.20s", buf);
    const unsigned char pm12[7] = {0x00, 0x00, 0x81, 0x29, 0x02, 0x24, 0x00}; /* 1 PM, BCD */
    memcpy(buf, pm12, 7);
    CHECK(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32) == 20 &&
              memcmp(buf, "2024-02-29 13:00:00\n", 20) == 0,
          "BCD 12 h PM, leap day: %.20s", buf);
    const unsigned char am12[7] = {5, 4, 12, 1, 1, 30, 0x04}; /* 12 AM, binary */
    memcpy(buf, am12, 7);
    CHECK(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32) == 20 &&
              memcmp(buf, "2030-01-01 00:04:05\n", 20) == 0,
          "binary 12 h midnight: %.20s", buf);
    static const unsigned char bad[][7] = {
        {0x00, 0x00, 0x12, 0x01, 0x13, 0x26, 0x02}, /* month 13 */
        {0x00, 0x00, 0x12, 0x31, 0x04, 0x26, 0x02}, /* April 31 */
        {0x00, 0x00, 0x12, 0x29, 0x02, 0x25, 0x02}, /* Feb 29 of 2025 */
        {0x6A, 0x00, 0x12, 0x01, 0x01, 0x26, 0x02}, /* BCD digit A */
        {0, 60, 10, 1, 1, 26, 0x06},                /* minute 60, binary */
        {0, 0, 13, 1, 1, 26, 0x04},                 /* hour 13 in 12-hour mode */
        {0, 0, 0, 0, 1, 26, 0x06},                  /* day 0 */
        {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, /* a dead chip */
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(buf, bad[i], 7);
        long r = cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 32);
        CHECK(r == -EIO, "garbage #%u decoded: %ld", i, r);
    }
    RAW(cobalt_fcall(h, FCALL_FIRST_PRIVATE + 1, 0, 0, (long)buf, 19), EINVAL);
    RAW(cobalt_fcall(h, FCALL_FSTAT, 0, 0, (long)buf, 3), EINVAL);
    RAW(cobalt_fcall(h, 0x4444, 0, 0, 0, 0), ENOSYS);
    RAW(cobalt_write(h, (long)"x", 1), EROFS);
    cobalt_handle_close(h);
    RAW(raw_open("time:rtc", O_WRONLY), EROFS);
    RAW(raw_open("time:nothing", O_RDONLY), ENOENT);
    RAW(raw_open("time:rtc/x", O_RDONLY), ENOENT);
    fd = open("time:now", O_RDONLY);
    CHECK(fd >= 0 && read(fd, now, 20) == 20, "the server still answers");
    close(fd);
    verdict("SCFS0040");
}

static struct cobalt_proc_info procs[256];

static int find_proc(const char *name)
{
    long n = cobalt_sysinfo(SYSINFO_PROCESSES, (long)procs, sizeof procs);
    for (long i = 0; n > 0 && i < n / (long)sizeof procs[0]; i++) {
        if (procs[i].state == 0 && strncmp(procs[i].name, name, sizeof procs[i].name) == 0)
            return procs[i].pid;
    }
    return -1;
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

static void test_fuzz(void)
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

static void test_tmp_restart(void)
{
    int old = find_proc("tmpfs");
    CHECK(old > 0, "no tmpfs process");
    int fd = open("/tmp/before", O_CREAT | O_RDWR, 0644);
    CHECK(old > 0 && cobalt_kill(old, 9) == 0, "kill tmpfs");
    char c;
    uint64_t end = now_ns() + 2000 * MS;
    ssize_t r = 0;
    while (now_ns() < end && (r = read(fd, &c, 1)) == 0)
        cobalt_sleep(2 * MS);
    CHECK(r == -1 && errno == EPIPE, "a file of the dead server: read gave %zd errno %d", r, errno);
    close(fd);
    int pid = -1;
    fd = -1;
    while (now_ns() < end) {
        pid = find_proc("tmpfs");
        if (pid > 0 && pid != old) {
            fd = open_retry("/tmp/after", O_CREAT | O_RDWR, (unsigned)((end - now_ns()) / MS));
            break;
        }
        cobalt_sleep(5 * MS);
    }
    CHECK(pid > 0 && pid != old && fd >= 0 && write(fd, "x", 1) == 1,
          "tmpfs was not restarted with a new pid answering within 2 s");
    close(fd);
    struct stat st;
    FAILS(stat("/tmp/before", &st), ENOENT); /* a fresh, empty tree */
    verdict("SCFS0019");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        static char *const args[] = {"bin/init",   "-f",     "etc/services.fs",
                                     "bin/fstest", "client", NULL};
        static char *const envp[] = {NULL};
        const char *path = "bin/init";
        long r = cobalt_exec((long)path, (long)strlen(path), (long)args, (long)envp);
        cobalt_harness_printf("TEST SCFS0001 FAIL exec bin/init: %ld", r);
        return 1;
    }
    (void)argv;
    test_initfs_read();
    test_initfs_dirs();
    test_initfs_errors();
    test_initfs_raw();
    test_dev_rows();
    test_tmp_files();
    test_tmp_holes();
    test_tmp_dirs();
    test_tmp_unlink_open();
    test_tmp_rename();
    test_home();
    test_tmp_meta();
    test_tmp_limits();
    test_tmp_raw();
    test_log();
    test_time();
    test_fuzz();
    test_tmp_restart();
    return failures ? 1 : 0;
}
