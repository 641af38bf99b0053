/* libc tests: files and fds against scheme servers of this program.
 * "lt-mem" is a one-file memory file system that answers OPEN, READ,
 * WRITE and the fcalls SEEK, FSTAT, TRUNCATE; "lt-noseek" answers neither
 * seek nor ioctl. "tmp", "null" and "file" stand in for the servers of
 * later steps and record what the path namespace sends them. */
#include "lt.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* lt-mem: one file "data"; every open has its own position. */
static struct {
    char bytes[65536];
    size_t size;
    long pos[16];
    long flags[16];
    int used[16];
} mem;

static void serve_mem(struct lt_server *s, const struct scheme_request *req, const void *payload)
{
    long id = (long)req->id - 1;
    switch (req->op) {
    case SCHEME_OPEN: {
        long flags = (long)req->arg[0];
        if (req->payload_len != 4 || memcmp(payload, "data", 4) != 0) {
            lt_reply(s, req, -ENOENT, 0, 0);
            return;
        }
        for (int i = 0; i < 16; i++) {
            if (!mem.used[i]) {
                mem.used[i] = 1;
                mem.pos[i] = 0;
                mem.flags[i] = flags;
                if (flags & O_TRUNC)
                    mem.size = 0;
                lt_reply(s, req, i + 1, 0, 0);
                return;
            }
        }
        lt_reply(s, req, -EMFILE, 0, 0);
        return;
    }
    case SCHEME_READ: {
        long n = (long)mem.size - mem.pos[id];
        if (n < 0)
            n = 0;
        if (n > (long)req->arg[0])
            n = (long)req->arg[0];
        lt_reply(s, req, n, mem.bytes + mem.pos[id], (size_t)n);
        mem.pos[id] += n;
        return;
    }
    case SCHEME_WRITE: {
        if (mem.flags[id] & O_APPEND)
            mem.pos[id] = (long)mem.size;
        long n = (long)req->payload_len;
        if (mem.pos[id] + n > (long)sizeof mem.bytes)
            n = (long)sizeof mem.bytes - mem.pos[id];
        memcpy(mem.bytes + mem.pos[id], payload, (size_t)n);
        mem.pos[id] += n;
        if ((size_t)mem.pos[id] > mem.size)
            mem.size = (size_t)mem.pos[id];
        lt_reply(s, req, n, 0, 0);
        return;
    }
    case SCHEME_FCALL:
        if (req->arg[0] == FCALL_SEEK) {
            long off = (long)req->arg[1], whence = (long)req->arg[2];
            long base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? mem.pos[id] : (long)mem.size;
            if (base + off < 0) {
                lt_reply(s, req, -EINVAL, 0, 0);
                return;
            }
            mem.pos[id] = base + off;
            lt_reply(s, req, mem.pos[id], 0, 0);
        } else if (req->arg[0] == FCALL_FSTAT) {
            struct stat st;
            memset(&st, 0, sizeof st);
            st.st_mode = S_IFREG | 0644;
            st.st_size = (off_t)mem.size;
            st.st_nlink = 1;
            st.st_blksize = 4096;
            lt_reply(s, req, 0, &st, sizeof st);
        } else if (req->arg[0] == FCALL_TRUNCATE) {
            mem.size = (size_t)req->arg[1];
            lt_reply(s, req, 0, 0, 0);
        } else {
            lt_reply(s, req, -ENOSYS, 0, 0);
        }
        return;
    case SCHEME_CLOSE:
        mem.used[id] = 0;
        return;
    default:
        lt_reply(s, req, -ENOSYS, 0, 0);
        return;
    }
}

static char got[64];

static long rd(int fd, size_t n)
{
    memset(got, 0, sizeof got);
    return read(fd, got, n);
}

