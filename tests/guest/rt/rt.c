/* The guest runtime's C half: process start, output lines, names of errors,
 * statuses and calls, typed call helpers, threads and a futex mutex. */
#include "rt.h"

int rt_argc;
char **rt_argv;
char **rt_envp;
const uint64_t *rt_auxv;
uintptr_t rt_initial_sp;

noreturn void rt_start(uint64_t *sp);

/* Called by _start with the kernel's initial rsp: argc, argv..., NULL,
 * envp..., NULL, auxv pairs. */
noreturn void rt_start(uint64_t *sp)
{
    rt_initial_sp = (uintptr_t)sp;
    rt_argc = (int)sp[0];
    rt_argv = (char **)(sp + 1);
    rt_envp = rt_argv + rt_argc + 1;
    char **e = rt_envp;
    while (*e)
        e++;
    rt_auxv = (const uint64_t *)(e + 1);
    rt_exit(main(rt_argc, rt_argv, rt_envp));
}

noreturn void rt_exit(int status)
{
    for (;;) /* exit does not return; if it ever did, keep asking */
        sys_exit(status);
}

noreturn void rt_thread_exit(int status)
{
    for (;;)
        sys_thread_exit(status);
}

bool rt_getauxval(unsigned long type, unsigned long *value)
{
    for (const uint64_t *a = rt_auxv; a && a[0] != AT_NULL; a += 2) {
        if (a[0] == type) {
            *value = a[1];
            return true;
        }
    }
    return false;
}

static long vline(int channel, const char *fmt, va_list ap)
{
    char line[512];
    int n = kvsnprintf(line, sizeof line - 1, fmt, ap);
    if (n > (int)sizeof line - 2)
        n = sizeof line - 2;
    for (int i = 0; i < n; i++) { /* one line per call, whatever the text held */
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    }
    /* The harness channel makes each call one line; the kernel log is a byte
     * stream, so its lines end here. */
    if (channel == DEBUG_CHANNEL_LOG)
        line[n++] = '\n';
    return sys_debug_write((long)line, n, channel);
}

long rt_chan_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long r = vline(DEBUG_CHANNEL_HARNESS, fmt, ap);
    va_end(ap);
    return r;
}

long rt_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long r = vline(DEBUG_CHANNEL_LOG, fmt, ap);
    va_end(ap);
    return r;
}

/* Names of cobalt/errno.h, for messages only. */
static const struct {
    int num;
    const char *name;
} errnames[] = {
    {EPERM, "EPERM"},
    {ENOENT, "ENOENT"},
    {ESRCH, "ESRCH"},
    {EINTR, "EINTR"},
    {EIO, "EIO"},
    {E2BIG, "E2BIG"},
    {ENOEXEC, "ENOEXEC"},
    {EBADF, "EBADF"},
    {ECHILD, "ECHILD"},
    {EAGAIN, "EAGAIN"},
    {ENOMEM, "ENOMEM"},
    {EACCES, "EACCES"},
    {EFAULT, "EFAULT"},
    {EBUSY, "EBUSY"},
    {EEXIST, "EEXIST"},
    {ENODEV, "ENODEV"},
    {EINVAL, "EINVAL"},
    {EMFILE, "EMFILE"},
    {ENOSPC, "ENOSPC"},
    {EPIPE, "EPIPE"},
    {ERANGE, "ERANGE"},
    {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOSYS, "ENOSYS"},
    {EOVERFLOW, "EOVERFLOW"},
    {EMSGSIZE, "EMSGSIZE"},
    {ENOTSUP, "ENOTSUP"},
    {ETIMEDOUT, "ETIMEDOUT"},
    {ECONNREFUSED, "ECONNREFUSED"},
};

const char *rt_errname(long r)
{
    long e = r < 0 ? -r : r;
    for (size_t i = 0; i < sizeof errnames / sizeof errnames[0]; i++) {
        if (errnames[i].num == e)
            return errnames[i].name;
    }
    return NULL;
}

char *rt_fmt_result(char *buf, size_t size, long r)
{
    const char *name = r < 0 ? rt_errname(r) : NULL;
    if (name)
        ksnprintf(buf, size, "%ld (-%s)", r, name);
    else if (r < -4095 || r > 0xffff)
        ksnprintf(buf, size, "%#lx", (unsigned long)r);
    else
        ksnprintf(buf, size, "%ld", r);
    return buf;
}

static const char *signame(int sig)
{
    switch (sig) {
    case SIGILL:
        return "SIGILL";
    case SIGFPE:
        return "SIGFPE";
    case SIGKILL:
        return "SIGKILL";
    case SIGSEGV:
        return "SIGSEGV";
    case SIGTERM:
        return "SIGTERM";
    default:
        return "?";
    }
}

