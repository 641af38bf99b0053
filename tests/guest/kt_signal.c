/* kt_signal: signal handlers work (docs/syscalls.md, "Signals"): a handler
 * runs with the signal number and sigreturn resumes the interrupted code
 * with every register; the mask while a handler runs, sigprocmask and
 * pending delivery, COBALT_SIG_IGN, SIGKILL, -EINTR from blocking calls, SIGCHLD,
 * handlers for CPU faults that fix the cause, a handler frame that does not
 * fit, and forged sigreturn frames that must not gain privilege. Owns USIG*.
 *
 * Handlers return through rt_sigrestorer (rt/crt0.S). Cases that could end
 * the process run in forked children; parent and child meet in a shared
 * page mapped before the first fork. */
#include "kt.h"

#define RW (PROT_READ | PROT_WRITE)

struct mailbox {
    volatile long ready; /* child → parent: "set up, about to block" */
    volatile long word;
};

static struct mailbox *mb;

static struct mailbox *mailbox(void)
{
    return mb = kt_shared_page(NULL);
}

#define NEED_MAILBOX()                                                                             \
    struct mailbox *m = mailbox();                                                                 \
    CHECK(m != NULL, "no mailbox: shm_create/shm_map failed")

/* A simple recording handler. */
static volatile int got_sig, got_count;

static void record(int sig)
{
    got_sig = sig;
    got_count++;
}

static void reset_record(void)
{
    got_sig = 0;
    got_count = 0;
}

#define INSTALL(sig, fn, flags, mask) EXPECT_EQ(rt_sigaction(sig, fn, flags, mask), 0)
#define DEFAULT(sig)                  rt_sigaction(sig, RT_SIG_DFL, 0, 0)

static long self_kill(int sig)
{
    return sys_kill(sys_getpid(), sig);
}

/* ---- delivery and sigreturn ------------------------------------------------------ */

TEST(USIG0001, "a handler runs with the signal number; the interrupted code goes on")
{
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(got_count, 1);
    EXPECT_EQ(got_sig, SIGUSR1);
    EXPECT_EQ(self_kill(SIGUSR1), 0); /* and again: the handler stays installed */
    EXPECT_EQ(got_count, 2);
    DEFAULT(SIGUSR1);
}

/* Register probe: kt_sig_probe loads every general register but rsp and
 * xmm0..xmm15 from probe_in, sets DF, and spins until the handler sets
 * probe_flag (or probe_budget runs out); then it stores them all in
 * probe_out, rsp and rflags last. probe_handler, entered on a signal that
 * interrupts the spin, records its entry state and clobbers every register. */
#define PROBE_GP  15 /* rax rbx rcx rdx rsi rdi rbp r8..r15 */
#define PROBE_ALL (PROBE_GP + 16)
extern uint64_t probe_in[PROBE_ALL], probe_out[PROBE_ALL + 2];
extern volatile uint64_t probe_flag, probe_budget, probe_sp;
extern volatile uint64_t handler_rdi, handler_rsi, handler_rdx, handler_rsp, handler_ret,
    handler_rflags;
uint64_t probe_in[PROBE_ALL], probe_out[PROBE_ALL + 2];
volatile uint64_t probe_flag, probe_budget, probe_sp;
volatile uint64_t handler_rdi, handler_rsi, handler_rdx, handler_rsp, handler_ret, handler_rflags;

