/* System calls about memory: mmap_anon and munmap. */
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "syscall.h"
#include "thread.h"
#include "usercopy.h"
#include "vm.h"

static struct vm_space *my_vm(void)
{
    return current_thread()->proc->vm;
}

long sys_mmap_anon(const struct syscall_args *args)
{
    uint64_t addr = args->a[0], len = args->a[1], prot = args->a[2], flags = args->a[3];
    /* Rule: known bits only; never writable and executable at once. */
    if (len == 0 || prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC) ||
        ((prot & PROT_WRITE) && (prot & PROT_EXEC)) || flags & ~(uint64_t)MAP_FIXED_ADDR)
        return -EINVAL;
    if (len > USER_SPACE_TOP)
        return -ENOMEM;
    uint64_t size = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    uint32_t vprot = (uint32_t)prot; /* PROT_* equal VM_* */
    if (flags & MAP_FIXED_ADDR) {
        if (addr & (PAGE_SIZE - 1))
            return -EINVAL;
        if (!user_range_ok(addr, size))
            return -ENOMEM; /* as POSIX: no room for the mapping there */
        int err = vm_add_region(my_vm(), addr, size, vprot);
        return err ? err : (long)addr;
    }
    uint64_t at = vm_find_free(my_vm(), size);
    if (!at)
        return -ENOMEM;
    int err = vm_add_region(my_vm(), at, size, vprot);
    return err ? err : (long)at;
}

long sys_munmap(const struct syscall_args *args)
{
    uint64_t addr = args->a[0], len = args->a[1];
    if (len == 0 || addr & (PAGE_SIZE - 1) || len > USER_SPACE_TOP)
        return -EINVAL;
    uint64_t size = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (!user_range_ok(addr, size))
        return -EINVAL;
    vm_remove_range(my_vm(), addr, size);
    return 0;
}

long sys_mprotect(const struct syscall_args *args)
{
    uint64_t addr = args->a[0], len = args->a[1], prot = args->a[2];
    if (len == 0 || addr & (PAGE_SIZE - 1) || len > USER_SPACE_TOP ||
        prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC) ||
        ((prot & PROT_WRITE) && (prot & PROT_EXEC)))
        return -EINVAL;
    uint64_t size = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (!user_range_ok(addr, size))
        return -ENOMEM;
    return vm_protect(my_vm(), addr, size, (uint32_t)prot);
}
