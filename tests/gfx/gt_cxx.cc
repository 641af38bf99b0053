// gfxtest's C++ runtime checks (lib/cxxrt): every operator new and delete,
// a function-local static initialised once under its guard, global
// constructors that ran before main, and virtual calls through an abstract
// base (the pure virtual slot is never called). Reached from GFXL0001.
#include <new>

#include <stdint.h>
#include <stdlib.h>

#include "gt.h"

namespace
{

int global_ctor_runs;

struct Counter {
    int value;
    Counter() : value(41)
    {
        global_ctor_runs++;
        value++;
    }
};

Counter global_counter; // a global constructor: .init_array

int init_calls;

int make_value()
{
    return ++init_calls * 100;
}

int &static_local()
{
    static int value = make_value(); // guarded: __cxa_guard_acquire/release
    return value;
}

struct Shape {
    virtual ~Shape() {}
    virtual int area() const = 0; // __cxa_pure_virtual fills this slot in Shape's vtable
};

struct Square : Shape {
    int side;
    explicit Square(int s) : side(s) {}
    int area() const override
    {
        return side * side;
    }
};

struct Rect : Shape {
    int w, h;
    Rect(int w_, int h_) : w(w_), h(h_) {}
    int area() const override
    {
        return w * h;
    }
};

struct alignas(64) Wide {
    unsigned char bytes[64];
};

} // namespace

extern "C" const char *gt_cxx_check(void)
{
    if (global_ctor_runs != 1 || global_counter.value != 42)
        return "the global constructor did not run exactly once before main";
    int *one = new int(7);
    int *many = new int[100];
    for (int i = 0; i < 100; i++)
        many[i] = i;
    if (*one != 7 || many[99] != 99)
        return "new and new[] gave bad memory";
    delete one;
    delete[] many;
    char *nt = new (std::nothrow) char[32];
    if (!nt)
        return "nothrow new[] gave NULL for 32 bytes";
    delete[] nt;
    Wide *w = new Wide;
    if (reinterpret_cast<uintptr_t>(w) % 64 != 0)
        return "aligned new of an alignas(64) type is misaligned";
    delete w;
    Wide *ws = new Wide[3];
    if (reinterpret_cast<uintptr_t>(ws) % 64 != 0)
        return "aligned new[] is misaligned";
    delete[] ws;
    if (static_local() != 100 || static_local() != 100 || init_calls != 1)
        return "a function-local static was not initialised exactly once";
    static_local() = 5;
    if (static_local() != 5)
        return "a function-local static lost its value";
    Shape *shapes[2] = {new Square(3), new Rect(2, 5)};
    int total = shapes[0]->area() + shapes[1]->area();
    delete shapes[0]; // virtual destructors, sized delete
    delete shapes[1];
    if (total != 19)
        return "virtual calls gave the wrong result";
    return nullptr;
}
