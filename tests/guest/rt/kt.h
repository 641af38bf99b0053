/* The in-guest test macros. A test program defines cases with
 *
 *     TEST(UBAS0001, "null returns 0")
 *     {
 *         EXPECT_EQ(sys_null(), 0);
 *     }
 *
 * and ends with KT_MAIN(child) (or KT_MAIN(NULL)). Each case prints exactly
 * one verdict on the harness channel, `TEST UBAS0001 PASS` or
 * `TEST UBAS0001 FAIL <why>`, in id order. The program exits 0 when every
 * case passed, 1 otherwise. Ids are four capitals and four digits, stable
 * forever (docs/testing.md). Negative tests assert the exact error:
 * EXPECT_EQ(sys_x(...), -EFAULT).
 *
 * The EXPECT_* macros end the case at the first failure (they `return`), so
 * use them in the case's own function or in a helper returning void that is
 * followed by KT_RETURN_IF_FAILED(). KT_FAIL() records a failure from any
 * thread without returning. */
#ifndef RT_KT_H
#define RT_KT_H

#include "rt.h"

struct kt_case {
    const char *id;
    const char *desc;
    void (*fn)(void);
};

#define TEST(ID, DESC)                                                                             \
    static void kt_fn_##ID(void);                                                                  \
    static const struct kt_case kt_case_##ID                                                       \
        __attribute__((used, section("kt_cases"), aligned(8))) = {#ID, DESC, kt_fn_##ID};          \
    static void kt_fn_##ID(void)

/* Records the first failure of the running case (later ones are dropped). */
void kt_fail(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kt_fail_eq(int line, const char *expr, long got, long want);
bool kt_failed(void);
/* The case wrote its own PASS line: the runner prints only a FAIL. */
void kt_pass_written(void);

#define KT_FAIL(...) kt_fail(__LINE__, __VA_ARGS__)
#define KT_RETURN_IF_FAILED()                                                                      \
    do {                                                                                           \
        if (kt_failed())                                                                           \
            return;                                                                                \
    } while (0)

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        kt_fail(__LINE__, __VA_ARGS__);                                                            \
        return;                                                                                    \
    } while (0)

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            FAIL(__VA_ARGS__);                                                                     \
    } while (0)

/* a == b as longs; the message shows both, with error names. */
#define EXPECT_EQ(a, b)                                                                            \
    do {                                                                                           \
        long kt_a_ = (long)(a), kt_b_ = (long)(b);                                                 \
        if (kt_a_ != kt_b_) {                                                                      \
            kt_fail_eq(__LINE__, #a, kt_a_, kt_b_);                                                \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* expr must succeed (>= 0); evaluates to its value. */
#define EXPECT_OK(expr)                                                                            \
    __extension__({                                                                                \
        long kt_r_ = (long)(expr);                                                                 \
        if (kt_r_ < 0) {                                                                           \
            char kt_buf_[32];                                                                      \
            kt_fail(__LINE__, "%s failed: %s", #expr, rt_fmt_result(kt_buf_, 32, kt_r_));          \
            return;                                                                                \
        }                                                                                          \
        kt_r_;                                                                                     \
    })

/* The program's own path in the boot image ("bin/kt_mem"): KT_MAIN defines
 * it from KT_SELF, which the Makefile sets for each program. */
extern const char kt_self[];

/* Children: the program spawns itself (kt_self) with argv { kt_self, mode,
 * arg } and no environment; KT_MAIN's child function gets argc/argv and
 * returns the exit status. */
long kt_spawn_self(const char *mode, const char *arg);
/* Spawns a child and waits for it: 0 and its wait status, or the error. */
long kt_run_child(const char *mode, const char *arg, int *status);

/* The child `mode` must end with wait status `want` (RT_EXITED/RT_KILLED). */
#define EXPECT_CHILD(mode, arg, want)                                                              \
    do {                                                                                           \
        int kt_st_ = -1;                                                                           \
        long kt_r_ = kt_run_child(mode, arg, &kt_st_);                                             \
        if (kt_r_ < 0) {                                                                           \
            char kt_buf_[32];                                                                      \
            FAIL("spawning child '%s' failed: %s", mode, rt_fmt_result(kt_buf_, 32, kt_r_));       \
        }                                                                                          \
        if (kt_st_ != (want)) {                                                                    \
            char kt_g_[48], kt_w_[48];                                                             \
            FAIL("child '%s' ended with %s, expected %s", mode, rt_fmt_status(kt_g_, 48, kt_st_),  \
                 rt_fmt_status(kt_w_, 48, want));                                                  \
        }                                                                                          \
    } while (0)

/* Forked children: the child runs fn(arg) and exits with its result (it
 * never returns into the case). kt_fork returns the child's pid or fork's
 * error; kt_fork_wait also waits: 0 and the wait status, or the error. */
typedef int (*kt_fork_fn)(void *arg);
long kt_fork(kt_fork_fn fn, void *arg);
long kt_fork_wait(kt_fork_fn fn, void *arg, int *status);

/* The forked child fn(arg) must end with wait status `want`. */
#define EXPECT_FORK(fn, arg, want)                                                                 \
    do {                                                                                           \
        int kt_st_ = -1;                                                                           \
        long kt_r_ = kt_fork_wait(fn, arg, &kt_st_);                                               \
        if (kt_r_ < 0) {                                                                           \
            char kt_buf_[32];                                                                      \
            FAIL("forking child %s failed: %s", #fn, rt_fmt_result(kt_buf_, 32, kt_r_));           \
        }                                                                                          \
        if (kt_st_ != (want)) {                                                                    \
            char kt_g_[48], kt_w_[48];                                                             \
            FAIL("forked child %s ended with %s, expected %s", #fn,                                \
                 rt_fmt_status(kt_g_, 48, kt_st_), rt_fmt_status(kt_w_, 48, want));                \
        }                                                                                          \
    } while (0)

/* Runs every case of the program in id order; returns the number failed. */
int kt_run_all(void);

typedef int (*kt_child_fn)(int argc, char **argv);

#define KT_MAIN(child)                                                                             \
    const char kt_self[] = KT_SELF;                                                                \
    int main(int argc, char **argv, char **envp)                                                   \
    {                                                                                              \
        (void)envp;                                                                                \
        kt_child_fn kt_child_ = (child);                                                           \
        if (argc > 1 && kt_child_)                                                                 \
            return kt_child_(argc, argv);                                                          \
        return kt_run_all() ? 1 : 0;                                                               \
    }

/* One shared-memory page for talking to forked children: created and mapped
 * once (so children forked after the first call share it), zeroed on every
 * call. NULL when it cannot be made; *handle (if not NULL) gets its handle. */
void *kt_shared_page(long *handle);
/* Waits up to 5 s until *word is non-zero; false on time-out. */
bool kt_await(volatile long *word);

#endif