LT_CASE(LIBC0030, "open, write, read, lseek, fstat, ftruncate, pread, pwrite, close")
{
    struct lt_server *s = lt_server_start("lt-mem", serve_mem, 0);
    if (!s) {
        lt_fail(__FILE__, __LINE__, "could not start lt-mem");
        return;
    }
    int fd = open("lt-mem:data", O_RDWR | O_CREAT | O_TRUNC, 0644);
    LT_CHECK(fd >= 0, "open gave %d errno %d", fd, errno);
    LT_EQ(write(fd, "hello world", 11), 11);
    LT_EQ(lseek(fd, 0, SEEK_SET), 0);
    LT_EQ(rd(fd, 5), 5);
    LT_STREQ(got, "hello");
    LT_EQ(lseek(fd, -5, SEEK_END), 6);
    LT_EQ(rd(fd, 20), 5);
    LT_STREQ(got, "world");
    LT_EQ(rd(fd, 20), 0); /* the end */
    LT_EQ(lseek(fd, 2, SEEK_CUR), 13);
    errno = 0;
    LT_CHECK(lseek(fd, -100, SEEK_SET) == -1 && errno == EINVAL, "lseek before 0: errno %d", errno);
    struct stat st;
    LT_EQ(fstat(fd, &st), 0);
    LT_EQ(st.st_size, 11);
    LT_CHECK(S_ISREG(st.st_mode), "fstat mode %o", st.st_mode);
    LT_EQ(ftruncate(fd, 5), 0);
    LT_EQ(fstat(fd, &st), 0);
    LT_EQ(st.st_size, 5);
    LT_EQ(lseek(fd, 1, SEEK_SET), 1);
    LT_EQ(pwrite(fd, "J", 1, 0), 1);
    memset(got, 0, sizeof got);
    LT_EQ(pread(fd, got, 5, 0), 5);
    LT_STREQ(got, "Jello");
    LT_EQ(lseek(fd, 0, SEEK_CUR), 1); /* pread and pwrite keep the position */
    LT_EQ(close(fd), 0);
    /* The same file through FILE: fdopen, fprintf, rewind, fread. */
    FILE *f = fopen("lt-mem:data", "w+");
    LT_CHECK(f != 0, "fopen w+ errno %d", errno);
    if (f) {
        fprintf(f, "%s %d", "stdio", 123);
        rewind(f);
        char buf[32] = "";
        LT_EQ(fread(buf, 1, sizeof buf - 1, f), 9);
        LT_STREQ(buf, "stdio 123");
        LT_EQ(fseek(f, 6, SEEK_SET), 0);
        LT_EQ(ftell(f), 6);
        LT_EQ(fgetc(f), '1');
        fclose(f);
    }
    /* O_APPEND writes at the end whatever the position. */
    fd = open("lt-mem:data", O_WRONLY | O_APPEND);
    LT_EQ(write(fd, "!", 1), 1);
    LT_EQ(fstat(fd, &st), 0);
    LT_EQ(st.st_size, 10);
    close(fd);
    lt_server_stop(s);
}

static void serve_noseek(struct lt_server *s, const struct scheme_request *req, const void *p)
{
    (void)p;
    if (req->op == SCHEME_OPEN)
        lt_reply(s, req, 1, 0, 0);
    else if (req->op == SCHEME_READ)
        lt_reply(s, req, 0, 0, 0);
    else if (req->op != SCHEME_CLOSE)
        lt_reply(s, req, -ENOSYS, 0, 0);
}