void kt_sig_probe(void);
void probe_handler(int sig);
__asm__(".text\n.globl kt_sig_probe\nkt_sig_probe:\n"
        "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
        "  mov %rsp, probe_sp(%rip)\n"
        "  movq probe_in+120(%rip), %xmm0\n movq probe_in+128(%rip), %xmm1\n"
        "  movq probe_in+136(%rip), %xmm2\n movq probe_in+144(%rip), %xmm3\n"
        "  movq probe_in+152(%rip), %xmm4\n movq probe_in+160(%rip), %xmm5\n"
        "  movq probe_in+168(%rip), %xmm6\n movq probe_in+176(%rip), %xmm7\n"
        "  movq probe_in+184(%rip), %xmm8\n movq probe_in+192(%rip), %xmm9\n"
        "  movq probe_in+200(%rip), %xmm10\n movq probe_in+208(%rip), %xmm11\n"
        "  movq probe_in+216(%rip), %xmm12\n movq probe_in+224(%rip), %xmm13\n"
        "  movq probe_in+232(%rip), %xmm14\n movq probe_in+240(%rip), %xmm15\n"
        "  mov probe_in+0(%rip), %rax\n mov probe_in+8(%rip), %rbx\n"
        "  mov probe_in+16(%rip), %rcx\n mov probe_in+24(%rip), %rdx\n"
        "  mov probe_in+32(%rip), %rsi\n mov probe_in+40(%rip), %rdi\n"
        "  mov probe_in+48(%rip), %rbp\n mov probe_in+56(%rip), %r8\n"
        "  mov probe_in+64(%rip), %r9\n mov probe_in+72(%rip), %r10\n"
        "  mov probe_in+80(%rip), %r11\n mov probe_in+88(%rip), %r12\n"
        "  mov probe_in+96(%rip), %r13\n mov probe_in+104(%rip), %r14\n"
        "  mov probe_in+112(%rip), %r15\n"
        "  std\n"
        "1: cmpq $0, probe_flag(%rip)\n"
        "  jne 2f\n"
        "  decq probe_budget(%rip)\n"
        "  jnz 1b\n"
        "2: pushfq\n"
        "  popq probe_out+256(%rip)\n"
        "  cld\n"
        "  mov %rsp, probe_out+248(%rip)\n"
        "  mov %rax, probe_out+0(%rip)\n mov %rbx, probe_out+8(%rip)\n"
        "  mov %rcx, probe_out+16(%rip)\n mov %rdx, probe_out+24(%rip)\n"
        "  mov %rsi, probe_out+32(%rip)\n mov %rdi, probe_out+40(%rip)\n"
        "  mov %rbp, probe_out+48(%rip)\n mov %r8, probe_out+56(%rip)\n"
        "  mov %r9, probe_out+64(%rip)\n mov %r10, probe_out+72(%rip)\n"
        "  mov %r11, probe_out+80(%rip)\n mov %r12, probe_out+88(%rip)\n"
        "  mov %r13, probe_out+96(%rip)\n mov %r14, probe_out+104(%rip)\n"
        "  mov %r15, probe_out+112(%rip)\n"
        "  movq %xmm0, probe_out+120(%rip)\n movq %xmm1, probe_out+128(%rip)\n"
        "  movq %xmm2, probe_out+136(%rip)\n movq %xmm3, probe_out+144(%rip)\n"
        "  movq %xmm4, probe_out+152(%rip)\n movq %xmm5, probe_out+160(%rip)\n"
        "  movq %xmm6, probe_out+168(%rip)\n movq %xmm7, probe_out+176(%rip)\n"
        "  movq %xmm8, probe_out+184(%rip)\n movq %xmm9, probe_out+192(%rip)\n"
        "  movq %xmm10, probe_out+200(%rip)\n movq %xmm11, probe_out+208(%rip)\n"
        "  movq %xmm12, probe_out+216(%rip)\n movq %xmm13, probe_out+224(%rip)\n"
        "  movq %xmm14, probe_out+232(%rip)\n movq %xmm15, probe_out+240(%rip)\n"
        "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
        "  ret\n"
        ".globl probe_handler\nprobe_handler:\n"
        "  mov %rdi, handler_rdi(%rip)\n mov %rsi, handler_rsi(%rip)\n"
        "  mov %rdx, handler_rdx(%rip)\n mov %rsp, handler_rsp(%rip)\n"
        "  mov (%rsp), %rax\n mov %rax, handler_ret(%rip)\n"
        "  pushfq\n popq handler_rflags(%rip)\n"
        "  movabs $0xBADBADBADBADBAD0, %rax\n"
        "  mov %rax, %rbx\n mov %rax, %rcx\n mov %rax, %rdx\n mov %rax, %rsi\n"
        "  mov %rax, %rdi\n mov %rax, %rbp\n mov %rax, %r8\n mov %rax, %r9\n"
        "  mov %rax, %r10\n mov %rax, %r11\n mov %rax, %r12\n mov %rax, %r13\n"
        "  mov %rax, %r14\n mov %rax, %r15\n"
        "  movq %rax, %xmm0\n movq %rax, %xmm1\n movq %rax, %xmm2\n movq %rax, %xmm3\n"
        "  movq %rax, %xmm4\n movq %rax, %xmm5\n movq %rax, %xmm6\n movq %rax, %xmm7\n"
        "  movq %rax, %xmm8\n movq %rax, %xmm9\n movq %rax, %xmm10\n movq %rax, %xmm11\n"
        "  movq %rax, %xmm12\n movq %rax, %xmm13\n movq %rax, %xmm14\n movq %rax, %xmm15\n"
        "  movq $1, probe_flag(%rip)\n"
        "  cld\n"
        "  ret\n");

static const char *const probe_names[PROBE_ALL] = {
    "rax",  "rbx",  "rcx",  "rdx",   "rsi",   "rdi",   "rbp",   "r8",    "r9",   "r10",  "r11",
    "r12",  "r13",  "r14",  "r15",   "xmm0",  "xmm1",  "xmm2",  "xmm3",  "xmm4", "xmm5", "xmm6",
    "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"};

#define RFLAGS_DF 0x400

