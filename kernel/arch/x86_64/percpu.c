/* The boot CPU's per-CPU block, syscall/sysret MSR set-up, and the kernel
 * stack used on entry from user mode (TSS rsp0 and the syscall path). */
#include "percpu.h"

#include "gdt.h"
#include "msr.h"

struct percpu cpu0;

extern void syscall_entry(void);

/* RFLAGS bits cleared on syscall entry: TF, IF, DF, AC. */
#define SYSCALL_FMASK ((1u << 8) | (1u << 9) | (1u << 10) | (1u << 18))

void percpu_init(void)
{
    cpu0.self = &cpu0;
    wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* STAR: syscall loads CS=0x08/SS=0x10; sysret bases user selectors on 0x10. */
    wrmsr(MSR_STAR, ((uint64_t)(SEL_USER_DATA - 8) << 48) | ((uint64_t)SEL_KERNEL_CODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, SYSCALL_FMASK);
}

void percpu_set_kernel_stack(uint64_t top)
{
    cpu0.kernel_rsp = top;
    gdt_set_kernel_stack(top);
}
