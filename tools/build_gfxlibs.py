#!/usr/bin/python3
"""Builds Cobalt's graphics libraries into the SDK, and the fonts into the boot image.

  tools/build_gfxlibs.py [--sysroot DIR] [--build DIR] [--force]

1. lib/cxxrt (Cobalt's C++ runtime, our code) with make into <build>/cxxrt/libcxxrt.a.
2. zlib, libpng, FreeType and HarfBuzz from their pinned Debian sources
   (`tools/thirdparty.py path NAME`), compiled with sysroot/bin/cobalt-cc and cobalt-c++
   (musl, static) in that order, each against the ones before it. The build happens in a
   temporary copy of the sysroot (the SDK's wrappers only accept inputs from their own
   sysroot); what the four libraries install under usr/include and usr/lib is kept in the
   cache as `<cache>/build/gfxlibs-<key>/usr`. <key> hashes the pinned versions, the flags
   and RECIPE below, the compiler, the SDK wrappers and musl's headers. A finished build
   carries a marker written last, under a lock: a warm build is only the copy of step 4.
3. HarfBuzz once more for the host (host g++, same flags; `<cache>/build/harfbuzz-host-<key>`,
   linked as <build>/host/harfbuzz): the tests shape on the host what the guest shapes
   (tests/gfx).
4. Installs libcxxrt.a and the libraries (with pkg-config files, usr/lib/pkgconfig) into
   the sysroot (after lib/libc/build.py, which replaces sysroot/usr whole), timestamps kept.
5. Copies every font of fonts/fonts.list from the pinned package to
   <build>/fonts/root/usr/share/fonts/, which build.sh packs into the boot image.
See docs/graphics-libs.md.
"""
import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from buildlog import BuildError, run  # noqa: E402
from buildlog import thirdparty as tool  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MARKER = ".cobalt-built"
# Part of the build key with the flags below: bump it whenever a build step changes.
RECIPE = "3"
KEEP_BUILDS = 3
# Autoconf: cobalt-cc's programs run only inside Cobalt, so configure must never run them.
HOST_TRIPLET = ["--host=x86_64-pc-linux-musl", "--build=x86_64-pc-linux-gnu"]
CFLAGS = "-O2 -pipe"
# HarfBuzz: one translation unit, no exceptions, no RTTI, no thread-safe statics, no
# threads: it then needs nothing from a C++ library (docs/graphics-libs.md).
HB_FLAGS = ["-std=c++11", "-O2", "-pipe", "-fno-exceptions", "-fno-rtti",
            "-fno-threadsafe-statics", "-DHB_NO_MT"]
# For Cobalt HarfBuzz also gets its FreeType glue (hb-ft.h: hb_ft_font_create...), built
# after FreeType; the host build, used only to shape with hb-ot, has none.
HB_FT_FLAGS = ["-DHAVE_FREETYPE=1", "-DHAVE_FT_GET_VAR_BLEND_COORDINATES=1",
               "-DHAVE_FT_DONE_MM_VAR=1", "-DHAVE_FT_GET_TRANSFORM=1"]
FREETYPE_CONFIGURE = ["--with-zlib=yes", "--with-png=yes", "--with-bzip2=no",
                      "--with-brotli=no", "--with-harfbuzz=no"]
PACKAGES = ["zlib", "libpng1.6", "freetype", "harfbuzz"]
# Public headers of HarfBuzz's core and OpenType API (not the platform back-ends).
HB_SKIP_HEADERS = ("hb-coretext.h", "hb-directwrite.h", "hb-gdi.h", "hb-glib.h", "hb-gobject",
                   "hb-graphite2.h", "hb-icu.h", "hb-uniscribe.h", "hb-ft.h", "hb-subset")
# What this step installs at the top of usr/include and usr/lib: left out of the build key
# and of the build's copy of the sysroot (only musl's and Cobalt's own files count there).
OURS = {"harfbuzz", "freetype2", "libpng16", "ft2build.h", "png.h", "pngconf.h",
        "pnglibconf.h", "zlib.h", "zconf.h", "libz.a", "libpng16.a", "libpng.a",
        "libfreetype.a", "libharfbuzz.a", "libcxxrt.a", "pkgconfig"}
FONTS_LIST = REPO / "fonts" / "fonts.list"
FONT_IMAGE_DIR = "usr/share/fonts"


def say(msg):
    print(f"gfxlibs: {msg}", flush=True)


