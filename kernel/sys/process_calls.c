/* System calls about processes: null, debug_write, exit, getpid, getppid,
 * spawn, wait, kill. Each decodes and checks every argument first. */
#include "channel.h"
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "exec.h"
#include "fpu.h"
#include "handle.h"
#include "log.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "signal.h"
#include "sched.h"
#include "syscall.h"
#include "thread.h"
#include "usercopy.h"
#include "vm.h"

static struct process *self(void)
{
    return current_thread()->proc;
}

long sys_null(const struct syscall_args *args)
{
    (void)args;
    return 0;
}

long sys_debug_write(const struct syscall_args *args)
{
    uint64_t buf = args->a[0], len = args->a[1], channel = args->a[2];
    if (channel != DEBUG_CHANNEL_LOG && channel != DEBUG_CHANNEL_HARNESS)
        return -EINVAL;
    if (len > DEBUG_WRITE_MAX)
        return -EMSGSIZE;
    char text[DEBUG_WRITE_MAX + 1];
    int err = copy_from_user(text, buf, len);
    if (err)
        return err;
    text[len] = '\0';
    if (channel == DEBUG_CHANNEL_HARNESS)
        channel_write_line(text, len);
    else
        klog_write(text);
    return (long)len;
}

long sys_exit(const struct syscall_args *args)
{
    process_exit_current((int)(args->a[0] & 0xFF) << 8);
}

long sys_getpid(const struct syscall_args *args)
{
    (void)args;
    return self()->pid;
}

long sys_getppid(const struct syscall_args *args)
{
    (void)args;
    return self()->parent ? self()->parent->pid : 0;
}

/* Copies a NULL-terminated user array of strings into buf (packed, each
 * NUL-terminated); returns 0 and the count and size, or -errno. */
static int copy_string_array(uint64_t array, char *buf, size_t cap, unsigned *count, size_t *bytes)
{
    *count = 0;
    *bytes = 0;
    if (!array)
        return 0;
    for (;;) {
        uint64_t ptr;
        int err = copy_from_user(&ptr, array + *count * 8ULL, sizeof ptr);
        if (err)
            return err;
        if (!ptr)
            return 0;
        if (*count == SPAWN_ARGS_MAX)
            return -E2BIG;
        long n = copy_string_from_user(buf + *bytes, ptr, cap - *bytes);
        if (n == -ENAMETOOLONG)
            return -E2BIG;
        if (n < 0)
            return (int)n;
        *bytes += (size_t)n + 1;
        (*count)++;
    }
}

#define STRING_PAGES (SPAWN_STRINGS_MAX / 4096)

/* Rule: a path is 1..SPAWN_PATH_MAX bytes with no NUL inside. */
static int copy_path(char *path, uint64_t ptr, uint64_t len)
{
    if (len == 0 || len > SPAWN_PATH_MAX)
        return -EINVAL;
    int err = copy_from_user(path, ptr, len);
    if (err)
        return err;
    path[len] = '\0';
    for (uint64_t i = 0; i < len; i++) {
        if (path[i] == '\0')
            return -EINVAL;
    }
    return 0;
}

/* spawn and exec: the path, argv and envp copied in (decode), then run
 * (invoke) on the kernel copies; the string pages are freed either way. */
static long with_program(uint64_t path_ptr, uint64_t path_len, uint64_t argv, uint64_t envp,
                         long (*run)(const char *path, const struct exec_strings *s, bool io),
                         bool io)
{
    char path[SPAWN_PATH_MAX + 1];
    int err = copy_path(path, path_ptr, path_len);
    if (err)
        return err;
    uint64_t pages = pmm_alloc_contig(2 * STRING_PAGES);
    if (!pages)
        return -ENOMEM;
    char *argbuf = phys_to_virt(pages);
    char *envbuf = argbuf + SPAWN_STRINGS_MAX;
    struct exec_strings s = {argbuf, 0, 0, envbuf, 0, 0};
    err = copy_string_array(argv, argbuf, SPAWN_STRINGS_MAX, &s.argc, &s.argv_bytes);
    if (!err)
        err = copy_string_array(envp, envbuf, SPAWN_STRINGS_MAX, &s.envc, &s.envp_bytes);
    long result = err ? err : run(path, &s, io);
    for (unsigned i = 0; i < 2 * STRING_PAGES; i++)
        pmm_unref(pages + i * PAGE_SIZE);
    return result;
}

static long run_spawn(const char *path, const struct exec_strings *s, bool io)
{
    return exec_spawn(self(), path, s, io);
}

static long run_exec(const char *path, const struct exec_strings *s, bool io)
{
    (void)io;
    return exec_replace(path, s);
}

long sys_spawn(const struct syscall_args *args)
{
    uint64_t flags = args->a[4];
    if (flags & ~(uint64_t)SPAWN_GRANT_IO)
        return -EINVAL;
    if ((flags & SPAWN_GRANT_IO) && !self()->may_do_io)
        return -EPERM;
    return with_program(args->a[0], args->a[1], args->a[2], args->a[3], run_spawn,
                        flags & SPAWN_GRANT_IO);
}

long sys_exec(const struct syscall_args *args)
{
    return with_program(args->a[0], args->a[1], args->a[2], args->a[3], run_exec, false);
}

