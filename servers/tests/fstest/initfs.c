/* fstest initfs: the tests of initfs (file:, /etc, /bin) and the /dev rows of
 * the namespace: SCFS0001..0005. */
#include "fstest.h"

void test_initfs_read(void)
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

void test_initfs_dirs(void)
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

void test_initfs_errors(void)
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

void test_initfs_raw(void)
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

void test_dev_rows(void)
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
