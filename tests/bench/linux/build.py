"""Building the Linux guest's /init: stock musl, the benchmark program, the initramfs.

Owns three steps, each checked:
  1. stock musl from the pinned Debian source (`tools/thirdparty.py path musl`),
     configured static-only and installed into the third-party cache under
     `build/musl-<version>-<key>/`, where <key> hashes the configure flags and the host
     compiler. The cache (lock, marker written last: an interrupted build never looks
     finished) is tools/cached_build.py. Reused whenever present.
  2. linuxbench.c compiled with that musl's `musl-gcc -static -O2`; the link is traced
     (`-Wl,--trace`) and refused if any input comes from outside musl's prefix and gcc's
     own libgcc folder (a host glibc sneaking in), or if the result is not static.
  3. the initramfs: /init (the program), /dev/console, /proc, as a newc archive, plus
     the graphics figures: /gfxbench (linuxgfx.c with tests/bench/gfx/gb_text.c and
     lib/libtext, the same sources as Cobalt's gfxbench, linked with zlib, libpng,
     FreeType and HarfBuzz built for stock musl by gfxlibs.py, cached like musl; the same
     link check) and its data /DejaVuSans.ttf and /bench.png (the same files as in
     Cobalt's boot image, from build/fonts and build/gfxbench: ./build.sh build makes them).
"""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from . import gfxlibs, newc

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools"))
import cached_build  # noqa: E402
from buildlog import BuildError  # noqa: E402
from buildlog import run as _run  # noqa: E402
from buildlog import thirdparty as _tool  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SOURCE = HERE / "linuxbench.c"
GFX_SOURCE = HERE / "linuxgfx.c"
GFX_DIR = REPO / "tests" / "bench" / "gfx"
LIBTEXT = REPO / "lib" / "libtext"
GFX_SOURCES = [GFX_DIR / "gb_text.c",
               *(LIBTEXT / "src" / f for f in ("font.c", "utf8.c", "cache.c", "layout.c",
                                               "draw.c"))]
# The data of the graphics figures, as ./build.sh build leaves it: (initramfs name, path).
GFX_DATA = [("DejaVuSans.ttf", REPO / "build" / "fonts" / "root" / "usr" / "share" / "fonts" /
             "DejaVuSans.ttf"),
            ("bench.png", REPO / "build" / "gfxbench" / "root" / "usr" / "share" / "gfxbench" /
             "bench.png")]

CC = "gcc"
MUSL_CONFIGURE = ["--disable-shared"]  # stock musl, static libc.a only
PROGRAM_FLAGS = ["-static", "-O2", "-std=c11", "-Wall", "-Wextra", "-Werror"]


def musl_source() -> Path:
    return Path(_tool("path", "musl"))


def cache_dir() -> Path:
    return Path(_tool("cache-dir"))


def musl_prefix(src: Path, cache: Path) -> Path:
    """Where this musl version, built with these flags by this compiler, is installed."""
    version = src.name[len("musl-"):] if src.name.startswith("musl-") else src.name
    parts = [version, CC, cached_build.tool_version(CC), *MUSL_CONFIGURE]
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]
    return cache / "build" / f"musl-{version}-{key}"


def _build_musl(src: Path, prefix: Path, tmp: Path, stage: Path, log: Path) -> str:
    """Stock musl for prefix, its install moved to stage; the text of the cache marker."""
    objdir, destdir = tmp / "obj", tmp / "dest"
    objdir.mkdir()
    env = cached_build.clean_env()
    # Out-of-tree build: the cached source tree stays untouched.
    _run([src / "configure", f"--prefix={prefix}", f"CC={CC}", *MUSL_CONFIGURE],
         log, cwd=objdir, env=env)
    _run(["make", cached_build.jobs()], log, cwd=objdir, env=env)
    _run(["make", "install", f"DESTDIR={destdir}"], log, cwd=objdir, env=env)
    staged = destdir / str(prefix).lstrip("/")
    if not (staged / "bin" / "musl-gcc").is_file() or not (staged / "lib" / "libc.a").is_file():
        raise BuildError(f"musl install in {staged} has no bin/musl-gcc or lib/libc.a")
    if list((staged / "lib").glob("*.so*")):
        raise BuildError("musl was configured static-only but installed a shared libc")
    os.rename(staged, stage)
    return (f"musl {src.name}: configure {' '.join(MUSL_CONFIGURE)}, "
            f"{cached_build.tool_version(CC)}\n")


def ensure_musl(log: Path, say=print) -> Path:
    """The installed musl prefix, built now (its output appended to log) if the cache does
    not have it yet."""
    src = musl_source()
    prefix = musl_prefix(src, cache_dir())
    cached_build.ensure(prefix, "musl", f"stock musl from {src}",
                        lambda tmp, stage, blog: _build_musl(src, prefix, tmp, stage, blog),
                        say, log=log)
    return prefix


def _libgcc_dir() -> Path:
    proc = subprocess.run([CC, "-print-libgcc-file-name"], capture_output=True, text=True)
    return Path(proc.stdout.strip()).resolve().parent