def sources():
    """{package: unpacked source folder}."""
    return {p: Path(tool("path", p)) for p in PACKAGES}


def command_id(cmd):
    proc = subprocess.run([cmd, "--version"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"{cmd} --version failed; is it installed?")
    return proc.stdout.splitlines()[0]


def hash_tree(h, root):
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        # Cobalt's own headers (<cobalt/...>: the kernel ABI, libscheme...) are not used
        # by these libraries: a change there must not rebuild them.
        if f.relative_to(root).parts[0] in OURS | {"cobalt"}:
            continue
        h.update(f"{f.relative_to(root)}\0".encode() + f.read_bytes())


def build_key(srcs, sysroot, host=False):
    h = hashlib.sha256()
    for part in [RECIPE, CFLAGS, *HB_FLAGS, *HB_FT_FLAGS, *HOST_TRIPLET, *FREETYPE_CONFIGURE]:
        h.update(part.encode() + b"\0")
    for name, path in sorted(srcs.items()):
        h.update(f"{name} {path.name}\0".encode())
    for cmd in ("gcc", "g++"):
        h.update(command_id(cmd).encode() + b"\0")
    if not host:
        for f in sorted((sysroot / "bin").iterdir()):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        hash_tree(h, sysroot / "usr" / "include")
    return h.hexdigest()[:12]


def clean_env():
    env = dict(os.environ, LC_ALL="C")
    for var in ("CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "CC", "CXX", "PKG_CONFIG_PATH",
                "PKG_CONFIG_LIBDIR", "PKG_CONFIG_SYSROOT_DIR", "MAKEFLAGS", "MFLAGS"):
        env.pop(var, None)
    return env


def jobs():
    return f"-j{os.cpu_count() or 2}"


def copy_source(src, tmp, name):
    tree = tmp / name
    shutil.copytree(src, tree, symlinks=True)
    return tree


def build_zlib(src, tmp, bsys, log, env):
    tree = copy_source(src, tmp, "zlib")
    e = dict(env, CC=str(bsys / "bin" / "cobalt-cc"), CFLAGS=CFLAGS)
    run(["./configure", "--static", "--prefix=/usr"], log, cwd=tree, env=e)
    run(["make", jobs(), "libz.a"], log, cwd=tree, env=e)
    run(["make", "install", f"DESTDIR={bsys}"], log, cwd=tree, env=e)


def autoconf_build(tree, bsys, log, env, extra):
    e = dict(env, CC=str(bsys / "bin" / "cobalt-cc"), CFLAGS=CFLAGS,
             PKG_CONFIG="/usr/bin/pkg-config",
             PKG_CONFIG_LIBDIR=str(bsys / "usr" / "lib" / "pkgconfig"),
             PKG_CONFIG_SYSROOT_DIR=str(bsys))
    run(["./configure", *HOST_TRIPLET, "--prefix=/usr", "--disable-shared", "--enable-static",
         *extra], log, cwd=tree, env=e)
    run(["make", jobs()], log, cwd=tree, env=e)
    run(["make", "install", f"DESTDIR={bsys}"], log, cwd=tree, env=e)


def build_libpng(src, tmp, bsys, log, env):
    tree = copy_source(src, tmp, "libpng")
    autoconf_build(tree, bsys, log, env, [])


def build_freetype(src, tmp, bsys, log, env):
    tree = copy_source(src, tmp, "freetype")
    autoconf_build(tree, bsys, log, env, FREETYPE_CONFIGURE)


def hb_version(tree):
    for line in (tree / "src" / "hb-version.h").read_text().splitlines():
        if line.startswith("#define HB_VERSION_STRING"):
            return line.split('"')[1]
    raise BuildError("HarfBuzz's hb-version.h has no HB_VERSION_STRING")


def install_hb_headers(tree, incdir, freetype):
    incdir.mkdir(parents=True, exist_ok=True)
    for h in sorted((tree / "src").glob("hb*.h")):
        if not h.name.startswith(HB_SKIP_HEADERS) or (freetype and h.name == "hb-ft.h"):
            shutil.copyfile(h, incdir / h.name)
    # hb-features.h says which optional back-ends were built: FreeType's glue or none.
    text = (tree / "src" / "hb-features.h.in").read_text()
    lines = []
    for line in text.splitlines():
        if line.startswith("#mesondefine"):
            name = line.split()[1]
            line = (f"#define {name} 1" if freetype and name == "HB_HAS_FREETYPE"
                    else f"/* #undef {name} */")
        lines.append(line)
    (incdir / "hb-features.h").write_text("\n".join(lines) + "\n")


def build_harfbuzz(src, tmp, bsys, log, env, cxx=None, prefix=None):
    """cxx None: for Cobalt (cobalt-c++, with FreeType's glue, into bsys/usr); else the
    host's g++ into prefix."""
    tree = copy_source(src, tmp, "harfbuzz")
    freetype = cxx is None
    usr = bsys / "usr" if freetype else prefix
    cxx = cxx or str(bsys / "bin" / "cobalt-c++")
    ft = [*HB_FT_FLAGS, f"-I{usr / 'include' / 'freetype2'}"] if freetype else []
    obj = tree / "harfbuzz.o"
    run([cxx, *HB_FLAGS, *ft, "-c", "src/harfbuzz.cc", "-o", obj], log, cwd=tree, env=env)
    (usr / "lib").mkdir(parents=True, exist_ok=True)
    run(["ar", "rcs", usr / "lib" / "libharfbuzz.a", obj], log, cwd=tree, env=env)
    install_hb_headers(tree, usr / "include" / "harfbuzz", freetype)
    pc = usr / "lib" / "pkgconfig"
    pc.mkdir(parents=True, exist_ok=True)
    (pc / "harfbuzz.pc").write_text(
        "prefix=/usr\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\n"
        "Name: harfbuzz\nDescription: HarfBuzz text shaping library (Cobalt build, "
        "tools/build_gfxlibs.py)\n"
        f"Version: {hb_version(tree)}\n"
        + ("Requires.private: freetype2\n" if freetype else "") +
        "Libs: -L${libdir} -lharfbuzz\nLibs.private: -lcxxrt -lm\n"
        "Cflags: -I${includedir}/harfbuzz\n")


def check_no_cxx_runtime(lib):
    """HarfBuzz must need nothing from a C++ library: no C++ runtime symbol undefined."""
    out = subprocess.run(["nm", "-u", str(lib)], capture_output=True, text=True, check=True)
    bad = sorted({w[-1] for w in map(str.split, out.stdout.splitlines())
                  if w and w[-1].startswith(("_Z", "__cxa", "__gxx", "_Unwind"))})
    if bad:
        raise BuildError(f"{lib.name} needs C++ runtime symbols: {' '.join(bad[:10])}")


def files_under(root):
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def build_guest(srcs, sysroot, prefix, log):
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-gfx-", dir=prefix.parent))
    try:
        bsys = tmp / "sysroot"
        shutil.copytree(sysroot / "bin", bsys / "bin")
        shutil.copytree(sysroot / "usr", bsys / "usr", symlinks=True,
                        ignore=lambda d, names: [n for n in names if n in OURS and
                                                 Path(d).parent == sysroot / "usr"])
        before = files_under(bsys / "usr")
        env = clean_env()
        for name, step in (("zlib", build_zlib), ("libpng1.6", build_libpng),
                           ("freetype", build_freetype), ("harfbuzz", build_harfbuzz)):
            start = time.monotonic()
            step(srcs[name], tmp, bsys, log, env)
            if name == "harfbuzz":
                check_no_cxx_runtime(bsys / "usr" / "lib" / "libharfbuzz.a")
            say(f"  {name}: {time.monotonic() - start:.1f} s")
        stage = tmp / "stage"
        for rel in sorted(files_under(bsys / "usr") - before):
            if rel.parts[0] not in ("include", "lib") or rel.suffix == ".la":
                continue  # programs, manuals, aclocal macros, libtool files: not the SDK's
            dest = stage / "usr" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(bsys / "usr" / rel, dest, follow_symlinks=False)
        for need in ("lib/libz.a", "lib/libpng16.a", "lib/libfreetype.a", "lib/libharfbuzz.a",
                     "include/freetype2/ft2build.h", "include/harfbuzz/hb.h", "include/png.h",
                     "lib/pkgconfig/freetype2.pc", "lib/pkgconfig/libpng.pc"):
            if not (stage / "usr" / need).exists():
                raise BuildError(f"the graphics libraries' install has no usr/{need}")
        (stage / MARKER).write_text(" ".join(p.name for p in srcs.values()) + "\n")
        if prefix.exists():
            os.rename(prefix, tmp / "stale")
        os.rename(stage, prefix)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_host_hb(src, prefix, log):
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-hbhost-", dir=prefix.parent))
    try:
        stage = tmp / "stage"
        build_harfbuzz(src, tmp, None, log, clean_env(), cxx="g++", prefix=stage)
        (stage / MARKER).write_text(f"{src.name} for the host\n")
        if prefix.exists():
            os.rename(prefix, tmp / "stale")
        os.rename(stage, prefix)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cached(prefix, force, what, builder):
    """Runs builder(log) into prefix unless a finished build is there; True if it built."""
    if (prefix / MARKER).is_file() and not force:
        return False
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(prefix.parent / f".lock-{prefix.name.rsplit('-', 1)[0]}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (prefix / MARKER).is_file() and not force:
            return False
        if prefix.exists():
            shutil.rmtree(prefix)
        log = prefix.parent / f"{prefix.name}.log"
        log.write_text("")
        say(f"building {what} into {prefix} (log {log})")
        start = time.monotonic()
        builder(log)
        say(f"built {what} in {time.monotonic() - start:.1f} s")
        prune(prefix)
    return True


def prune(keep):
    stem = keep.name.rsplit("-", 1)[0]
    builds = sorted((d for d in keep.parent.glob(f"{stem}-*") if (d / MARKER).is_file()),
                    key=lambda d: (d / MARKER).stat().st_mtime, reverse=True)
    for old in builds[KEEP_BUILDS:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
            old.with_name(old.name + ".log").unlink(missing_ok=True)


def install_tree(src, dest):
    for f in sorted(src.rglob("*")):
        if f.is_dir():
            continue
        target = dest / f.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.exists():
            target.unlink()
        shutil.copy2(f, target, follow_symlinks=False)


def install_fonts(root):
    pkg = Path(tool("path", "fonts-dejavu-core")) / "usr/share/fonts/truetype/dejavu"
    out = root / FONT_IMAGE_DIR
    shutil.rmtree(root, ignore_errors=True)
    out.mkdir(parents=True)
    for line in FONTS_LIST.read_text().splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[1] != "fonts-dejavu-core":
            raise BuildError(f"fonts/fonts.list: {words[0]} comes from {words[1]}, "
                             "which this step does not know")
        if not (pkg / words[0]).is_file():
            raise BuildError(f"fonts/fonts.list: {words[0]} is not in {pkg}")
        shutil.copy2(pkg / words[0], out / words[0])


def main(argv):
    parser = argparse.ArgumentParser(description="Build the graphics libraries into the SDK.")
    parser.add_argument("--sysroot", type=Path, default=REPO / "sysroot")
    parser.add_argument("--build", type=Path, default=REPO / "build")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    sysroot, build = args.sysroot.resolve(), args.build.resolve()
    start = time.monotonic()
    try:
        srcs = sources()
        cache = Path(tool("cache-dir")) / "build"
        host = cache / f"harfbuzz-host-{build_key({'harfbuzz': srcs['harfbuzz']}, sysroot, True)}"
        if not (sysroot / "usr" / "lib" / "libc.a").is_file():
            raise BuildError(f"no libc in {sysroot}/usr: lib/libc/build.py runs first")
        build.mkdir(parents=True, exist_ok=True)
        (build / "cxxrt.log").write_text("")
        run(["make", "-s", "-C", REPO / "lib" / "cxxrt", f"BUILD={build / 'cxxrt'}"],
            build / "cxxrt.log")
        prefix = cache / f"gfxlibs-{build_key(srcs, sysroot)}"
        built = cached(prefix, args.force, "zlib, libpng, FreeType and HarfBuzz",
                       lambda log: build_guest(srcs, sysroot, prefix, log))
        built |= cached(host, args.force, "HarfBuzz for the host",
                        lambda log: build_host_hb(srcs["harfbuzz"], host, log))
        link = build / "host" / "harfbuzz"
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(host)
        install_tree(prefix / "usr", sysroot / "usr")
        shutil.copy2(build / "cxxrt" / "libcxxrt.a", sysroot / "usr" / "lib" / "libcxxrt.a")
        install_fonts(build / "fonts" / "root")
    except BuildError as e:
        print(f"gfxlibs: error: {e}", file=sys.stderr)
        return 1
    what = "built and installed" if built else "installed (cached)"
    say(f"{what} into {sysroot / 'usr'} in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