long sys_fork(const struct syscall_args *args)
{
    (void)args;
    struct thread *me = current_thread();
    struct process *parent = me->proc;
    struct process *child = process_create(parent->name, parent);
    if (!child)
        return -EAGAIN;
    struct vm_space *vm = vm_clone(parent->vm);
    if (!vm) {
        child->parent = 0;
        process_discard(child);
        return -ENOMEM;
    }
    vm_destroy(child->vm);
    child->vm = vm;
    child->may_do_io = parent->may_do_io;
    handle_table_copy(child->handles, parent->handles);
    struct thread *t = thread_create_user(child, 0, 0, 0);
    if (!t) {
        child->parent = 0;
        process_discard(child);
        return -ENOMEM;
    }
    /* The child resumes exactly where the parent called fork, with 0. */
    *thread_frame(t) = *thread_frame(me);
    thread_frame(t)->rax = 0;
    t->fs_base = me->fs_base;
    t->signal_mask = me->signal_mask;
    fpu_save(t->fpu); /* the caller's live registers are the child's too */
    child->signals = parent->signals;
    child->signals.pending = 0;
    sched_make_runnable(t);
    return child->pid;
}

long sys_wait(const struct syscall_args *args)
{
    int64_t pid = (int64_t)args->a[0];
    uint64_t status_ptr = args->a[1], options = args->a[2];
    if (options & ~(uint64_t)WAIT_NOHANG || pid == 0 || pid < -1 || pid > 0x7FFFFFFF)
        return -EINVAL;
    if (status_ptr && !user_range_ok(status_ptr, sizeof(int)))
        return -EFAULT;
    struct process *p = self();
    for (;;) {
        int child, status;
        int r = process_reap(p, (int)pid, &child, &status, true);
        if (r == 0) {
            /* The status reaches the caller before the child is gone for good. */
            if (status_ptr && copy_to_user(status_ptr, &status, sizeof status))
                return -EFAULT;
            process_reap(p, child, &child, &status, false);
            return child;
        }
        if (r != -EAGAIN || (options & WAIT_NOHANG))
            return r;
        long w = waitq_block(&p->child_exit, 0);
        if (w == -EINTR)
            return -EINTR;
    }
}

long sys_kill(const struct syscall_args *args)
{
    int64_t pid = (int64_t)args->a[0];
    uint64_t sig = args->a[1];
    if (sig == 0 || sig >= COBALT_NSIG)
        return -EINVAL;
    struct process *target = pid > 0 && pid <= 0x7FFFFFFF ? process_find((int)pid) : 0;
    if (!target || target->state != PROCESS_ALIVE || target->exiting)
        return -ESRCH;
    if (target->pid == 1 && target != self())
        return -EPERM;
    signal_send(target, (int)sig);
    return 0;
}

long sys_sigaction(const struct syscall_args *args)
{
    uint64_t sig = args->a[0], act_ptr = args->a[1], old_ptr = args->a[2];
    const uint64_t known = SA_NODEFER | SA_RESTORER | 0x4 /* SA_SIGINFO */ |
                           0x10000000 /* SA_RESTART: calls are not restarted */;
    if (sig == 0 || sig >= COBALT_NSIG)
        return -EINVAL;
    struct cobalt_sigaction act;
    if (act_ptr) {
        int err = copy_from_user(&act, act_ptr, sizeof act);
        if (err)
            return err;
        /* Rule: SIGKILL and SIGSTOP keep their actions; a handler needs a restorer. */
        if (sig == SIGKILL || sig == SIGSTOP || act.flags & ~known ||
            (act.handler > COBALT_SIG_IGN &&
             (!(act.flags & SA_RESTORER) || !user_range_ok(act.handler, 1) ||
              !user_range_ok(act.restorer, 1))))
            return -EINVAL;
    }
    struct signal_state *st = &self()->signals;
    if (old_ptr) {
        int err = copy_to_user(old_ptr, &st->action[sig], sizeof act);
        if (err)
            return err;
    }
    if (act_ptr) {
        st->action[sig] = act;
        if (act.handler == COBALT_SIG_IGN)
            st->pending &= ~SIGBIT(sig);
    }
    return 0;
}

long sys_sigprocmask(const struct syscall_args *args)
{
    uint64_t how = args->a[0], set_ptr = args->a[1], old_ptr = args->a[2];
    struct thread *t = current_thread();
    uint64_t set = 0;
    if (set_ptr) {
        if (how > SIG_SETMASK)
            return -EINVAL;
        int err = copy_from_user(&set, set_ptr, sizeof set);
        if (err)
            return err;
    }
    if (old_ptr) {
        int err = copy_to_user(old_ptr, &t->signal_mask, sizeof t->signal_mask);
        if (err)
            return err;
    }
    if (set_ptr) {
        if (how == SIG_BLOCK)
            t->signal_mask |= set;
        else if (how == SIG_UNBLOCK)
            t->signal_mask &= ~set;
        else
            t->signal_mask = set;
        t->signal_mask &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
    }
    return 0;
}

long sys_sigreturn(const struct syscall_args *args)
{
    (void)args;
    struct thread *t = current_thread();
    return signal_return(t, thread_frame(t));
}
