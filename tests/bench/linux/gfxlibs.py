"""The graphics libraries for the Linux guest: zlib, libpng, FreeType and HarfBuzz from the
same pinned sources as Cobalt's SDK (tools/build_gfxlibs.py), built with the same recipe
steps and flags, but against stock musl (the Linux guest's libc: build.py's musl prefix).

Owns one cached build under `<cache>/build/linux-gfxlibs-<key>/usr` (include/, lib/), where
<key> hashes the musl prefix, the pinned source versions, build_gfxlibs.py's recipe and
flags, and the host gcc/g++. It reuses build_gfxlibs.py's per-library steps on a small fake
SDK whose `cobalt-cc` is musl-gcc and whose `cobalt-c++` is g++ on musl's headers (with the
flags cobalt-c++ uses: libstdc++ header-only, no exceptions, no RTTI). The cache (marker
written last, a lock that serialises parallel runs) is tools/cached_build.py.
"""
import importlib.util
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
RECIPE = "1"


def _gfxlibs_tool():
    spec = importlib.util.spec_from_file_location("cobalt_build_gfxlibs",
                                                  REPO / "tools" / "build_gfxlibs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cxx_include_dirs() -> list:
    proc = subprocess.run(["g++", "-E", "-x", "c++", "-", "-v"], input="", capture_output=True,
                          text=True)
    dirs, inside = [], False
    for line in proc.stderr.splitlines():
        if line.startswith("#include <...>"):
            inside = True
        elif line.startswith("End of"):
            inside = False
        elif inside and "/c++/" in line:
            dirs.append(line.strip())
    return dirs


def _write_wrappers(bsys: Path, musl: Path):
    """bin/cobalt-cc (musl-gcc) and bin/cobalt-c++ (g++ on musl's headers) for bsys/usr."""
    usr = bsys / "usr"
    (bsys / "bin").mkdir(parents=True)
    for d in ("include", "lib"):
        (usr / d).mkdir(parents=True, exist_ok=True)
    gcc_inc = subprocess.run(["gcc", "-print-file-name=include"], capture_output=True,
                             text=True).stdout.strip()
    cc = bsys / "bin" / "cobalt-cc"
    cc.write_text("#!/bin/sh\n"
                  f'exec "{musl}/bin/musl-gcc" -fno-pie -no-pie -isystem "{usr}/include" '
                  f'-L"{usr}/lib" "$@"\n')
    cxx_inc = " ".join(f'-isystem "{d}"' for d in _cxx_include_dirs())
    cxx = bsys / "bin" / "cobalt-c++"
    cxx.write_text("#!/bin/sh\n"
                   f"exec g++ -nostdinc -nostdinc++ {cxx_inc} -isystem \"{musl}/include\" "
                   f'-isystem "{usr}/include" -isystem "{gcc_inc}" -fno-pie '
                   "'-D__GLIBC_PREREQ(a,b)=1' -fno-exceptions -fno-rtti \"$@\"\n")
    for f in (cc, cxx):
        f.chmod(0o755)


def _key(tool, srcs, musl: Path) -> str:
    key = tool.cache.Key(RECIPE, tool.RECIPE, tool.CFLAGS, *tool.HB_FLAGS, *tool.HB_FT_FLAGS,
                         *tool.HOST_TRIPLET, *tool.FREETYPE_CONFIGURE, musl)
    key.file("gfxlibs.py", HERE / "gfxlibs.py")
    key.parts(*(f"{name} {path.name}" for name, path in sorted(srcs.items())))
    key.parts(tool.cache.tool_version("gcc"), tool.cache.tool_version("g++"))
    return key.hex()


def _build(tool, srcs, musl: Path, tmp: Path, stage: Path, log: Path) -> str:
    """The four libraries against musl, their include/ and lib/ in stage/usr; the marker."""
    bsys = tmp / "sysroot"
    _write_wrappers(bsys, musl)
    env = tool.cache.clean_env()
    for name, step in (("zlib", tool.build_zlib), ("libpng1.6", tool.build_libpng),
                       ("freetype", tool.build_freetype), ("harfbuzz", tool.build_harfbuzz)):
        step(srcs[name], tmp, bsys, log, env)
    tool.check_no_cxx_runtime(bsys / "usr" / "lib" / "libharfbuzz.a")
    for d in ("include", "lib"):
        shutil.copytree(bsys / "usr" / d, stage / "usr" / d, symlinks=True)
    return " ".join(p.name for p in srcs.values()) + "\n"


def ensure(musl: Path, cache: Path, say=print) -> Path:
    """The installed prefix (with usr/include and usr/lib), built now if not cached."""
    tool = _gfxlibs_tool()
    srcs = tool.sources()
    prefix = cache / "build" / f"linux-gfxlibs-{_key(tool, srcs, musl)}"
    tool.cache.ensure(prefix, "linux-gfxlibs", "zlib, libpng, FreeType, HarfBuzz for stock musl",
                      lambda tmp, stage, log: _build(tool, srcs, musl, tmp, stage, log),
                      lambda msg: say(f"linux: {msg}"))
    return prefix