static int kill_later(void *arg)
{
    long target = (long)(uintptr_t)arg;
    sys_sleep(20 * MS);
    return sys_kill(target, SIGUSR1) == 0 ? 0 : 1;
}

/* Runs the probe with a SIGUSR1 sent by a child 20 ms into the spin. */
static void run_probe(void)
{
    for (int i = 0; i < PROBE_ALL; i++)
        probe_in[i] = 0x5A5A000000000000ULL | ((uint64_t)(i + 1) << 32) | (0x1234 + i);
    memset(probe_out, 0, sizeof probe_out);
    probe_flag = 0;
    probe_budget = 400000000; /* a few seconds of spinning at most */
    handler_rsp = 0;
    INSTALL(SIGUSR1, probe_handler, 0, 0);
    long pid = EXPECT_OK(kt_fork(kill_later, (void *)(uintptr_t)sys_getpid()));
    kt_sig_probe();
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(st, RT_EXITED(0));
    CHECK(probe_flag == 1, "the handler never ran during the spin");
}

TEST(USIG0002, "sigreturn resumes the interrupted code with every register and xmm0..15")
{
    run_probe();
    KT_RETURN_IF_FAILED();
    for (int i = 0; i < PROBE_ALL; i++)
        CHECK(probe_out[i] == probe_in[i], "%s after the handler: %#lx, expected %#lx",
              probe_names[i], probe_out[i], probe_in[i]);
    EXPECT_EQ(probe_out[PROBE_ALL], probe_sp); /* rsp */
    CHECK(probe_out[PROBE_ALL + 1] & RFLAGS_DF, "the interrupted code's DF flag was lost");
}

TEST(USIG0003, "the handler gets rdi = sig, rsi = rdx = 0, [rsp] = restorer, 128 bytes below")
{
    run_probe();
    KT_RETURN_IF_FAILED();
    EXPECT_EQ(handler_rdi, SIGUSR1);
    EXPECT_EQ(handler_rsi, 0);
    EXPECT_EQ(handler_rdx, 0);
    EXPECT_EQ(handler_ret, (uintptr_t)rt_sigrestorer);
    CHECK(handler_rsp % 16 == 8, "handler entered with rsp %#lx: not as after a call", handler_rsp);
    CHECK(handler_rsp + 128 <= probe_sp && handler_rsp > probe_sp - 65536,
          "handler rsp %#lx vs interrupted rsp %#lx: not in the 128 bytes below", handler_rsp,
          probe_sp);
}

TEST(USIG0004, "the handler is entered with DF clear (SysV ABI), whatever the interrupted code had")
{
    run_probe();
    KT_RETURN_IF_FAILED();
    CHECK(!(handler_rflags & RFLAGS_DF), "handler entered with rflags %#lx: DF set",
          handler_rflags);
}

/* ---- masks ----------------------------------------------------------------------- */

static volatile int depth, max_depth, runs;
static volatile uint64_t mask_inside;

static void nesting(int sig)
{
    depth++;
    runs++;
    if (depth > max_depth)
        max_depth = depth;
    rt_sigprocmask(SIG_BLOCK, 0, (uint64_t *)&mask_inside);
    if (runs == 1)
        self_kill(sig); /* the same signal again, from inside its handler */
    depth--;
}

static void reset_nesting(void)
{
    depth = max_depth = runs = 0;
    mask_inside = 0;
}

TEST(USIG0005, "the signal is blocked in its own handler; sent again, it runs after it")
{
    reset_nesting();
    INSTALL(SIGUSR1, nesting, 0, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(max_depth, 1);
    CHECK(mask_inside & RT_SIGBIT(SIGUSR1), "mask in the handler %#lx lacks SIGUSR1", mask_inside);
    uint64_t now = 1;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, 0, &now), 0);
    EXPECT_EQ(now, 0); /* sigreturn restored the mask */
}

TEST(USIG0006, "with SA_NODEFER the same signal nests inside its handler")
{
    reset_nesting();
    INSTALL(SIGUSR1, nesting, SA_NODEFER, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(max_depth, 2);
    CHECK(!(mask_inside & RT_SIGBIT(SIGUSR1)), "SA_NODEFER handler ran with SIGUSR1 blocked");
}

static volatile char order[8];
static volatile int order_n;

static void usr1_sends_usr2(int sig)
{
    (void)sig;
    order[order_n++] = 'a';
    self_kill(SIGUSR2); /* blocked by sa_mask: runs after this handler returns */
    order[order_n++] = 'b';
}

static void usr2_mark(int sig)
{
    (void)sig;
    order[order_n++] = 'c';
}

TEST(USIG0007, "sa_mask blocks its signals while the handler runs; they come after")
{
    order_n = 0;
    memset((void *)order, 0, sizeof order);
    INSTALL(SIGUSR1, usr1_sends_usr2, 0, RT_SIGBIT(SIGUSR2));
    INSTALL(SIGUSR2, usr2_mark, 0, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    DEFAULT(SIGUSR2);
    CHECK(order_n == 3 && order[0] == 'a' && order[1] == 'b' && order[2] == 'c',
          "order of handler steps '%s', expected 'abc' (a, b: SIGUSR1's; c: SIGUSR2's)",
          (const char *)order);
}

static void block_usr2_inside(int sig)
{
    (void)sig;
    got_count++;
    rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR2), NULL);
}

