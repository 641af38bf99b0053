/* System calls on handles and shared memory: handle_close, handle_dup,
 * shm_create, shm_map, shm_unmap. */
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "handle.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "shm.h"
#include "syscall.h"
#include "thread.h"
#include "vm.h"

static struct process *self(void)
{
    return current_thread()->proc;
}

long sys_handle_close(const struct syscall_args *args)
{
    return handle_close(self()->handles, (int64_t)args->a[0]);
}

long sys_handle_dup(const struct syscall_args *args)
{
    int64_t h = (int64_t)args->a[0];
    uint64_t rights = args->a[1];
    struct handle_table *t = self()->handles;
    if (h < 0 || h >= HANDLES_MAX || !t->slot[h].obj)
        return -EBADF;
    if (rights == HANDLE_RIGHTS_SAME)
        rights = t->slot[h].rights;
    /* Rule: a duplicate never has more rights than the original. */
    if (rights & ~(uint64_t)t->slot[h].rights)
        return -EPERM;
    return handle_install(t, t->slot[h].obj, (uint32_t)rights);
}

long sys_handle_dup_to(const struct syscall_args *args)
{
    int64_t h = (int64_t)args->a[0], target = (int64_t)args->a[1];
    uint64_t rights = args->a[2];
    struct handle_table *t = self()->handles;
    if (h < 0 || h >= HANDLES_MAX || !t->slot[h].obj || target < 0 || target >= HANDLES_MAX)
        return -EBADF;
    if (rights == HANDLE_RIGHTS_SAME)
        rights = t->slot[h].rights;
    if (rights & ~(uint64_t)t->slot[h].rights)
        return -EPERM;
    if (h == target)
        return target;
    /* As dup2: whatever target named is closed first; the object is referenced
     * before that close, so closing target cannot free it under us. */
    struct kobj *o = t->slot[h].obj;
    kobj_ref(o);
    if (t->slot[target].obj)
        handle_close(t, target);
    t->slot[target] = (struct handle){o, (uint32_t)rights};
    return target;
}

long sys_shm_create(const struct syscall_args *args)
{
    uint64_t size = args->a[0];
    if (size == 0 || size > SHM_MAX_BYTES)
        return -EINVAL;
    struct shm *s = shm_create(size);
    if (!s)
        return -ENOMEM;
    int h = handle_install(self()->handles, &s->obj, RIGHTS_ALL);
    kobj_unref(&s->obj);
    return h;
}

long sys_shm_map(const struct syscall_args *args)
{
    uint64_t addr = args->a[1], prot = args->a[2];
    if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE) || prot == 0 || addr & (PAGE_SIZE - 1))
        return -EINVAL;
    struct kobj *o;
    uint32_t need = RIGHT_MAP | ((prot & PROT_WRITE) ? RIGHT_WRITE : 0);
    int err = handle_get(self()->handles, (int64_t)args->a[0], KOBJ_SHM, need, &o);
    if (err)
        return err;
    struct shm *s = (struct shm *)o;
    uint64_t size = s->pages * PAGE_SIZE;
    uint64_t at = addr ? addr : vm_find_free(self()->vm, size);
    if (!at)
        return -ENOMEM;
    err = vm_add_special(self()->vm, at, size, (uint32_t)prot, VM_SHM, s, 0);
    if (err)
        return err;
    /* Without the write right, mprotect can never make this mapping writable. */
    uint32_t rights = self()->handles->slot[(int64_t)args->a[0]].rights;
    vm_find_region(self()->vm, at)->max_prot =
        (rights & RIGHT_WRITE) ? VM_READ | VM_WRITE : VM_READ;
    return (long)at;
}

long sys_shm_unmap(const struct syscall_args *args)
{
    uint64_t addr = args->a[0];
    struct vm_region *r = vm_find_region(self()->vm, addr);
    /* Rule: addr is the start of a shared-memory mapping. */
    if (!r || r->start != addr || r->kind != VM_SHM)
        return -EINVAL;
    vm_remove_range(self()->vm, r->start, r->end - r->start);
    return 0;
}
