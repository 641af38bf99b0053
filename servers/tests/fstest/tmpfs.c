/* fstest tmpfs: the tests of tmpfs (tmp:, home:): files, holes, directories,
 * rename, metadata, limits, malformed requests and a restart: SCFS0010..0019. */
#include "fstest.h"

void test_tmp_files(void)
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

void test_tmp_holes(void)
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

void test_tmp_dirs(void)
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

void test_tmp_unlink_open(void)
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

void test_tmp_rename(void)
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

void test_home(void)
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

void test_tmp_meta(void)
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

void test_tmp_limits(void)
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

void test_tmp_raw(void)
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

void test_tmp_restart(void)
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
