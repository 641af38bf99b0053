/* User memory access. Every copy checks the range against user space first,
 * then runs usercopy_raw, whose faults the page-fault handler either
 * resolves (demand zero, copy-on-write) or turns into -EFAULT. */
#include "usercopy.h"

#include "cobalt/errno.h"
#include "paging.h"
#include "pmm.h"
#include "percpu.h"
#include "process.h"
#include "thread.h"
#include "trap.h"
#include "vm.h"

extern int usercopy_raw(void *dst, const void *src, size_t n);
extern char usercopy_begin[], usercopy_end[], usercopy_fault[];

bool user_range_ok(uint64_t addr, uint64_t len)
{
    return addr >= USER_BASE && addr + len >= addr && addr + len <= USER_TOP;
}

/* Makes every page of [addr, addr+len) accessible to the current process as
 * the user could access it (demand-zero and copy-on-write resolved) before
 * anything is copied: the kernel sees pages the user may not (no SMAP), and
 * a write that fails must have changed nothing. */
static int prepare(uint64_t addr, size_t len, bool write)
{
    struct vm_space *vm = current_thread()->proc->vm;
    for (uint64_t va = addr & ~(PAGE_SIZE - 1); va < addr + len; va += PAGE_SIZE) {
        uint64_t e = paging_query(vm->root, va);
        bool usable = (e & PTE_PRESENT) && (e & PTE_USER) && (!write || (e & PTE_WRITE));
        if (!usable && !vm_handle_fault(vm, va < addr ? addr : va, write, false))
            return -EFAULT;
    }
    return 0;
}

int copy_from_user(void *dst, uint64_t src, size_t len)
{
    if (!user_range_ok(src, len))
        return -EFAULT;
    if (!len)
        return 0;
    int err = prepare(src, len, false);
    return err ? err : usercopy_raw(dst, (const void *)src, len);
}

int copy_to_user(uint64_t dst, const void *src, size_t len)
{
    if (!user_range_ok(dst, len))
        return -EFAULT;
    if (!len)
        return 0;
    int err = prepare(dst, len, true);
    return err ? err : usercopy_raw((void *)dst, src, len);
}

long copy_string_from_user(char *dst, uint64_t src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        int err = copy_from_user(&dst[i], src + i, 1);
        if (err)
            return err;
        if (dst[i] == '\0')
            return (long)i;
    }
    return -ENAMETOOLONG;
}

bool usercopy_fixup(struct trap_frame *f, uint64_t addr, bool write)
{
    if (f->rip < (uint64_t)usercopy_begin || f->rip >= (uint64_t)usercopy_end)
        return false;
    struct thread *t = current_thread();
    if (t->proc && t->proc->vm && addr >= USER_BASE && addr < USER_TOP &&
        vm_handle_fault(t->proc->vm, addr, write, false))
        return true; /* resolved: the copy resumes where it stopped */
    f->rip = (uint64_t)usercopy_fault;
    return true;
}
