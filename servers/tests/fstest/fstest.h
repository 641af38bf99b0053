/* fstest.h: what the file-system tests' files share: the CHECK/FAILS/RAW
 * macros and the state they record (failures, why), the verdict line, the
 * file and directory helpers (helpers.c), the malformed-request battery
 * (badinput.c), and each group's test functions, which main.c runs in order. */
#ifndef FSTEST_H
#define FSTEST_H

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

extern int failures;
extern char why[256]; /* the first failed check of the current test */

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

/* helpers.c */
void verdict(const char *id);
uint64_t now_ns(void);
int open_retry(const char *path, int flags, unsigned ms);
long raw_open(const char *path, long flags);
int write_file(const char *path, const char *text);
int dir_has(const char *dir, const char *name);
int dir_count(const char *dir);
long count_small(const char *scheme_path, size_t cap);
int seek_back_works(const char *dir);
int find_proc(const char *name);

/* badinput.c */
void raw_bad_input(const char *scheme, const char *good, int ro);
void test_fuzz(void);

/* initfs.c */
void test_initfs_read(void);
void test_initfs_dirs(void);
void test_initfs_errors(void);
void test_initfs_raw(void);
void test_dev_rows(void);

/* tmpfs.c */
void test_tmp_files(void);
void test_tmp_holes(void);
void test_tmp_dirs(void);
void test_tmp_unlink_open(void);
void test_tmp_rename(void);
void test_home(void);
void test_tmp_meta(void);
void test_tmp_limits(void);
void test_tmp_raw(void);
void test_tmp_restart(void);

/* logtime.c */
void test_log(void);
void test_time(void);

#endif
