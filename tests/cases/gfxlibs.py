"""The graphics libraries inside Cobalt (docs/graphics-libs.md).

GFXL0000 boots with init=bin/gfxtest (tests/gfx), which tests the C++ runtime, zlib,
libpng, FreeType and HarfBuzz with the fonts and data of the boot image; each
`TEST GFXLnnnn` line it prints becomes its own result. The case fails when gfxtest's EXIT
is missing or not 0, when any verdict is FAIL, or when a test id defined in tests/gfx
never reported (gfxtest died or hung first).

GFXH* are host-only checks of the SDK: the libraries and their pkg-config files are
installed, a C program and a C++ program link against them with nothing from the host's
C or C++ libraries, and a warm tools/build_gfxlibs.py only installs from its cache.

Owns GFXL0000 and GFXH*. The in-guest ids GFXL0001.. belong to tests/gfx.
"""
import re
import shutil
import subprocess
import time
from pathlib import Path

from harness.registry import Fail, case
from harness.suite import defined_ids, run_suite

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests" / "gfx"
BIN = REPO / "sysroot" / "bin"
CASE_ID_RE = re.compile(r"^\s*LT_CASE\((GFXL[0-9]{4}),", re.MULTILINE)
NO_RUNNER_RE = re.compile(r"(?!x)x")  # gfxtest is a single program: no runner verdicts


@case("GFXL0000", "graphics libraries: gfxtest runs the tests/gfx cases inside Cobalt, all pass",
      timeout=300)
def gfx_suite(t):
    run_suite(t, "bin/gfxtest", defined_ids(TESTS, CASE_ID_RE, NO_RUNNER_RE),
              "graphics library tests", "see the log of GFXL0000")


