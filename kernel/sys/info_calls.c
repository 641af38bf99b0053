/* System calls that describe the machine: sysinfo (framebuffer, options,
 * memory, processes) and bootfs_map (the boot image, read-only, for the
 * user-space initfs server). */
#include "bootinfo.h"
#include "cobalt/abi.h"
#include "cobalt/errno.h"
#include "initfs.h"
#include "kstring.h"
#include "options.h"
#include "percpu.h"
#include "pmm.h"
#include "process.h"
#include "syscall.h"
#include "sysinfo.h"
#include "thread.h"
#include "usercopy.h"
#include "vm.h"

static struct cobalt_fb_info fb_info;
static uint64_t bootfs_phys, bootfs_size;

void sysinfo_set_framebuffer(const struct fb_info *fb)
{
    fb_info = (struct cobalt_fb_info){fb->phys,    fb->width,     fb->height,   fb->pitch, fb->bpp,
                                      fb->red_pos, fb->green_pos, fb->blue_pos, 0};
}

void sysinfo_set_bootfs(uint64_t phys, uint64_t size)
{
    bootfs_phys = phys;
    bootfs_size = size;
}

static long put(uint64_t buf, uint64_t len, const void *src, uint64_t size)
{
    /* Rule: the caller's buffer takes the whole answer, or nothing is written. */
    if (len < size)
        return -ERANGE;
    int err = copy_to_user(buf, src, size);
    return err ? err : (long)size;
}

static long put_processes(uint64_t buf, uint64_t len)
{
    struct cobalt_proc_info info;
    uint64_t n = 0;
    for (int i = 0; i < PROCESS_MAX; i++) {
        struct process *p = process_slot(i);
        if (!p)
            continue;
        if ((n + 1) * sizeof info > len)
            return -ERANGE;
        memset(&info, 0, sizeof info);
        info.pid = p->pid;
        info.ppid = p->parent ? p->parent->pid : 0;
        info.state = p->state == PROCESS_ZOMBIE;
        info.threads = (uint32_t)p->thread_count;
        memcpy(info.name, p->name, sizeof info.name - 1);
        int err = copy_to_user(buf + n * sizeof info, &info, sizeof info);
        if (err)
            return err;
        n++;
    }
    return (long)(n * sizeof info);
}

long sys_sysinfo(const struct syscall_args *args)
{
    uint64_t what = args->a[0], buf = args->a[1], len = args->a[2];
    if (len && !user_range_ok(buf, len))
        return -EFAULT;
    switch (what) {
    case SYSINFO_FRAMEBUFFER:
        return put(buf, len, &fb_info, sizeof fb_info);
    case SYSINFO_OPTIONS: {
        const char *s = options_summary();
        return put(buf, len, s, strlen(s) + 1);
    }
    case SYSINFO_MEMORY: {
        struct cobalt_mem_info m = {PAGE_SIZE, pmm_total_pages(), pmm_free_pages()};
        return put(buf, len, &m, sizeof m);
    }
    case SYSINFO_PROCESSES:
        return put_processes(buf, len);
    default:
        return -EINVAL;
    }
}

long sys_bootfs_map(const struct syscall_args *args)
{
    (void)args;
    struct process *p = current_thread()->proc;
    if (!p->may_do_io)
        return -EPERM;
    if (!bootfs_size)
        return -ENOENT;
    uint64_t start = bootfs_phys & ~(PAGE_SIZE - 1);
    uint64_t size = (bootfs_phys + bootfs_size - start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    uint64_t at = vm_find_free(p->vm, size);
    if (!at)
        return -ENOMEM;
    int err = vm_add_special(p->vm, at, size, VM_READ, VM_PHYS, 0, start);
    if (err)
        return err;
    vm_find_region(p->vm, at)->max_prot = VM_READ; /* the boot image is never written */
    return (long)(at + (bootfs_phys - start));
}
