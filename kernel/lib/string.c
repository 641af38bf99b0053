/* Freestanding memory and string helpers (the compiler may also emit calls
 * to memset/memcpy/memmove/memcmp itself). */
#include "kstring.h"

#include <stdint.h>

/* Bulk fills and copies use `rep stosq` / `rep movsq` for whole 8-byte words
 * and byte moves for the tail (few instructions per byte, and few iterations
 * under QEMU's instruction counting). */
void *memset(void *dst, int c, size_t n)
{
    uint64_t word = 0x0101010101010101ULL * (unsigned char)c;
    size_t words = n / 8, tail = n % 8;
    void *d = dst;
    __asm__ volatile("rep stosq" : "+D"(d), "+c"(words) : "a"(word) : "memory");
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(tail) : "a"(word) : "memory");
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    size_t words = n / 8, tail = n % 8;
    void *d = dst;
    const void *s = src;
    __asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(tail) : : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i])
            return x[i] - y[i];
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || !a[i])
            return (unsigned char)a[i] - (unsigned char)b[i];
    }
    return 0;
}