char *rt_fmt_status(char *buf, size_t size, int status)
{
    if ((status & 0x7f) == 0)
        ksnprintf(buf, size, "exit %d", (status >> 8) & 0xff);
    else if ((status & ~0x7f) == 0)
        ksnprintf(buf, size, "signal %d (%s)", status, signame(status));
    else
        ksnprintf(buf, size, "status %#x (neither an exit nor a signal)", (unsigned)status);
    return buf;
}

#define RT_SYS_NAME(num, name, nargs) [num] = #name,
static const char *const syscall_names[] = {COBALT_SYSCALLS(RT_SYS_NAME)};
#undef RT_SYS_NAME

const char *rt_syscall_name(long num)
{
    if (num < 0 || num >= (long)(sizeof syscall_names / sizeof syscall_names[0]))
        return NULL;
    return syscall_names[num];
}

long rt_atol(const char *s)
{
    long sign = 1, v = 0;
    if (*s == '-') {
        sign = -1;
        s++;
    }
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return sign * v;
}

long rt_spawn(const char *path, const char *const *argv, const char *const *envp)
{
    return sys_spawn((long)path, (long)strlen(path), (long)argv, (long)envp, 0);
}

long rt_wait(long pid, int *status, long options)
{
    return sys_wait(pid, (long)status, options);
}

long rt_write(int channel, const void *buf, size_t len)
{
    return sys_debug_write((long)buf, (long)len, channel);
}

void *rt_mmap(void *addr, size_t len, int prot, int flags)
{
    long r = sys_mmap_anon((long)addr, (long)len, prot, flags);
    return r < 0 ? NULL : (void *)r;
}

uint64_t rt_clock_ns(int clock)
{
    uint64_t ns = 0;
    if (sys_clock_get(clock, (long)&ns) != 0)
        return 0;
    return ns;
}

uint64_t rt_now_ns(void)
{
    return rt_clock_ns(CLOCK_MONOTONIC_NS);
}

long rt_sleep_ns(uint64_t ns)
{
    return sys_sleep((long)ns);
}

/* ---- threads ------------------------------------------------------------ */

struct rt_thread_block {
    rt_thread_fn fn;
    void *arg;
};

void rt_thread_trampoline(void); /* crt0.S */
noreturn void rt_thread_main(struct rt_thread_block *b, uintptr_t sp);

noreturn void rt_thread_main(struct rt_thread_block *b, uintptr_t sp)
{
    (void)sp;
    rt_thread_exit(b->fn(b->arg));
}

long rt_thread_create(rt_thread_fn fn, void *arg, void *stack_top, void *fs_base,
                      volatile int *clear_tid)
{
    /* The start block lives at the top of the new stack, below stack_top. */
    uintptr_t top = ((uintptr_t)stack_top & ~(uintptr_t)15) - 16;
    struct rt_thread_block *b = (struct rt_thread_block *)top;
    b->fn = fn;
    b->arg = arg;
    return sys_thread_create((long)rt_thread_trampoline, (long)top, (long)b, (long)fs_base,
                             (long)clear_tid);
}

void *rt_stack_alloc(size_t size)
{
    char *p = rt_mmap(NULL, size, PROT_READ | PROT_WRITE, 0);
    return p ? p + size : NULL;
}

long rt_thread_join(volatile int *clear_tid)
{
    int v;
    while ((v = *clear_tid) != 0) {
        long r = sys_futex_wait((long)clear_tid, (long)(uint32_t)v, 0);
        if (r != 0 && r != -EAGAIN && r != -EINTR)
            return r;
    }
    return 0;
}

/* ---- futex mutex ---------------------------------------------------------- */

void rt_mutex_lock(rt_mutex *m)
{
    int c = __sync_val_compare_and_swap(&m->word, 0, 1);
    if (c == 0)
        return;
    if (c != 2)
        c = __atomic_exchange_n(&m->word, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        sys_futex_wait((long)&m->word, 2, 0);
        c = __atomic_exchange_n(&m->word, 2, __ATOMIC_ACQUIRE);
    }
}

void rt_mutex_unlock(rt_mutex *m)
{
    if (__atomic_fetch_sub(&m->word, 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(&m->word, 0, __ATOMIC_RELEASE);
        sys_futex_wake((long)&m->word, 1);
    }
}

/* ---- signals ------------------------------------------------------------- */

_Static_assert(SYS_sigreturn == 26, "rt_sigrestorer (crt0.S) calls sigreturn as 26");

long rt_sigaction(int sig, rt_sighandler handler, uint64_t flags, uint64_t mask)
{
    struct cobalt_sigaction act = {(uint64_t)(uintptr_t)handler, flags | SA_RESTORER,
                                   (uint64_t)(uintptr_t)rt_sigrestorer, mask};
    return sys_sigaction(sig, (long)&act, 0);
}

long rt_sigprocmask(int how, uint64_t set, uint64_t *old)
{
    return sys_sigprocmask(how, (long)&set, (long)old);
}
