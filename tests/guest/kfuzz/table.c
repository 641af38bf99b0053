/* kfuzz's call table: each call's weight and argument kinds, built from COBALT_SYSCALLS,
 * and the check that every row is sound. */
#include "kfuzz.h"

/* Per call (docs/syscalls.md): its weight in the random pick, then the kind of each argument.
 * A call added to COBALT_SYSCALLS without a line here does not compile. */
#define SPEC(weight, ...)                                                                          \
    weight,                                                                                        \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }
#define SPEC_null              SPEC(2, K_NONE)
#define SPEC_debug_write       SPEC(3, K_PTR, K_LEN, K_VALUE)
#define SPEC_exit              SPEC(2, K_VALUE)
#define SPEC_getpid            SPEC(2, K_NONE)
#define SPEC_getppid           SPEC(2, K_NONE)
#define SPEC_spawn             SPEC(6, K_PATH, K_LEN, K_STRV, K_STRV, K_FLAGS)
#define SPEC_wait              SPEC(5, K_PID, K_PTR, K_FLAGS)
#define SPEC_kill              SPEC(6, K_PID, K_SIG)
#define SPEC_yield             SPEC(2, K_NONE)
#define SPEC_sleep             SPEC(2, K_NS)
#define SPEC_clock_get         SPEC(4, K_VALUE, K_PTR)
#define SPEC_mmap_anon         SPEC(10, K_ADDR, K_LEN, K_FLAGS, K_FLAGS)
#define SPEC_munmap            SPEC(10, K_ADDR, K_LEN)
#define SPEC_mprotect          SPEC(8, K_ADDR, K_LEN, K_FLAGS)
#define SPEC_set_fs_base       SPEC(3, K_PTR)
#define SPEC_thread_create     SPEC(4, K_CODE, K_PTR, K_VALUE, K_PTR, K_PTR)
#define SPEC_thread_exit       SPEC(2, K_VALUE)
#define SPEC_gettid            SPEC(2, K_NONE)
#define SPEC_futex_wait        SPEC(5, K_PTR, K_VALUE, K_NS)
#define SPEC_futex_wake        SPEC(4, K_PTR, K_COUNT)
#define SPEC_handle_close      SPEC(6, K_HANDLE)
#define SPEC_handle_dup        SPEC(6, K_HANDLE, K_FLAGS)
#define SPEC_fork              SPEC(3, K_NONE)
#define SPEC_exec              SPEC(3, K_PATH, K_LEN, K_STRV, K_STRV)
#define SPEC_sigaction         SPEC(8, K_SIG, K_PTR, K_PTR)
#define SPEC_sigprocmask       SPEC(6, K_COUNT, K_PTR, K_PTR)
#define SPEC_sigreturn         SPEC(2, K_NONE)
#define SPEC_scheme_register   SPEC(5, K_PATH, K_LEN)
#define SPEC_scheme_recv       SPEC(5, K_HANDLE, K_PTR, K_PTR, K_LEN, K_FLAGS)
#define SPEC_scheme_reply      SPEC(5, K_HANDLE, K_VALUE, K_VALUE, K_PTR, K_LEN)
#define SPEC_open              SPEC(8, K_PATH, K_LEN, K_FLAGS)
#define SPEC_read              SPEC(8, K_HANDLE, K_PTR, K_LEN)
#define SPEC_write             SPEC(8, K_HANDLE, K_PTR, K_LEN)
#define SPEC_fmap              SPEC(5, K_HANDLE, K_LEN, K_LEN, K_FLAGS)
#define SPEC_wait_many         SPEC(6, K_PTR, K_COUNT, K_NS)
#define SPEC_shm_create        SPEC(6, K_LEN)
#define SPEC_shm_map           SPEC(6, K_HANDLE, K_ADDR, K_FLAGS)
#define SPEC_shm_unmap         SPEC(5, K_ADDR)
#define SPEC_irq_bind          SPEC(3, K_COUNT)
#define SPEC_irq_ack           SPEC(3, K_HANDLE)
#define SPEC_ioport_grant      SPEC(3, K_COUNT, K_COUNT)
#define SPEC_mmio_map          SPEC(4, K_PHYS, K_LEN, K_FLAGS)
#define SPEC_timer_create      SPEC(3, K_NONE)
#define SPEC_timer_set         SPEC(5, K_HANDLE, K_NS, K_NS)
#define SPEC_thread_kill       SPEC(5, K_VALUE, K_SIG)
#define SPEC_handle_dup_to     SPEC(5, K_HANDLE, K_HANDLE, K_FLAGS)
#define SPEC_set_clear_tid     SPEC(3, K_PTR)
#define SPEC_fcall             SPEC(6, K_HANDLE, K_COUNT, K_VALUE, K_VALUE, K_PTR, K_LEN)
#define SPEC_scheme_notify     SPEC(4, K_HANDLE, K_VALUE, K_FLAGS)
#define SPEC_sysinfo           SPEC(3, K_COUNT, K_PTR, K_LEN)
#define SPEC_bootfs_map        SPEC(2, K_NONE)
#define SPEC_shm_create_device SPEC(3, K_PHYS, K_LEN)

#define FZ_ROW(num, name, nargs) [num] = {#name, nargs, SPEC_##name},
const struct call_spec calls[SYS_COUNT] = {COBALT_SYSCALLS(FZ_ROW)};
#undef FZ_ROW

#define FZ_NARGS_FIT(num, name, nargs)                                                             \
    _Static_assert(nargs <= MAX_ARGS, "kfuzz passes at most MAX_ARGS arguments: " #name);
COBALT_SYSCALLS(FZ_NARGS_FIT)
#undef FZ_NARGS_FIT

uint32_t weight_total;

/* Every row has a kind for each argument and none beyond; "" when the table is sound. */
const char *table_check(void)
{
    static char why[80];
    for (int nr = 0; nr < SYS_COUNT; nr++) {
        const struct call_spec *c = &calls[nr];
        if (!c->name) {
            ksnprintf(why, sizeof why, "no table row for call %d", nr);
            return why;
        }
        for (int i = 0; i < MAX_ARGS; i++) {
            if ((i < c->nargs) != (c->kind[i] != K_NONE)) {
                ksnprintf(why, sizeof why, "%s: argument kinds do not match its %d arguments",
                          c->name, c->nargs);
                return why;
            }
        }
        weight_total += c->weight;
    }
    return "";
}
