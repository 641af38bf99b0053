/* User address spaces: regions, demand-zero paging, copy-on-write breaks,
 * and writing into a space that is not the current one (for loading).
 *
 * Locking: under the big kernel lock (docs/kernel.md). */
#include "vm.h"

#include "cobalt/errno.h"
#include "kheap.h"
#include "kstring.h"
#include "paging.h"
#include "pmm.h"
#include "shm.h"

static void free_region(struct vm_space *vm, struct vm_region *r)
{
    vm->region_count--;
    if (r->shm)
        kobj_unref(&r->shm->obj);
    kfree(r);
}

struct vm_space *vm_create(void)
{
    struct vm_space *vm = kzalloc(sizeof *vm);
    if (!vm)
        return 0;
    vm->root = paging_new_root();
    if (!vm->root) {
        kfree(vm);
        return 0;
    }
    return vm;
}

void vm_destroy(struct vm_space *vm)
{
    if (!vm)
        return;
    struct vm_region *r = vm->regions;
    while (r) {
        struct vm_region *next = r->next;
        free_region(vm, r);
        r = next;
    }
    paging_free_root(vm->root);
    kfree(vm);
}

struct vm_region *vm_find_region(struct vm_space *vm, uint64_t addr)
{
    for (struct vm_region *r = vm->regions; r && r->start <= addr; r = r->next) {
        if (addr < r->end)
            return r;
    }
    return 0;
}

int vm_add_special(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot,
                   enum vm_kind kind, struct shm *shm, uint64_t first)
{
    uint64_t end = start + len;
    /* Rule: page-aligned, non-empty, inside user space, no wrap-around. */
    if (len == 0 || (start | len) & (PAGE_SIZE - 1) || end < start || start < USER_BASE ||
        end > USER_TOP)
        return -EINVAL;
    struct vm_region **pp = &vm->regions;
    while (*pp && (*pp)->end <= start)
        pp = &(*pp)->next;
    if (*pp && (*pp)->start < end)
        return -EEXIST;
    /* Rule: a bounded number of regions per address space (kernel memory is finite). */
    if (vm->region_count >= VM_REGIONS_MAX)
        return -ENOMEM;
    struct vm_region *r = kzalloc(sizeof *r);
    if (!r)
        return -ENOMEM;
    *r = (struct vm_region){start, end, prot, VM_READ | VM_WRITE | VM_EXEC, kind, shm, first, *pp};
    vm->region_count++;
    if (shm)
        kobj_ref(&shm->obj);
    *pp = r;
    return 0;
}

int vm_add_region(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot)
{
    return vm_add_special(vm, start, len, prot, VM_ANON, 0, 0);
}

uint64_t vm_find_free(struct vm_space *vm, uint64_t len)
{
    uint64_t at = VM_MMAP_BASE;
    for (struct vm_region *r = vm->regions; r; r = r->next) {
        if (r->end <= at)
            continue;
        if (r->start >= at + len)
            break;
        at = r->end;
    }
    return at + len <= VM_STACK_TOP - VM_STACK_SIZE ? at : 0;
}

/* Calls fn for every present leaf entry of [start, end), table by table. */
static void for_each_entry(uint64_t root, uint64_t start, uint64_t end,
                           void (*fn)(uint64_t *entry, uint64_t va, void *ctx), void *ctx)
{
    uint64_t va = start;
    while (va < end) {
        uint64_t next;
        uint64_t *pt = paging_leaf_table(root, va, &next);
        uint64_t stop = next < end ? next : end;
        for (; pt && va < stop; va += PAGE_SIZE) {
            uint64_t *e = &pt[(va >> 12) & 0x1FF];
            if (*e & PTE_PRESENT)
                fn(e, va, ctx);
        }
        va = stop;
    }
}

static void drop_entry(uint64_t *e, uint64_t va, void *ctx)
{
    (void)va, (void)ctx;
    uint64_t old = *e;
    *e = 0;
    if (!(old & PTE_NOREF))
        pmm_unref(old & PTE_ADDR);
}

static void drop_pages(struct vm_space *vm, uint64_t start, uint64_t end)
{
    for_each_entry(vm->root, start, end, drop_entry, 0);
    paging_flush_all(vm->root);
}

/* The region's first_page as it would be if the region began at new_start. */
static uint64_t shifted(const struct vm_region *r, uint64_t new_start)
{
    if (r->kind == VM_SHM)
        return r->first_page + (new_start - r->start) / PAGE_SIZE;
    if (r->kind == VM_MMIO || r->kind == VM_PHYS)
        return r->first_page + (new_start - r->start);
    return 0;
}

