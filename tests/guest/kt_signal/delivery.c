/* kt_signal, delivery: a handler runs with the signal number; sigreturn restores
 * every register and the SysV entry state (USIG0001-0004). */
#include "sig.h"

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