TEST(USIG0008, "mask changes made inside a handler are undone by sigreturn")
{
    reset_record();
    INSTALL(SIGUSR1, block_usr2_inside, 0, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(got_count, 1);
    uint64_t now = 1;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, 0, &now), 0);
    EXPECT_EQ(now, 0);
}

TEST(USIG0009, "sigprocmask block, unblock, setmask; a pending signal arrives on unblock")
{
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    uint64_t old = 1;
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), &old), 0);
    EXPECT_EQ(old, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(got_count, 0); /* blocked: pending */
    EXPECT_EQ(rt_sigprocmask(SIG_UNBLOCK, RT_SIGBIT(SIGUSR1), &old), 0);
    EXPECT_EQ(old, RT_SIGBIT(SIGUSR1));
    EXPECT_EQ(got_count, 1); /* delivered on the way back from sigprocmask */
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, RT_SIGBIT(SIGUSR1) | RT_SIGBIT(SIGHUP), &old), 0);
    EXPECT_EQ(old, 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(got_count, 1);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, &old), 0);
    EXPECT_EQ(old, RT_SIGBIT(SIGUSR1) | RT_SIGBIT(SIGHUP));
    EXPECT_EQ(got_count, 2);
    EXPECT_EQ(got_sig, SIGUSR1);
    DEFAULT(SIGUSR1);
}

TEST(USIG0010, "a signal sent three times while blocked is delivered once (not queued)")
{
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    for (int i = 0; i < 3; i++)
        EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(got_count, 1);
}

static int send_usr1_to(void *arg)
{
    return sys_kill((long)(uintptr_t)arg, SIGUSR1) == 0 ? 0 : 1;
}

TEST(USIG0011, "a signal from another process while blocked is delivered on unblock")
{
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    int st = -1;
    long r = kt_fork_wait(send_usr1_to, (void *)(uintptr_t)sys_getpid(), &st);
    int before = got_count;
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_OK(r);
    EXPECT_EQ(st, RT_EXITED(0));
    EXPECT_EQ(before, 0);
    EXPECT_EQ(got_count, 1);
}

TEST(USIG0012, "SIGKILL and SIGSTOP cannot be blocked: setmask(all) leaves them out")
{
    uint64_t now = 0;
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, ~0ULL, NULL), 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, &now), 0);
    CHECK(!(now & RT_SIGBIT(SIGKILL)) && !(now & RT_SIGBIT(SIGSTOP)),
          "mask after setmask(all) is %#lx: SIGKILL or SIGSTOP blocked", now);
    CHECK(now & RT_SIGBIT(SIGUSR1), "mask after setmask(all) is %#lx: SIGUSR1 missing", now);
}

/* ---- COBALT_SIG_IGN and SIGKILL ------------------------------------------------------------ */

TEST(USIG0013,
     "COBALT_SIG_IGN: a fatal-by-default signal is ignored; setting it drops a pending one")
{
    EXPECT_EQ(rt_sigaction(SIGTERM, RT_SIG_IGN, 0, 0), 0);
    EXPECT_EQ(self_kill(SIGTERM), 0); /* we live on */
    EXPECT_EQ(DEFAULT(SIGTERM), 0);
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(rt_sigaction(SIGUSR1, RT_SIG_IGN, 0, 0), 0); /* discards the pending one (POSIX) */
    INSTALL(SIGUSR1, record, 0, 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(got_count, 0);
}

static int unkillable(void *arg)
{
    (void)arg;
    for (int sig = 1; sig < COBALT_NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP && rt_sigaction(sig, RT_SIG_IGN, 0, 0) != 0)
            return 2;
    }
    rt_sigprocmask(SIG_SETMASK, ~0ULL, NULL);
    mb->ready = 1;
    sys_sleep(5000 * MS);
    return 1;
}