LT_CASE(LIBC0031, "errors: no such scheme or file, bad fds, no seek (ESPIPE), not a tty")
{
    struct lt_server *mem_server = lt_server_start("lt-mem", serve_mem, 0);
    struct lt_server *s = lt_server_start("lt-noseek", serve_noseek, 0);
    if (!s || !mem_server) {
        lt_fail(__FILE__, __LINE__, "could not start the servers");
        return;
    }
    errno = 0;
    LT_CHECK(open("lt-no-such-scheme:x", O_RDONLY) == -1 && errno == ENOENT, "no scheme: %d",
             errno);
    errno = 0;
    LT_CHECK(open("lt-mem:missing", O_RDONLY) == -1 && errno == ENOENT, "no file: %d", errno);
    char c;
    errno = 0;
    LT_CHECK(read(200, &c, 1) == -1 && errno == EBADF, "read(200): errno %d", errno);
    errno = 0;
    LT_CHECK(close(200) == -1 && errno == EBADF, "close(200): errno %d", errno);
    errno = 0;
    LT_CHECK(write(-1, "x", 1) == -1 && errno == EBADF, "write(-1): errno %d", errno);
    int fd = open("lt-noseek:pipe-like", O_RDWR);
    LT_CHECK(fd >= 0, "open lt-noseek: errno %d", errno);
    errno = 0;
    LT_CHECK(lseek(fd, 0, SEEK_CUR) == -1 && errno == ESPIPE, "lseek: errno %d", errno);
    errno = 0;
    LT_CHECK(!isatty(fd) && errno == ENOTTY, "isatty: errno %d", errno);
    LT_EQ(rd(fd, 4), 0);
    close(fd);
    errno = 0;
    /* libctest boots without init, so no pipe server runs: pipe() fails with ENFILE. */
    LT_CHECK(pipe((int[2]){0, 0}) == -1 && errno == ENFILE, "pipe without a server: errno %d",
             errno);
    lt_server_stop(s);
    lt_server_stop(mem_server);
}

LT_CASE(LIBC0032, "dup, dup2, dup3, F_DUPFD, close-on-exec bits and status flags")
{
    struct lt_server *s = lt_server_start("lt-mem", serve_mem, 0);
    if (!s) {
        lt_fail(__FILE__, __LINE__, "could not start lt-mem");
        return;
    }
    int fd = open("lt-mem:data", O_RDWR | O_TRUNC);
    LT_CHECK(fd >= 0, "open errno %d", errno);
    int d = dup(fd);
    LT_CHECK(d >= 0 && d != fd, "dup gave %d", d);
    /* Both name one open file: one position. */
    LT_EQ(write(fd, "abc", 3), 3);
    LT_EQ(lseek(d, 0, SEEK_CUR), 3);
    LT_EQ(fcntl(fd, F_GETFD), 0);
    LT_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
    LT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
    LT_EQ(fcntl(d, F_GETFD), 0);
    LT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
    int high = fcntl(fd, F_DUPFD, 50);
    LT_CHECK(high >= 50, "F_DUPFD 50 gave %d", high);
    LT_EQ(fcntl(high, F_GETFD), 0);
    int hc = fcntl(fd, F_DUPFD_CLOEXEC, 50);
    LT_CHECK(hc > high, "F_DUPFD_CLOEXEC 50 gave %d", hc);
    LT_EQ(fcntl(hc, F_GETFD), FD_CLOEXEC);
    LT_EQ(dup2(fd, 60), 60);
    LT_EQ(fcntl(60, F_GETFD), 0);
    LT_EQ(dup2(60, 60), 60);
    LT_EQ(dup3(fd, 61, O_CLOEXEC), 61);
    LT_EQ(fcntl(61, F_GETFD), FD_CLOEXEC);
    errno = 0;
    LT_CHECK(dup3(61, 61, 0) == -1 && errno == EINVAL, "dup3 same fd: errno %d", errno);
    errno = 0;
    LT_CHECK(fcntl(199, F_GETFD) == -1 && errno == EBADF, "F_GETFD of a closed fd: %d", errno);
    int ce = open("lt-mem:data", O_RDONLY | O_CLOEXEC);
    LT_EQ(fcntl(ce, F_GETFD), FD_CLOEXEC);
    LT_EQ(fcntl(ce, F_GETFL) & O_ACCMODE, O_RDONLY);
    /* Closing an fd clears its bit for whoever gets the number next. */
    close(ce);
    int again = open("lt-mem:data", O_RDONLY);
    LT_EQ(again, ce);
    LT_EQ(fcntl(again, F_GETFD), 0);
    int fds[] = {fd, d, high, hc, 60, 61, again};
    for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++)
        LT_EQ(close(fds[i]), 0);
    lt_server_stop(s);
}