void vm_remove_range(struct vm_space *vm, uint64_t start, uint64_t len)
{
    uint64_t end = start + len;
    struct vm_region **pp = &vm->regions;
    while (*pp) {
        struct vm_region *r = *pp;
        if (r->end <= start || r->start >= end) {
            pp = &r->next;
            continue;
        }
        uint64_t cut0 = r->start > start ? r->start : start;
        uint64_t cut1 = r->end < end ? r->end : end;
        drop_pages(vm, cut0, cut1);
        if (cut0 > r->start && cut1 < r->end) {
            /* The hole is inside: split into two regions. */
            struct vm_region *tail = vm->region_count < VM_REGIONS_MAX ? kzalloc(sizeof *tail) : 0;
            if (tail) {
                vm->region_count++;
                *tail = *r;
                tail->start = cut1;
                tail->first_page = shifted(r, cut1);
                if (tail->shm)
                    kobj_ref(&tail->shm->obj);
                r->end = cut0;
                r->next = tail;
                pp = &tail->next;
                continue;
            }
            /* No memory for the split: keep the region; its pages are gone
             * and will come back zeroed on touch, which is still safe. */
            pp = &r->next;
        } else if (cut0 > r->start) {
            r->end = cut0;
            pp = &r->next;
        } else if (cut1 < r->end) {
            r->first_page = shifted(r, cut1);
            r->start = cut1;
            pp = &r->next;
        } else {
            *pp = r->next;
            free_region(vm, r);
        }
    }
}

static uint64_t pte_flags(uint32_t prot)
{
    /* A mapping with no access keeps its frames but is not user-accessible. */
    uint64_t f = (prot & (VM_READ | VM_WRITE | VM_EXEC)) ? PTE_USER : 0;
    if (prot & VM_WRITE)
        f |= PTE_WRITE;
    if (!(prot & VM_EXEC))
        f |= PTE_NX;
    return f;
}

/* Maps va to a frame the allocator does not manage (device memory, the boot
 * image): never reference-counted, so no unmap, fork or exit frees it. */
static bool map_fixed(struct vm_space *vm, uint64_t va, uint64_t phys, uint64_t flags,
                      bool uncached)
{
    uint64_t cache = uncached ? PTE_PCD | PTE_PWT : 0;
    return paging_map(vm->root, va, phys, flags | PTE_NOREF | cache) == 0;
}

/* Maps va according to its region's kind; false on exhaustion. */
static bool populate(struct vm_space *vm, struct vm_region *r, uint64_t va)
{
    uint64_t flags = pte_flags(r->prot);
    uint64_t page;
    if (r->kind == VM_MMIO || r->kind == VM_PHYS)
        return map_fixed(vm, va, r->first_page + (va - r->start), flags, r->kind == VM_MMIO);
    if (r->kind == VM_SHM) {
        page = shm_frame(r->shm, r->first_page + (va - r->start) / PAGE_SIZE);
        /* Device memory is mapped as mmio_map maps it: uncached, not counted. */
        if (page && r->shm->device)
            return map_fixed(vm, va, page, flags, true);
        if (!page || !pmm_ref(page))
            return false;
    } else {
        page = pmm_alloc();
        if (!page)
            return false;
    }
    if (paging_map(vm->root, va, page, flags) != 0) {
        pmm_unref(page);
        return false;
    }
    return true;
}

static bool break_cow(struct vm_space *vm, struct vm_region *r, uint64_t va, uint64_t e)
{
    uint64_t old = e & PTE_ADDR;
    uint64_t flags = pte_flags(r->prot);
    if (pmm_refcount(old) == 1)
        return paging_update(vm->root, va, old | PTE_PRESENT | flags);
    uint64_t page = pmm_alloc();
    if (!page)
        return false;
    memcpy(phys_to_virt(page), phys_to_virt(old), PAGE_SIZE);
    paging_update(vm->root, va, page | PTE_PRESENT | flags);
    pmm_unref(old);
    return true;
}