TEST(USIG0014, "SIGKILL cannot be caught, ignored or blocked")
{
    EXPECT_EQ(rt_sigaction(SIGKILL, record, 0, 0), -EINVAL);
    EXPECT_EQ(rt_sigaction(SIGKILL, RT_SIG_IGN, 0, 0), -EINVAL);
    EXPECT_EQ(rt_sigaction(SIGSTOP, RT_SIG_IGN, 0, 0), -EINVAL);
    NEED_MAILBOX();
    long pid = EXPECT_OK(kt_fork(unkillable, NULL));
    CHECK(kt_await(&m->ready), "the child never got ready");
    int st = -1;
    EXPECT_EQ(sys_kill(pid, SIGTERM), 0);
    EXPECT_EQ(sys_kill(pid, SIGUSR1), 0);
    sys_sleep(20 * MS);
    EXPECT_EQ(rt_wait(pid, &st, WAIT_NOHANG), -EAGAIN); /* ignored: still there */
    EXPECT_EQ(sys_kill(pid, SIGKILL), 0);
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_KILLED(SIGKILL));
}

/* ---- -EINTR ---------------------------------------------------------------------- */

static int sleeper(void *arg)
{
    (void)arg;
    mb->ready = 1;
    uint64_t t0 = rt_now_ns();
    long r = sys_sleep(5000 * MS);
    if (rt_now_ns() - t0 > 3000 * MS)
        return 10; /* slept on */
    return r == -EINTR ? (got_count == 1 ? 0 : 2) : 1;
}

static int futex_sleeper(void *arg)
{
    (void)arg;
    static volatile int word;
    mb->ready = 1;
    long r = sys_futex_wait((long)&word, 0, 0);
    return r == -EINTR ? (got_count == 1 ? 0 : 2) : 1;
}

static int wait_sleeper(void *arg)
{
    (void)arg;
    long pid = sys_fork();
    if (pid == 0) {
        sys_sleep(5000 * MS);
        rt_exit(0);
    }
    if (pid < 0)
        return 3;
    mb->ready = 1;
    int st = -1;
    long r = rt_wait(pid, &st, 0);
    sys_kill(pid, SIGKILL);
    rt_wait(pid, &st, 0);
    return r == -EINTR ? (got_count == 1 ? 0 : 2) : 1;
}

/* Forks fn (which inherits the SIGUSR1 handler), lets it block, sends SIGUSR1. */
static void interrupt_child(kt_fork_fn fn)
{
    struct mailbox *m = mailbox();
    CHECK(m != NULL, "no mailbox");
    reset_record();
    INSTALL(SIGUSR1, record, 0, 0);
    long pid = kt_fork(fn, NULL);
    DEFAULT(SIGUSR1);
    EXPECT_OK(pid);
    CHECK(kt_await(&m->ready), "the child never got ready");
    sys_sleep(30 * MS); /* now it blocks */
    EXPECT_EQ(sys_kill(pid, SIGUSR1), 0);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    CHECK(st == RT_EXITED(0), "child status %#x (1: the call did not return -EINTR, 2: no handler)",
          st);
}

TEST(USIG0015, "a sleep interrupted by a handled signal from another process returns -EINTR")
{
    interrupt_child(sleeper);
}

TEST(USIG0016, "a futex_wait interrupted by a handled signal returns -EINTR")
{
    interrupt_child(futex_sleeper);
}

TEST(USIG0017, "a wait interrupted by a handled signal returns -EINTR")
{
    interrupt_child(wait_sleeper);
}

static volatile long worker_tid, worker_result, handler_tid;

static void note_tid(int sig)
{
    (void)sig;
    handler_tid = sys_gettid();
}

static int blocked_worker(void *arg)
{
    (void)arg;
    worker_tid = sys_gettid();
    worker_result = sys_sleep(3000 * MS);
    return 0;
}

TEST(USIG0018, "a signal goes to a thread that does not block it (masks are per thread)")
{
    handler_tid = worker_tid = 0;
    worker_result = 1;
    INSTALL(SIGUSR1, note_tid, 0, 0);
    void *top = rt_stack_alloc(64 << 10);
    CHECK(top != NULL, "no stack");
    volatile int blk = -1;
    /* The worker starts with our (empty) mask; only then do we block SIGUSR1. */
    EXPECT_OK(rt_thread_create(blocked_worker, NULL, top, NULL, &blk));
    EXPECT_EQ(rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGUSR1), NULL), 0);
    while (worker_tid == 0)
        sys_yield();
    sys_sleep(20 * MS);
    EXPECT_EQ(self_kill(SIGUSR1), 0);
    EXPECT_EQ(rt_thread_join(&blk), 0);
    EXPECT_EQ(rt_sigprocmask(SIG_SETMASK, 0, NULL), 0);
    DEFAULT(SIGUSR1);
    EXPECT_EQ(handler_tid, worker_tid);
    EXPECT_EQ(worker_result, -EINTR);
}

/* ---- SIGCHLD ----------------------------------------------------------------------- */

static int exit_soon(void *arg)
{
    (void)arg;
    sys_sleep(10 * MS);
    return 3;
}

TEST(USIG0019, "SIGCHLD is ignored by default: a child's exit interrupts nothing")
{
    long pid = EXPECT_OK(kt_fork(exit_soon, NULL));
    EXPECT_EQ(sys_sleep(100 * MS), 0); /* the child exits meanwhile */
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(3));
}