/* The stand-ins for tmp:, null: and file:: each records what it is sent. */
static char seen[2048];

static void serve_record(struct lt_server *s, const struct scheme_request *req, const void *payload)
{
    const char *name = lt_server_data(s);
    char line[256];
    if (req->op == SCHEME_OPEN) {
        unsigned long flags = req->arg[0];
        snprintf(line, sizeof line, "%s open \"%.*s\" %lo mode %lo|", name, (int)req->payload_len,
                 (const char *)payload, flags & 0xffffffffUL, flags >> 32);
        lt_reply(s, req, 7, 0, 0);
    } else if (req->op == SCHEME_FCALL) {
        snprintf(line, sizeof line, "%s fcall %lu %lu \"%.*s\"|", name, (unsigned long)req->arg[0],
                 (unsigned long)req->arg[1], (int)req->payload_len, (const char *)payload);
        if (req->arg[0] == FCALL_FSTAT) {
            struct stat st;
            memset(&st, 0, sizeof st);
            st.st_mode = S_IFDIR | 0755;
            lt_reply(s, req, 0, &st, sizeof st);
        } else {
            lt_reply(s, req, 0, 0, 0);
        }
    } else if (req->op == SCHEME_CLOSE) {
        return;
    } else {
        snprintf(line, sizeof line, "%s op %u|", name, req->op);
        lt_reply(s, req, -ENOSYS, 0, 0);
    }
    strncat(seen, line, sizeof seen - strlen(seen) - 1);
}