def check_trace(trace: str, prefix: Path, objdir: Path, also=()) -> list:
    """Linker inputs (from -Wl,--trace) outside musl, libgcc, our own objects and the
    folders in also (the graphics libraries built for musl)."""
    allowed = [prefix.resolve(), _libgcc_dir(), objdir.resolve(), *(Path(a).resolve()
                                                                     for a in also)]
    bad = []
    for line in trace.splitlines():
        word = line.strip().split(" ")[0].strip("()")
        if not word.startswith("/"):
            continue
        path = Path(word.split("(")[0]).resolve()
        if not any(path == a or a in path.parents for a in allowed):
            bad.append(str(path))
    return bad


def _is_static(elf: Path) -> bool:
    """No PT_INTERP and no PT_DYNAMIC program header (ELF64 little-endian)."""
    data = elf.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return False
    phoff = int.from_bytes(data[0x20:0x28], "little")
    phentsize = int.from_bytes(data[0x36:0x38], "little")
    phnum = int.from_bytes(data[0x38:0x3a], "little")
    types = [int.from_bytes(data[phoff + i * phentsize:phoff + i * phentsize + 4], "little")
             for i in range(phnum)]
    return 3 not in types and 2 not in types  # PT_INTERP = 3, PT_DYNAMIC = 2


def gfx_flags(gfx: Path) -> tuple:
    """(compile flags, link flags) of the graphics figures against gfx (gfxlibs.ensure)."""
    inc = gfx / "usr" / "include"
    cflags = [f"-I{GFX_DIR}", f"-I{LIBTEXT / 'include'}", f"-I{inc}",
              f"-I{inc / 'freetype2'}", f"-I{inc / 'harfbuzz'}"]
    libs = [f"-L{gfx / 'usr' / 'lib'}", "-lharfbuzz", "-lfreetype", "-lpng16", "-lz", "-lm"]
    return cflags, libs


def build_program(prefix: Path, outdir: Path, log: Path, extra_flags=(), gfx=None) -> Path:
    """linuxbench, or with gfx (gfxlibs.ensure's prefix) linuxgfx: the graphics figures."""
    outdir.mkdir(parents=True, exist_ok=True)
    name = "linuxgfx" if gfx else "linuxbench"
    exe = outdir / name
    trace_log = outdir / f"link-trace{'-gfx' if gfx else ''}.txt"
    cflags, libs = gfx_flags(gfx) if gfx else ([], [])
    sources = [GFX_SOURCE, *GFX_SOURCES] if gfx else [SOURCE]
    cmd = [prefix / "bin" / "musl-gcc", *PROGRAM_FLAGS, *extra_flags, *cflags, "-Wl,--trace",
           "-o", exe, *sources, *libs]
    # gcc's temporary objects go to outdir, so the trace check need not allow /tmp.
    env = dict(os.environ, LC_ALL="C", REALGCC=CC, TMPDIR=str(outdir))
    with open(log, "a") as f:
        f.write(f"$ {' '.join(str(c) for c in cmd)}\n")
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL)
    trace_log.write_text(proc.stdout + proc.stderr)
    with open(log, "a") as f:
        f.write(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise BuildError(f"compiling {sources[0].name} failed:\n{proc.stderr.strip()}")
    bad = check_trace(proc.stdout + proc.stderr, prefix, outdir, [gfx] if gfx else [])
    if bad:
        raise BuildError("the benchmark linked files from outside musl and libgcc "
                         f"(host libc?): {', '.join(bad)}; trace in {trace_log}")
    if not _is_static(exe):
        raise BuildError(f"{exe} is not a static executable")
    return exe


def initramfs_entries(init: bytes, files=()) -> list:
    """/dev, /dev/console, /proc, /init, then each (name, bytes, mode) of files as /<name>."""
    return [newc.Entry.dir("dev"), newc.Entry.chardev("dev/console", 5, 1),
            newc.Entry.dir("proc"), newc.Entry.file("init", init, 0o755),
            *(newc.Entry.file(name, data, mode) for name, data, mode in files)]


def gfx_data() -> list:
    """[(name, bytes)] of GFX_DATA; BuildError when ./build.sh build has not made them."""
    missing = [str(p) for _, p in GFX_DATA if not p.is_file()]
    if missing:
        raise BuildError(f"missing {', '.join(missing)}: run ./build.sh build first")
    return [(name, path.read_bytes(), 0o644) for name, path in GFX_DATA]


def build_initramfs(exe: Path, out: Path, files=()) -> Path:
    blob = newc.write(initramfs_entries(exe.read_bytes(), files))
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(blob)
    os.replace(tmp, out)
    return out


def build_all(outdir: Path, say=print, extra_flags=()) -> Path:
    """musl (cached), the program and the initramfs; returns the initramfs path."""
    outdir.mkdir(parents=True, exist_ok=True)
    log = outdir / "build.log"
    log.write_text("")
    prefix = ensure_musl(log, say)
    exe = build_program(prefix, outdir, log, extra_flags)
    gfx = build_program(prefix, outdir, log, extra_flags, gfxlibs.ensure(prefix, cache_dir(), say))
    files = [("gfxbench", gfx.read_bytes(), 0o755), *gfx_data()]
    return build_initramfs(exe, outdir / "initramfs.cpio", files)
