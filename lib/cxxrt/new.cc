/* Cobalt's C++ runtime: the global operator new and delete, every variant
 * (plain, array, nothrow, sized, aligned), over musl's malloc. Cobalt's C++
 * is built without exceptions, so a failed throwing new aborts instead of
 * throwing std::bad_alloc. Also std::nothrow, which libsupc++ would define. */
#include <cstddef>
#include <new>

#include <stdio.h>
#include <stdlib.h>

namespace std
{
const nothrow_t nothrow{};
}

static void *alloc(std::size_t size, std::size_t align)
{
    if (size == 0)
        size = 1;
    if (align <= alignof(std::max_align_t))
        return malloc(size);
    void *p = nullptr;
    return posix_memalign(&p, align, size) == 0 ? p : nullptr;
}

static void *alloc_or_abort(std::size_t size, std::size_t align)
{
    void *p = alloc(size, align);
    if (!p) {
        fprintf(stderr, "cxxrt: operator new(%zu) failed: out of memory\n", size);
        abort();
    }
    return p;
}

void *operator new(std::size_t size)
{
    return alloc_or_abort(size, 0);
}

void *operator new[](std::size_t size)
{
    return alloc_or_abort(size, 0);
}

void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
    return alloc(size, 0);
}

void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
    return alloc(size, 0);
}

void *operator new(std::size_t size, std::align_val_t align)
{
    return alloc_or_abort(size, static_cast<std::size_t>(align));
}

void *operator new[](std::size_t size, std::align_val_t align)
{
    return alloc_or_abort(size, static_cast<std::size_t>(align));
}

void *operator new(std::size_t size, std::align_val_t align, const std::nothrow_t &) noexcept
{
    return alloc(size, static_cast<std::size_t>(align));
}

void *operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t &) noexcept
{
    return alloc(size, static_cast<std::size_t>(align));
}

void operator delete(void *p) noexcept
{
    free(p);
}

void operator delete[](void *p) noexcept
{
    free(p);
}

void operator delete(void *p, const std::nothrow_t &) noexcept
{
    free(p);
}

void operator delete[](void *p, const std::nothrow_t &) noexcept
{
    free(p);
}

void operator delete(void *p, std::size_t) noexcept
{
    free(p);
}

void operator delete[](void *p, std::size_t) noexcept
{
    free(p);
}

void operator delete(void *p, std::align_val_t) noexcept
{
    free(p);
}

void operator delete[](void *p, std::align_val_t) noexcept
{
    free(p);
}

void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept
{
    free(p);
}

void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept
{
    free(p);
}

void operator delete(void *p, std::size_t, std::align_val_t) noexcept
{
    free(p);
}

void operator delete[](void *p, std::size_t, std::align_val_t) noexcept
{
    free(p);
}