/* Runs one call and checks what the stand-in servers saw. */
#define SEES(call, want)                                                                           \
    do {                                                                                           \
        seen[0] = '\0';                                                                            \
        long r_ = (long)(call);                                                                    \
        LT_CHECK(r_ >= 0 && strcmp(seen, want) == 0, "%s gave %ld (errno %d) and sent \"%s\"",     \
                 #call, r_, errno, seen);                                                          \
    } while (0)

LT_CASE(LIBC0033, "the path namespace: /tmp, /dev/null, file:, scheme paths, cwd, O_PATH calls")
{
    struct lt_server *t = lt_server_start("tmp", serve_record, "tmp");
    struct lt_server *n = lt_server_start("null", serve_record, "null");
    struct lt_server *f = lt_server_start("file", serve_record, "file");
    if (!t || !n || !f) {
        lt_fail(__FILE__, __LINE__, "could not register tmp, null and file (taken?)");
        lt_server_stop(t);
        lt_server_stop(n);
        lt_server_stop(f);
        return;
    }
    umask(022);
    SEES(close(open("/tmp/a/b.txt", O_RDONLY)), "tmp open \"a/b.txt\" 0 mode 0|");
    SEES(close(open("/tmp", O_RDONLY)), "tmp open \"\" 0 mode 0|");
    SEES(close(open("/dev/null", O_WRONLY | O_CLOEXEC)), "null open \"\" 1 mode 0|");
    SEES(close(open("//etc/../etc/./motd", O_RDONLY)), "file open \"etc/motd\" 0 mode 0|");
    SEES(close(open("/tmpfoo", O_RDONLY)), "file open \"tmpfoo\" 0 mode 0|");
    SEES(close(open("tmp:raw//path/.", O_RDONLY)), "tmp open \"raw//path/.\" 0 mode 0|");
    SEES(close(open("/tmp/new", O_CREAT | O_WRONLY, 0666)), "tmp open \"new\" 101 mode 644|");
    /* Relative paths, against the working directory. */
    SEES(chdir("/tmp/dir"), "tmp open \"dir\" 10200000 mode 0|");
    char cwd[64];
    LT_STREQ(getcwd(cwd, sizeof cwd), "/tmp/dir");
    SEES(close(open("x/../y", O_RDONLY)), "tmp open \"dir/y\" 0 mode 0|");
    SEES(close(open("../../..", O_RDONLY)), "file open \"\" 0 mode 0|");
    SEES(chdir("tmp:sub"), "tmp open \"sub\" 10200000 mode 0|");
    LT_STREQ(getcwd(cwd, sizeof cwd), "/tmp/sub"); /* a scheme the namespace reaches */
    SEES(close(open("z", O_RDONLY)), "tmp open \"sub/z\" 0 mode 0|");
    SEES(close(open("../..", O_RDONLY)), "file open \"\" 0 mode 0|");
    SEES(chdir("/"), "file open \"\" 10200000 mode 0|");
    /* Path operations: open with O_PATH, one fcall, close. */
    struct stat st;
    SEES(stat("/tmp/s", &st), "tmp open \"s\" 10000000 mode 0|tmp fcall 2 0 \"\"|");
    LT_CHECK(S_ISDIR(st.st_mode), "stat mode %o", st.st_mode);
    SEES(unlink("/tmp/u"), "tmp open \"u\" 10000000 mode 0|tmp fcall 7 0 \"\"|");
    SEES(mkdir("/tmp/m", 0777), "tmp open \"m\" 10000000 mode 0|tmp fcall 8 493 \"\"|");
    SEES(rmdir("/tmp/m"), "tmp open \"m\" 10000000 mode 0|tmp fcall 9 0 \"\"|");
    SEES(rename("/tmp/old", "/tmp/d/new"),
         "tmp open \"old\" 10000000 mode 0|tmp fcall 10 0 \"d/new\"|");
    SEES(access("/dev/null", 0), "null open \"\" 10000000 mode 0|null fcall 2 0 \"\"|");
    errno = 0;
    LT_CHECK(rename("/tmp/x", "/etc/x") == -1 && errno == EXDEV, "rename across schemes: %d",
             errno);
    lt_server_stop(t);
    lt_server_stop(n);
    lt_server_stop(f);
}

LT_CASE(LIBC0034, "poll and select report what the server posted (scheme_notify), and time out")
{
    struct lt_server *s = lt_server_start("lt-noseek", serve_noseek, 0);
    int fd = open("lt-noseek:ready", O_RDWR);
    LT_CHECK(s && fd >= 0, "open lt-noseek: errno %d", errno);
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    uint64_t t0 = lt_now_ns();
    LT_EQ(poll(&p, 1, 30), 0); /* nothing posted yet */
    LT_CHECK(lt_now_ns() - t0 >= 30000000u, "poll(30 ms) returned after %llu ns",
             (unsigned long long)(lt_now_ns() - t0));
    /* The server's file id is 1 (serve_noseek's answer to OPEN). */
    LT_EQ(cobalt_scheme_notify(lt_server_endpoint(s), 1, WAIT_READABLE), 1);
    LT_EQ(poll(&p, 1, 1000), 1);
    LT_EQ(p.revents, POLLIN);
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(fd, &rd);
    FD_SET(fd, &wr);
    struct timeval tv = {1, 0};
    LT_EQ(select(fd + 1, &rd, &wr, 0, &tv), 1);
    LT_CHECK(FD_ISSET(fd, &rd) && !FD_ISSET(fd, &wr), "select sets");
    LT_EQ(cobalt_scheme_notify(lt_server_endpoint(s), 1, WAIT_WRITABLE | WAIT_HANGUP), 1);
    LT_EQ(poll(&p, 1, 0), 1);
    LT_EQ(p.revents, POLLOUT | POLLHUP);
    /* A closed fd is POLLNVAL; a negative one is skipped. */
    struct pollfd two[2] = {{150, POLLIN, 0}, {-1, POLLIN, 0}};
    LT_EQ(poll(two, 2, 0), 1);
    LT_EQ(two[0].revents, POLLNVAL);
    LT_EQ(two[1].revents, 0);
    t0 = lt_now_ns();
    LT_EQ(poll(0, 0, 20), 0);
    LT_CHECK(lt_now_ns() - t0 >= 20000000u, "poll with no fds did not sleep");
    close(fd);
    lt_server_stop(s);
}

int main(void)
{
    return lt_main();
}
