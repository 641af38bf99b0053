/* Memory: mmap, munmap, mprotect and the calls that need no kernel.
 *
 *   anonymous, private  mmap_anon (MAP_FIXED: munmap first, then map there);
 *   anonymous, shared   shm_create + shm_map (stays shared across fork);
 *   a file, shared      fmap on the fd (the server's shared memory);
 *   a file, private     read-only: fmap; writable or failing fmap: a private
 *                       anonymous copy filled by reading the file.
 * brk always fails (musl's malloc then uses mmap); madvise, mlock and msync
 * succeed without doing anything. */
#define _GNU_SOURCE
#include "cobalt_impl.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096UL

static long page_round(unsigned long len)
{
    return (long)((len + PAGE - 1) & ~(PAGE - 1));
}

static long anon(long addr, long len, long prot, long flags)
{
    long fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if ((flags & MAP_FIXED) && !(flags & MAP_FIXED_NOREPLACE)) {
        /* Linux's MAP_FIXED replaces what was there; the kernel's refuses overlaps. */
        long r = __cobalt_trap2(CSYS_munmap, addr, page_round(len));
        if (r < 0)
            return r;
    }
    return __cobalt_trap4(CSYS_mmap_anon, fixed ? addr : 0, len, prot, fixed ? MAP_FIXED_ADDR : 0);
}

static long shared_anon(long addr, long len, long prot, long flags)
{
    if (prot & PROT_EXEC)
        return -EACCES; /* shared memory never executes */
    long h = __cobalt_trap1(CSYS_shm_create, len);
    if (h < 0)
        return h;
    long at = addr;
    if (flags & MAP_FIXED) {
        long r = __cobalt_trap2(CSYS_munmap, addr, page_round(len));
        if (r < 0) {
            __cobalt_trap1(CSYS_handle_close, h);
            return r;
        }
    } else {
        at = 0;
    }
    long r = __cobalt_trap3(CSYS_shm_map, h, at,
                            (prot & PROT_WRITE) ? PROT_READ | PROT_WRITE : PROT_READ);
    /* The mapping holds the object; the handle is not needed. */
    __cobalt_trap1(CSYS_handle_close, h);
    if (r >= 0 && prot == PROT_NONE)
        __cobalt_trap3(CSYS_mprotect, r, page_round(len), PROT_NONE);
    return r;
}

/* A private copy of a file's bytes [off, off+len): reading, as the kernel
 * has no private file mappings. */
static long private_copy(long fd, long len, long prot, long off)
{
    long at = __cobalt_trap4(CSYS_mmap_anon, 0, len, PROT_READ | PROT_WRITE, 0);
    if (at < 0)
        return at;
    long cur = __cobalt_seek((int)fd, 0, SEEK_CUR);
    long r = cur < 0 ? cur : __cobalt_seek((int)fd, off, SEEK_SET);
    long done = 0;
    while (r >= 0 && done < len) {
        r = __cobalt_trap3(CSYS_read, fd, at + done, len - done);
        if (r <= 0)
            break; /* the end of the file: the rest stays zero, as mmap's tail */
        done += r;
    }
    if (cur >= 0)
        __cobalt_seek((int)fd, cur, SEEK_SET);
    if (r < 0) {
        __cobalt_trap2(CSYS_munmap, at, len);
        return r;
    }
    if (prot != (PROT_READ | PROT_WRITE)) {
        r = __cobalt_trap3(CSYS_mprotect, at, page_round(len), prot);
        if (r < 0) {
            __cobalt_trap2(CSYS_munmap, at, len);
            return r;
        }
    }
    return at;
}

static long file_map(long len, long prot, long flags, long fd, long off)
{
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
        return -ENOSYS; /* fmap picks the address */
    long type = flags & MAP_TYPE;
    if (type == MAP_SHARED || type == MAP_SHARED_VALIDATE) {
        if (prot & PROT_EXEC)
            return -EACCES;
        return __cobalt_trap4(CSYS_fmap, fd, off, len, prot & (PROT_READ | PROT_WRITE));
    }
    if (!(prot & (PROT_WRITE | PROT_EXEC)) && prot) {
        long r = __cobalt_trap4(CSYS_fmap, fd, off, len, PROT_READ);
        if (r >= 0 || r == -EBADF)
            return r;
    }
    return private_copy(fd, len, prot, off);
}

int __cobalt_mmap(struct cobalt_call *c, const long *a)
{
    long addr = a[0], len = a[1], prot = a[2], flags = a[3], fd = a[4], off = a[5];
    if (len <= 0 || (off & (PAGE - 1)) || (prot & ~(long)(PROT_READ | PROT_WRITE | PROT_EXEC)))
        return cobalt_done(c, -EINVAL);
    long type = flags & MAP_TYPE;
    if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
        return cobalt_done(c, -EINVAL);
    if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE - 1)))
        return cobalt_done(c, -EINVAL);
    if (flags & MAP_ANONYMOUS)
        return cobalt_done(c, type == MAP_PRIVATE ? anon(addr, len, prot, flags)
                                                  : shared_anon(addr, len, prot, flags));
    return cobalt_done(c, file_map(len, prot, flags, fd, off));
}

int __cobalt_munmap(struct cobalt_call *c, const long *a)
{
    return cobalt_translate(c, CSYS_munmap, a[0], a[1], 0, 0, 0, 0);
}

int __cobalt_mprotect(struct cobalt_call *c, const long *a)
{
    /* PROT_GROWSDOWN/UP have no meaning here. */
    return cobalt_translate(c, CSYS_mprotect, a[0], a[1],
                            a[2] & (PROT_READ | PROT_WRITE | PROT_EXEC), 0, 0, 0);
}

int __cobalt_madvise(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, 0);
}

int __cobalt_brk(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, -ENOMEM);
}

int __cobalt_mremap(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, -ENOSYS); /* callers (musl's realloc) copy instead */
}

int __cobalt_msync(struct cobalt_call *c, const long *a)
{
    return cobalt_done(c, (a[0] & (PAGE - 1)) ? -EINVAL : 0);
}

/* Nothing is ever paged out: locking succeeds and changes nothing. */
int __cobalt_mlock(struct cobalt_call *c, const long *a)
{
    (void)a;
    return cobalt_done(c, 0);
}