TEST(USIG0020, "with a SIGCHLD handler, a child's exit runs it")
{
    reset_record();
    INSTALL(SIGCHLD, record, 0, 0);
    long pid = kt_fork(exit_soon, NULL);
    long r = 0;
    if (pid > 0) {
        uint64_t end = rt_now_ns() + 3000 * MS;
        while (got_count == 0 && rt_now_ns() < end)
            r = sys_sleep(50 * MS);
    }
    DEFAULT(SIGCHLD);
    EXPECT_OK(pid);
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(got_count, 1);
    EXPECT_EQ(got_sig, SIGCHLD);
    EXPECT_EQ(r, -EINTR); /* the sleep it arrived in was cut short */
}

/* ---- fault handlers ---------------------------------------------------------------- */

static volatile uintptr_t hole;
static volatile int segv_count;

static void map_the_hole(int sig)
{
    if (sig == SIGSEGV)
        segv_count++;
    sys_mmap_anon((long)hole, PAGE_SIZE, RW, MAP_FIXED_ADDR);
}

TEST(USIG0021, "a SIGSEGV handler that maps the missing page: the access is retried and works")
{
    long a = EXPECT_OK(sys_mmap_anon(0, PAGE_SIZE, RW, 0));
    EXPECT_EQ(sys_munmap(a, PAGE_SIZE), 0);
    hole = (uintptr_t)a;
    segv_count = 0;
    INSTALL(SIGSEGV, map_the_hole, 0, 0);
    *(volatile long *)(hole + 64) = 0x600D; /* faults once; the handler maps; retried */
    long v = *(volatile long *)(hole + 64);
    long z = *(volatile long *)(hole + 128);
    DEFAULT(SIGSEGV);
    EXPECT_EQ(segv_count, 1);
    EXPECT_EQ(v, 0x600D);
    EXPECT_EQ(z, 0);
    sys_munmap(a, PAGE_SIZE);
}

static volatile uint32_t fpe_divisor;
static volatile int fpe_sig;

static void fix_divisor(int sig)
{
    fpe_sig = sig;
    fpe_divisor = 7;
}

TEST(USIG0022, "a SIGFPE handler that fixes the divisor: the division is retried and works")
{
    fpe_divisor = 0;
    fpe_sig = 0;
    INSTALL(SIGFPE, fix_divisor, 0, 0);
    uint32_t q;
    __asm__ volatile("mov $700, %%eax\n xor %%edx, %%edx\n divl %1"
                     : "=&a"(q)
                     : "m"(fpe_divisor)
                     : "rdx", "memory");
    DEFAULT(SIGFPE);
    EXPECT_EQ(fpe_sig, SIGFPE);
    EXPECT_EQ(q, 100);
}

static void exit_with_sig(int sig)
{
    rt_exit(40 + sig);
}

static int ud2_with_handler(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGILL, exit_with_sig, 0, 0) != 0)
        return 1;
    __asm__ volatile("ud2");
    return 2;
}

TEST(USIG0023, "a SIGILL handler runs for an invalid opcode (it exits 40 + sig)")
{
    EXPECT_FORK(ud2_with_handler, NULL, RT_EXITED(40 + SIGILL));
}

static int blocked_fault(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGSEGV, exit_with_sig, 0, 0) != 0)
        return 1;
    rt_sigprocmask(SIG_BLOCK, RT_SIGBIT(SIGSEGV), NULL);
    rt_poke(0);
    return 2;
}

TEST(USIG0024, "a fault whose signal is blocked ends the process with that signal")
{
    EXPECT_FORK(blocked_fault, NULL, RT_KILLED(SIGSEGV));
}

static void fault_again(int sig)
{
    (void)sig;
    rt_poke(8); /* SIGSEGV is blocked in its own handler */
}

static int fault_in_handler(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGSEGV, fault_again, 0, 0) != 0)
        return 1;
    rt_poke(0);
    return 2;
}

TEST(USIG0025, "a fault inside the SIGSEGV handler ends the process with SIGSEGV")
{
    EXPECT_FORK(fault_in_handler, NULL, RT_KILLED(SIGSEGV));
}

/* ---- handler frames that do not fit ------------------------------------------------------ */

/* kt_kill_on_stack(pid, rsp): sends SIGUSR1 to pid with rsp switched to
 * `rsp` during the call, so the handler frame must go there. Returns 0 if
 * the process lives on. */
long kt_kill_on_stack(long pid, uintptr_t rsp);
__asm__(".text\n.globl kt_kill_on_stack\nkt_kill_on_stack:\n"
        "  push %rbx\n"
        "  mov %rsp, %rbx\n"
        "  mov %rsi, %rsp\n"
        "  mov $10, %esi\n" /* SIGUSR1 */
        "  mov $7, %eax\n"  /* SYS_kill */
        "  syscall\n"
        "  mov %rbx, %rsp\n"
        "  pop %rbx\n"
        "  ret\n");
