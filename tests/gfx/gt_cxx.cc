// gfxtest's C++ runtime checks (lib/cxxrt): every operator new and delete,
// function-local statics initialised once under their guards (also with
// threads racing for one), global constructors that ran before main (and a
// destructor registered with __cxa_atexit), and virtual calls through an
// abstract base whose pure virtual slot holds __cxa_pure_virtual (never
// called). Reached from GFXL0001.
#include <new>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "gt.h"

extern "C" void __cxa_pure_virtual(void); // lib/cxxrt/virtual.c

namespace
{

int global_ctor_runs;

volatile int global_dtor_runs;

struct Counter {
    int value;
    Counter() : value(41)
    {
        global_ctor_runs++;
        value++;
    }
    ~Counter()
    {
        global_dtor_runs++;
    } // registered with __cxa_atexit, runs at exit
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

// Shape's own vtable, seen from its (not inlined) constructor: while it runs,
// the object's vtable is Shape's, whose area() slot is __cxa_pure_virtual.
void **shape_vtable;

struct Shape {
    __attribute__((noinline)) Shape()
    {
        shape_vtable = *reinterpret_cast<void ***>(this);
    }
    virtual ~Shape() {}
    virtual int area() const = 0;
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

// Threads racing for one function-local static with a slow initialiser: one
// initialises it, the others wait in __cxa_guard_acquire.
int racy_inits;

int slow_value()
{
    racy_inits++;
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, nullptr);
    return 7;
}

void *race(void *)
{
    static int value = slow_value();
    return reinterpret_cast<void *>(static_cast<intptr_t>(value));
}

struct alignas(64) Wide {
    unsigned char bytes[64];
};

} // namespace

extern "C" const char *gt_cxx_check(void)
{
    if (global_ctor_runs != 1 || global_counter.value != 42 || global_dtor_runs != 0)
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
    pthread_t threads[4];
    for (pthread_t &t : threads)
        if (pthread_create(&t, nullptr, race, nullptr) != 0)
            return "pthread_create failed";
    bool all_seven = true;
    for (pthread_t &t : threads) {
        void *v;
        pthread_join(t, &v);
        all_seven = all_seven && v == reinterpret_cast<void *>(7);
    }
    if (racy_inits != 1 || !all_seven)
        return "four threads racing for a static: initialised more than once, or a bad value";
    Shape *shapes[2] = {new Square(3), new Rect(2, 5)};
    // Slots: 0, 1 the destructors (complete, deleting), 2 area().
    if (!shape_vtable || !shape_vtable[2] ||
        shape_vtable[2] != reinterpret_cast<void *>(&__cxa_pure_virtual))
        return "Shape's vtable does not hold __cxa_pure_virtual in its pure area() slot";
    int total = shapes[0]->area() + shapes[1]->area();
    delete shapes[0]; // virtual destructors, sized delete
    delete shapes[1];
    if (total != 19)
        return "virtual calls gave the wrong result";
    return nullptr;
}