bool vm_handle_fault(struct vm_space *vm, uint64_t addr, bool write, bool exec)
{
    struct vm_region *r = vm_find_region(vm, addr);
    if (!r)
        return false;
    /* Rule: the access must be allowed by the region's protection. */
    if ((write && !(r->prot & VM_WRITE)) || (exec && !(r->prot & VM_EXEC)) ||
        !(r->prot & (VM_READ | VM_WRITE | VM_EXEC)))
        return false;
    uint64_t va = addr & ~(PAGE_SIZE - 1);
    uint64_t e = paging_query(vm->root, va);
    if (!e)
        return populate(vm, r, va);
    if (write && (e & PTE_COW))
        return break_cow(vm, r, va, e);
    return false; /* present and still faulting: a real protection violation */
}

bool vm_write(struct vm_space *vm, uint64_t va, const void *src, size_t len)
{
    const uint8_t *s = src;
    while (len) {
        uint64_t page_va = va & ~(PAGE_SIZE - 1);
        uint64_t e = paging_query(vm->root, page_va);
        if (!e) {
            struct vm_region *r = vm_find_region(vm, page_va);
            if (!r || !populate(vm, r, page_va))
                return false;
            e = paging_query(vm->root, page_va);
        }
        uint64_t off = va - page_va;
        size_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
        memcpy((uint8_t *)phys_to_virt(e & PTE_ADDR) + off, s, n);
        va += n;
        s += n;
        len -= n;
    }
    return true;
}

struct clone_ctx {
    const struct vm_region *r;
    struct vm_space *child;
    bool failed;
};

static void clone_entry(uint64_t *e, uint64_t va, void *arg)
{
    struct clone_ctx *c = arg;
    if (c->failed)
        return;
    /* Every private page is shared copy-on-write, writable now or not: a later
     * mprotect must never hand either process write access to the shared frame. */
    if (c->r->kind == VM_ANON)
        *e = (*e & ~PTE_WRITE) | PTE_COW;
    uint64_t v = *e;
    if (!(v & PTE_NOREF) && !pmm_ref(v & PTE_ADDR)) {
        c->failed = true;
        return;
    }
    if (paging_map(c->child->root, va, v & PTE_ADDR, v & ~PTE_ADDR & ~PTE_PRESENT) != 0) {
        if (!(v & PTE_NOREF))
            pmm_unref(v & PTE_ADDR);
        c->failed = true;
    }
}

/* Copies one region's mappings into the child; anonymous pages become
 * copy-on-write in both spaces. */
static bool clone_pages(struct vm_space *parent, struct vm_space *child, const struct vm_region *r)
{
    struct clone_ctx c = {r, child, false};
    for_each_entry(parent->root, r->start, r->end, clone_entry, &c);
    return !c.failed;
}

struct vm_space *vm_clone(struct vm_space *vm)
{
    struct vm_space *child = vm_create();
    if (!child)
        return 0;
    bool ok = true;
    for (struct vm_region *r = vm->regions; r && ok; r = r->next) {
        /* mmio_map ranges stay with the driver that claimed them (not its children);
         * a device-memory shm object is shared memory, shared like any other. */
        if (r->kind == VM_MMIO)
            continue;
        ok = vm_add_special(child, r->start, r->end - r->start, r->prot, r->kind, r->shm,
                            r->first_page) == 0;
        if (ok) {
            vm_find_region(child, r->start)->max_prot = r->max_prot;
            ok = clone_pages(vm, child, r);
        }
    }
    paging_flush_all(vm->root); /* the parent's pages just lost their write bit */
    if (!ok) {
        vm_destroy(child);
        return 0;
    }
    return child;
}

/* The kernel address of user address va in vm, resolving the fault an
 * access of this kind would take; NULL when the access is not allowed. */
static uint8_t *resolve(struct vm_space *vm, uint64_t va, bool write)
{
    if (va < USER_BASE || va >= USER_TOP)
        return 0;
    uint64_t page_va = va & ~(PAGE_SIZE - 1);
    uint64_t e = paging_query(vm->root, page_va);
    bool usable = e && (e & PTE_USER) && (!write || (e & PTE_WRITE));
    if (!usable) {
        if (!vm_handle_fault(vm, va, write, false))
            return 0;
        e = paging_query(vm->root, page_va);
        if (!e || (write && !(e & PTE_WRITE)))
            return 0;
    }
    /* Rule: the kernel reaches a frame only through the direct map, whose
     * mapping is cached: device memory (mapped uncached for the user: mmio_map,
     * device shared memory) is never an IPC buffer, wherever it lies
     * (-EFAULT); the boot image (uncounted but cached) still is. */
    if ((e & PTE_ADDR) >= DIRECT_MAP_SIZE || (e & PTE_PCD))
        return 0;
    return (uint8_t *)phys_to_virt(e & PTE_ADDR) + (va - page_va);
}