_Static_assert(SYS_kill == 7 && SIGUSR1 == 10, "kt_kill_on_stack's numbers");

static int tight_stack(void *arg)
{
    const char *how = arg;
    if (rt_sigaction(SIGUSR1, record, 0, 0) != 0)
        return 1;
    uintptr_t rsp;
    if (strcmp(how, "tiny") == 0) {
        /* One mapped page with nothing below: 256 bytes left, the frame needs more. */
        long a = sys_mmap_anon(0, 2 * PAGE_SIZE, RW, 0);
        if (a < 0 || sys_munmap(a, PAGE_SIZE) != 0)
            return 2;
        rsp = (uintptr_t)a + PAGE_SIZE + 256;
    } else if (strcmp(how, "kernel") == 0) {
        rsp = 0xFFFF800000200000UL; /* the kernel's direct map */
    } else {
        rsp = 0x0000000000100000UL; /* below user space */
    }
    kt_kill_on_stack(sys_getpid(), rsp);
    return 3; /* the handler frame was written somewhere */
}

TEST(USIG0026, "a handler frame that does not fit the stack ends the process with SIGSEGV")
{
    EXPECT_FORK(tight_stack, "tiny", RT_KILLED(SIGSEGV));
    EXPECT_FORK(tight_stack, "kernel", RT_KILLED(SIGSEGV));
    EXPECT_FORK(tight_stack, "low", RT_KILLED(SIGSEGV));
}

static volatile int never;

static int __attribute__((noinline)) recurse(int depth)
{
    volatile char pad[256];
    pad[0] = (char)depth;
    if (never)
        return 0;
    return recurse(depth + 1) + pad[0];
}

static int overflow_with_handler(void *arg)
{
    (void)arg;
    if (rt_sigaction(SIGSEGV, record, 0, 0) != 0)
        return 1;
    recurse(0);
    return 2;
}

TEST(USIG0027, "a stack overflow with a SIGSEGV handler (no room for its frame): SIGSEGV")
{
    EXPECT_FORK(overflow_with_handler, NULL, RT_KILLED(SIGSEGV));
}

/* ---- forged sigreturn frames ---------------------------------------------------- */

/* kt_raise_usr1(pid): kill(pid, SIGUSR1); the signal arrives on the way back,
 * so the handler's saved rip is kt_raise_resume. */
void kt_raise_usr1(long pid);
extern const char kt_raise_resume[];
__asm__(".text\n.globl kt_raise_usr1\n.globl kt_raise_resume\nkt_raise_usr1:\n"
        "  mov $10, %esi\n"
        "  mov $7, %eax\n"
        "  syscall\n"
        "kt_raise_resume:\n"
        "  ret\n");

static const char *forge_mode;

static uint16_t read_cs(void)
{
    uint16_t v;
    __asm__ volatile("mov %%cs, %0" : "=r"(v));
    return v;
}

static uint16_t read_ss(void)
{
    uint16_t v;
    __asm__ volatile("mov %%ss, %0" : "=r"(v));
    return v;
}

static uint64_t read_rflags(void)
{
    uint64_t v;
    __asm__ volatile("pushfq\n popq %0" : "=r"(v));
    return v;
}

/* Finds the saved user state {rip, cs, rflags, rsp, ss} above the handler's
 * own frame (the layout the CPU pushes) and rewrites it as the mode says. */
static void forge(int sig)
{
    (void)sig;
    uint64_t *p = __builtin_frame_address(0);
    uint64_t cs = read_cs(), ss = read_ss();
    for (int i = 0; i < 512; i++, p++) {
        if (p[0] != (uintptr_t)kt_raise_resume || p[1] != cs || p[4] != ss)
            continue;
        mb->word = 1; /* found */
        if (strcmp(forge_mode, "cs") == 0) {
            p[1] = 0x08; /* kernel code, ring 0 */
            p[4] = 0x10; /* kernel data */
        } else if (strcmp(forge_mode, "rflags") == 0) {
            p[2] = (p[2] | 0x3000 | 0x4000) & ~0x200ULL; /* IOPL 3, NT, IF clear */
        } else if (strcmp(forge_mode, "rip-kernel") == 0) {
            p[0] = 0xFFFFFFFF80100000ULL;
        } else if (strcmp(forge_mode, "rip-noncanonical") == 0) {
            p[0] = 0x0000800000000000ULL;
        } else if (strcmp(forge_mode, "rip-kernel-cs") == 0) {
            p[0] = 0xFFFFFFFF80100000ULL;
            p[1] = 0x08;
        } else if (strcmp(forge_mode, "rsp-kernel") == 0) {
            p[3] = 0xFFFF800000100000ULL;
        }
        return;
    }
}