def sdk(t, tool, *args, ok=True):
    cmd = [str(BIN / tool), *map(str, args)]
    t.log("$ " + " ".join(cmd))
    proc = subprocess.run(cmd, cwd=t.workdir, capture_output=True, text=True)
    if proc.stdout or proc.stderr:
        t.log((proc.stdout + proc.stderr).strip())
    if ok and proc.returncode != 0:
        raise Fail(f"{tool} {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                   f"{proc.stderr.strip()[-2000:]}")
    return proc


APP_C = """#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <png.h>
#include <zlib.h>
#include <cobalt/debug.h>
int main(void)
{
    FT_Library ft;
    hb_buffer_t *b = hb_buffer_create();
    int ok = FT_Init_FreeType(&ft) == 0 && b && png_access_version_number() > 0 &&
             zlibVersion()[0] == '1';
    hb_buffer_destroy(b);
    return ok ? 0 : 1;
}
"""

APP_CC = """#include <hb.h>
#include <new>
struct Base { virtual ~Base() {} virtual int f() = 0; };
struct Impl : Base { int f() override { return 3; } };
static Impl global;
int main()
{
    static int once = global.f();
    Base *b = new Impl;
    int r = b->f() + once;
    delete b;
    hb_blob_t *blob = hb_blob_get_empty();
    return (r == 6 && blob) ? 0 : 1;
}
"""

HOST_LIB = re.compile(r"^/(usr/)?(local/)?lib(32|64|x32)?/.*\b(libc|libstdc\+\+|libsupc\+\+)"
                      r"[.-]")


def link_inputs(proc) -> list:
    return [l.split("link input ", 1)[1] for l in proc.stderr.splitlines() if "link input " in l]


def check_inputs(inputs, want):
    for w in want:
        if not any(w in i for i in inputs):
            raise Fail(f"the link did not use {w}; inputs: {inputs}")
    bad = [i for i in inputs if HOST_LIB.match(i) or "libstdc++" in i or "libsupc++" in i]
    if bad:
        raise Fail(f"host C or C++ libraries in the link: {bad}")


@case("GFXH0001", "SDK: a C program links zlib, libpng, FreeType, HarfBuzz via cobalt-pkg-config",
      qemu=False)
def gfx_sdk_c(t):
    for lib in ("libz.a", "libpng16.a", "libfreetype.a", "libharfbuzz.a", "libcxxrt.a"):
        if not (REPO / "sysroot" / "usr" / "lib" / lib).is_file():
            raise Fail(f"sysroot/usr/lib/{lib} is missing: ./build.sh build installs it")
    flags = sdk(t, "cobalt-pkg-config", "--cflags", "--libs", "freetype2", "harfbuzz", "libpng",
                "zlib").stdout.split()
    (t.workdir / "app.c").write_text(APP_C)
    proc = sdk(t, "cobalt-cc", "-Wall", "-Werror", "app.c", *flags, "-o", "app", "--cobalt-trace")
    check_inputs(link_inputs(proc), ["libfreetype.a", "libharfbuzz.a", "libpng16.a", "libz.a",
                                     "usr/lib/libc.a"])


@case("GFXH0002", "SDK: cobalt-c++ links C++ with libcxxrt and HarfBuzz; refuses libstdc++",
      qemu=False)
def gfx_sdk_cxx(t):
    flags = sdk(t, "cobalt-pkg-config", "--cflags", "--libs", "harfbuzz").stdout.split()
    (t.workdir / "app.cc").write_text(APP_CC)
    proc = sdk(t, "cobalt-c++", "-Wall", "-Werror", "app.cc", *flags, "-o", "app",
               "--cobalt-trace")
    check_inputs(link_inputs(proc), ["libcxxrt.a", "libharfbuzz.a", "usr/lib/libc.a"])
    nm = subprocess.run(["nm", "-u", str(t.workdir / "app")], capture_output=True, text=True)
    if nm.stdout.strip():
        raise Fail(f"undefined symbols left in a static C++ program:\n{nm.stdout}")
    # g++ refers to __cxa_pure_virtual only weakly: cobalt-c++ must still link it.
    nm = subprocess.run(["nm", str(t.workdir / "app")], capture_output=True, text=True)
    if not re.search(r"^[0-9a-f]+ T __cxa_pure_virtual$", nm.stdout, re.MULTILINE):
        raise Fail("the C++ program has no __cxa_pure_virtual: its pure virtual slots are 0")
    # A C++ program that uses exceptions cannot build: Cobalt has no exception runtime.
    (t.workdir / "throw.cc").write_text("int main() { try { throw 1; } catch (int) {} }\n")
    proc = sdk(t, "cobalt-c++", "throw.cc", "-o", "throw", ok=False)
    if proc.returncode == 0:
        raise Fail("cobalt-c++ built a program that throws: exceptions must be off")
    # libstdc++ lives in gcc's own folder (allowed for libgcc): still refused by name.
    proc = sdk(t, "cobalt-c++", "app.cc", *flags, "-lstdc++", "-o", "app2", ok=False)
    if proc.returncode == 0 or "libstdc++" not in proc.stderr:
        raise Fail(f"a link with -lstdc++ was accepted:\n{proc.stderr}")


@case("GFXH0003", "tools/build_gfxlibs.py: a warm build builds nothing and installs the same SDK",
      qemu=False)
def gfx_warm_build(t):
    """On a copy of the SDK (the same wrappers and musl headers: the same cache key) the
    script must find both cached builds, install them, and build nothing."""
    sysroot = t.workdir / "sysroot"
    shutil.copytree(REPO / "sysroot" / "bin", sysroot / "bin")
    shutil.copytree(REPO / "sysroot" / "usr", sysroot / "usr", symlinks=True)
    for rel in ("lib/libharfbuzz.a", "lib/libfreetype.a", "lib/libpng16.a", "lib/libz.a",
                "lib/libcxxrt.a", "lib/pkgconfig/harfbuzz.pc", "include/harfbuzz/hb.h"):
        (sysroot / "usr" / rel).unlink()
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/python3", str(REPO / "tools" / "build_gfxlibs.py"),
                           "--sysroot", str(sysroot), "--build", str(t.workdir / "build")],
                          capture_output=True, text=True)
    took = time.monotonic() - start
    t.log(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise Fail(f"build_gfxlibs.py failed:\n{proc.stderr[-2000:]}")
    if "building" in proc.stdout or "installed (cached)" not in proc.stdout:
        raise Fail(f"a warm run built something:\n{proc.stdout}")
    for rel in ("lib/libharfbuzz.a", "lib/libfreetype.a", "lib/libpng16.a", "lib/libz.a",
                "lib/libcxxrt.a", "lib/pkgconfig/harfbuzz.pc", "include/harfbuzz/hb.h"):
        got, want = sysroot / "usr" / rel, REPO / "sysroot" / "usr" / rel
        if not got.is_file() or got.read_bytes() != want.read_bytes():
            raise Fail(f"usr/{rel} was not reinstalled as it is in the SDK")
    fonts = sorted(p.name for p in (t.workdir / "build" / "fonts" / "root" / "usr" / "share" /
                                    "fonts").iterdir())
    if fonts != ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DejaVuSansMono.ttf"]:
        raise Fail(f"the fonts for the boot image are {fonts}")
    if took > 10:
        raise Fail(f"a warm run took {took:.1f} s")