static int copy_across(struct vm_space *vm, uint64_t uaddr, uint8_t *kbuf, size_t len, bool to_user)
{
    if (uaddr + len < uaddr)
        return -EFAULT;
    while (len) {
        uint8_t *p = resolve(vm, uaddr, to_user);
        if (!p)
            return -EFAULT;
        size_t n = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
        if (n > len)
            n = len;
        if (to_user)
            memcpy(p, kbuf, n);
        else
            memcpy(kbuf, p, n);
        uaddr += n;
        kbuf += n;
        len -= n;
    }
    return 0;
}

int vm_copy_in(struct vm_space *vm, void *dst, uint64_t src, size_t len)
{
    return copy_across(vm, src, dst, len, false);
}

int vm_copy_out(struct vm_space *vm, uint64_t dst, const void *src, size_t len)
{
    return copy_across(vm, dst, (uint8_t *)src, len, true);
}

int vm_copy_between(struct vm_space *from, uint64_t src, struct vm_space *to, uint64_t dst,
                    size_t len)
{
    if (src + len < src || dst + len < dst)
        return -EFAULT;
    while (len) {
        /* The destination first: a write fault there (copy-on-write) may
         * change its frame, while resolving the source changes no present
         * page of either space. */
        uint8_t *d = resolve(to, dst, true);
        uint8_t *s = d ? resolve(from, src, false) : 0;
        if (!s)
            return -EFAULT;
        size_t n = PAGE_SIZE - (dst & (PAGE_SIZE - 1));
        size_t in_src = PAGE_SIZE - (src & (PAGE_SIZE - 1));
        if (n > in_src)
            n = in_src;
        if (n > len)
            n = len;
        if (d < s + n && s < d + n)
            memmove(d, s, n); /* one space, overlapping ranges */
        else
            memcpy(d, s, n);
        src += n;
        dst += n;
        len -= n;
    }
    return 0;
}

/* Splits the region containing addr so that a region starts exactly at addr;
 * false on exhaustion. */
static bool split_at(struct vm_space *vm, uint64_t addr)
{
    struct vm_region *r = vm_find_region(vm, addr);
    if (!r || r->start == addr)
        return true;
    struct vm_region *tail = vm->region_count < VM_REGIONS_MAX ? kzalloc(sizeof *tail) : 0;
    if (!tail)
        return false;
    vm->region_count++;
    *tail = *r;
    tail->start = addr;
    tail->first_page = shifted(r, addr);
    if (tail->shm)
        kobj_ref(&tail->shm->obj);
    r->end = addr;
    r->next = tail;
    return true;
}

struct protect_ctx {
    const struct vm_region *r;
};

static void protect_entry(uint64_t *e, uint64_t va, void *arg)
{
    (void)va;
    const struct vm_region *r = ((struct protect_ctx *)arg)->r;
    uint64_t flags = pte_flags(r->prot);
    /* A copy-on-write page stays read-only until its first write copies it. */
    if (*e & PTE_COW)
        flags &= ~PTE_WRITE;
    *e = (*e & (PTE_ADDR | PTE_COW | PTE_NOREF | PTE_PCD | PTE_PWT)) | PTE_PRESENT | flags;
    if (!paging_nx_enabled())
        *e &= ~PTE_NX;
}

int vm_protect(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot)
{
    uint64_t end = start + len;
    /* Rule: every page of the range is mapped (as POSIX: ENOMEM otherwise). */
    uint64_t at = start;
    for (struct vm_region *r = vm->regions; r && at < end; r = r->next) {
        if (r->end <= at)
            continue;
        if (r->start > at)
            break;
        at = r->end;
    }
    if (at < end)
        return -ENOMEM;
    for (struct vm_region *r = vm->regions; r && r->start < end; r = r->next) {
        if (r->end > start && (prot & ~r->max_prot))
            return -EACCES;
    }
    if (!split_at(vm, start) || !split_at(vm, end))
        return -ENOMEM;
    for (struct vm_region *r = vm->regions; r && r->start < end; r = r->next) {
        if (r->end <= start)
            continue;
        r->prot = prot;
        struct protect_ctx c = {r};
        for_each_entry(vm->root, r->start, r->end, protect_entry, &c);
    }
    paging_flush_all(vm->root);
    return 0;
}