static int forged(void *arg)
{
    forge_mode = arg;
    mb->word = 0;
    if (rt_sigaction(SIGUSR1, forge, 0, 0) != 0)
        return 1;
    kt_raise_usr1(sys_getpid());
    if (mb->word == 0)
        return 50; /* the saved state was not found: nothing was forged */
    if ((read_cs() & 3) != 3 || (read_ss() & 3) != 3)
        return 2; /* running in ring 0 (never reached if so) */
    uint64_t fl = read_rflags();
    if (fl & 0x3000)
        return 3; /* IOPL raised */
    if (!(fl & 0x200))
        return 4; /* interrupts off in user mode */
    return 0;
}

static void expect_forged(const char *mode, bool may_continue)
{
    int st = -1;
    long r = kt_fork_wait(forged, (void *)mode, &st);
    if (r < 0) {
        char b[32];
        KT_FAIL("fork = %s", rt_fmt_result(b, sizeof b, r));
        return;
    }
    if (st == RT_KILLED(SIGSEGV) || (may_continue && st == RT_EXITED(0)))
        return;
    char s[48];
    KT_FAIL("forged '%s': child ended with %s (50: saved state not found; 2: ring 0, 3: IOPL, "
            "4: IF clear)",
            mode, rt_fmt_status(s, sizeof s, st));
}

TEST(USIG0028, "a sigreturn frame forged with kernel cs/ss resumes in user mode or dies")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("cs", true);
}

TEST(USIG0029, "a sigreturn frame forged with IOPL 3, NT and IF clear gets sane flags")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("rflags", true);
}

TEST(USIG0030, "a sigreturn frame forged with a kernel or non-canonical rip: SIGSEGV")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("rip-kernel", false);
    KT_RETURN_IF_FAILED();
    expect_forged("rip-noncanonical", false);
    KT_RETURN_IF_FAILED();
    expect_forged("rip-kernel-cs", false);
}

TEST(USIG0031, "a sigreturn frame forged with a kernel rsp: SIGSEGV, the kernel lives on")
{
    CHECK(mailbox() != NULL, "no mailbox");
    expect_forged("rsp-kernel", false);
}

static int sigreturn_no_frame(void *arg)
{
    (void)arg;
    __asm__ volatile("mov %%rsp, %%rbx\n"
                     "movabs $0xFFFF800000100000, %%rsp\n"
                     "mov $26, %%eax\n"
                     "syscall\n"
                     "mov %%rbx, %%rsp"
                     :
                     :
                     : "rax", "rbx", "rcx", "r11", "memory");
    return 1;
}

TEST(USIG0032, "sigreturn with no readable frame (rsp in the kernel) ends with SIGSEGV")
{
    EXPECT_FORK(sigreturn_no_frame, NULL, RT_KILLED(SIGSEGV));
}

/* A syscall instruction in the last two bytes of user space: the address after
 * it, where the kernel returns, is 0x800000000000 (non-canonical). sysret
 * would fault in ring 0 there, iretq faults too: the process must end with
 * SIGSEGV and the kernel must live on. */
TEST(USIG0034, "the last page below 2^47 is never user memory, so no return rip is non-canonical")
{
    /* A syscall in the last two bytes of that page would return to 2^47, a
     * non-canonical rip that faults in ring 0 on real hardware. */
    const long page = 0x00007FFFFFFFF000L;
    EXPECT_EQ(sys_mmap_anon(page, PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(sys_mmap_anon(page - PAGE_SIZE, 2 * PAGE_SIZE, RW, MAP_FIXED_ADDR), -ENOMEM);
    EXPECT_EQ(USER_SPACE_TOP, (uint64_t)page);
}

TEST(USIG0033, "sigaction reports the old action: handler, flags, restorer and mask")
{
    INSTALL(SIGUSR2, record, SA_NODEFER, RT_SIGBIT(SIGHUP));
    struct cobalt_sigaction old;
    memset(&old, 0, sizeof old);
    struct cobalt_sigaction dfl = {COBALT_SIG_DFL, 0, 0, 0};
    EXPECT_EQ(sys_sigaction(SIGUSR2, (long)&dfl, (long)&old), 0);
    EXPECT_EQ(old.handler, (uintptr_t)record);
    EXPECT_EQ(old.flags, SA_NODEFER | SA_RESTORER);
    EXPECT_EQ(old.restorer, (uintptr_t)rt_sigrestorer);
    EXPECT_EQ(old.mask, RT_SIGBIT(SIGHUP));
    EXPECT_EQ(sys_sigaction(SIGUSR2, 0, (long)&old), 0);
    EXPECT_EQ(old.handler, COBALT_SIG_DFL);
}

KT_MAIN(NULL)
