"""The graphics libraries for the Linux guest: zlib, libpng, FreeType and HarfBuzz from the
same pinned sources as Cobalt's SDK (tools/build_gfxlibs.py), built with the same recipe
steps and flags, but against stock musl (the Linux guest's libc: build.py's musl prefix).

Owns one cached build under `<cache>/build/linux-gfxlibs-<key>/usr` (include/, lib/), where
<key> hashes the musl prefix, the pinned source versions, build_gfxlibs.py's recipe and
flags, and the host gcc/g++. It reuses build_gfxlibs.py's per-library steps on a small fake
SDK whose `cobalt-cc` is musl-gcc and whose `cobalt-c++` is g++ on musl's headers (with the
flags cobalt-c++ uses: libstdc++ header-only, no exceptions, no RTTI). A finished build
carries a marker written last; a lock serialises parallel runs.
"""
import fcntl
import hashlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
MARKER = ".cobalt-built"
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
    h = hashlib.sha256()
    for part in [RECIPE, tool.RECIPE, tool.CFLAGS, *tool.HB_FLAGS, *tool.HB_FT_FLAGS,
                 *tool.HOST_TRIPLET, *tool.FREETYPE_CONFIGURE, str(musl),
                 (HERE / "gfxlibs.py").read_text()]:
        h.update(part.encode() + b"\0")
    for name, path in sorted(srcs.items()):
        h.update(f"{name} {path.name}\0".encode())
    for cmd in ("gcc", "g++"):
        h.update(tool.cache.tool_version(cmd).encode() + b"\0")
    return h.hexdigest()[:12]


def ensure(musl: Path, cache: Path, say=print) -> Path:
    """The installed prefix (with usr/include and usr/lib), built now if not cached."""
    tool = _gfxlibs_tool()
    srcs = tool.sources()
    prefix = cache / "build" / f"linux-gfxlibs-{_key(tool, srcs, musl)}"
    if (prefix / MARKER).is_file():
        return prefix
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(prefix.parent / ".lock-linux-gfxlibs", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (prefix / MARKER).is_file():
            return prefix
        log = prefix.parent / f"{prefix.name}.log"
        log.write_text("")
        say(f"linux: building zlib, libpng, FreeType, HarfBuzz for stock musl into {prefix} "
            f"(once; about a minute; log {log})")
        start = time.monotonic()
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-linux-gfx-", dir=prefix.parent))
        try:
            bsys = tmp / "sysroot"
            _write_wrappers(bsys, musl)
            env = tool.cache.clean_env()
            for name, step in (("zlib", tool.build_zlib), ("libpng1.6", tool.build_libpng),
                               ("freetype", tool.build_freetype),
                               ("harfbuzz", tool.build_harfbuzz)):
                step(srcs[name], tmp, bsys, log, env)
            tool.check_no_cxx_runtime(bsys / "usr" / "lib" / "libharfbuzz.a")
            stage = tmp / "stage"
            for d in ("include", "lib"):
                shutil.copytree(bsys / "usr" / d, stage / "usr" / d, symlinks=True)
            (stage / MARKER).write_text(" ".join(p.name for p in srcs.values()) + "\n")
            if prefix.exists():
                os.rename(prefix, tmp / "stale")
            os.rename(stage, prefix)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        say(f"linux: graphics libraries built in {time.monotonic() - start:.1f} s")
    return prefix
