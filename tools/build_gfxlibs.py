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
   and RECIPE below, the compiler, the SDK wrappers and musl's headers. The cache itself
   (lock, marker written last, pruning) is tools/cached_build.py: a warm build is only the
   copy of step 4.
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
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cached_build as cache  # noqa: E402
from buildlog import BuildError, run  # noqa: E402
from buildlog import thirdparty as tool  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# Part of the build key with the flags below: bump it whenever a build step changes (here or
# in the common steps of tools/cached_build.py that these builds use).
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


def build_key(srcs, sysroot, host=False):
    key = cache.Key(RECIPE, CFLAGS, *HB_FLAGS, *HB_FT_FLAGS, *HOST_TRIPLET, *FREETYPE_CONFIGURE)
    key.parts(*(f"{name} {path.name}" for name, path in sorted(srcs.items())))
    key.parts(cache.tool_version("gcc"), cache.tool_version("g++"))
    if not host:
        for f in sorted((sysroot / "bin").iterdir()):
            key.file(f.name, f)
        # Cobalt's own headers (<cobalt/...>: the kernel ABI, libscheme...) are not used
        # by these libraries: a change there must not rebuild them.
        key.tree(sysroot / "usr" / "include", skip=OURS | {"cobalt"})
    return key.hex()


def build_zlib(src, tmp, bsys, log, env):
    tree = cache.copy_source(src, tmp, "zlib")
    e = dict(env, CC=str(bsys / "bin" / "cobalt-cc"), CFLAGS=CFLAGS)
    run(["./configure", "--static", "--prefix=/usr"], log, cwd=tree, env=e)
    run(["make", cache.jobs(), "libz.a"], log, cwd=tree, env=e)
    run(["make", "install", f"DESTDIR={bsys}"], log, cwd=tree, env=e)


def autoconf_build(tree, bsys, log, env, extra):
    e = dict(env, CC=str(bsys / "bin" / "cobalt-cc"), CFLAGS=CFLAGS,
             PKG_CONFIG="/usr/bin/pkg-config",
             PKG_CONFIG_LIBDIR=str(bsys / "usr" / "lib" / "pkgconfig"),
             PKG_CONFIG_SYSROOT_DIR=str(bsys))
    run(["./configure", *HOST_TRIPLET, "--prefix=/usr", "--disable-shared", "--enable-static",
         *extra], log, cwd=tree, env=e)
    run(["make", cache.jobs()], log, cwd=tree, env=e)
    run(["make", "install", f"DESTDIR={bsys}"], log, cwd=tree, env=e)


def build_libpng(src, tmp, bsys, log, env):
    tree = cache.copy_source(src, tmp, "libpng")
    autoconf_build(tree, bsys, log, env, [])


def build_freetype(src, tmp, bsys, log, env):
    tree = cache.copy_source(src, tmp, "freetype")
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
    tree = cache.copy_source(src, tmp, "harfbuzz")
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


def build_guest(srcs, sysroot, tmp, stage, log):
    """The four libraries for Cobalt, what they install kept in stage/usr; the marker's text."""
    bsys = tmp / "sysroot"
    shutil.copytree(sysroot / "bin", bsys / "bin")
    shutil.copytree(sysroot / "usr", bsys / "usr", symlinks=True,
                    ignore=lambda d, names: [n for n in names if n in OURS and
                                             Path(d).parent == sysroot / "usr"])
    before = files_under(bsys / "usr")
    env = cache.clean_env()
    for name, step in (("zlib", build_zlib), ("libpng1.6", build_libpng),
                       ("freetype", build_freetype), ("harfbuzz", build_harfbuzz)):
        start = time.monotonic()
        step(srcs[name], tmp, bsys, log, env)
        if name == "harfbuzz":
            check_no_cxx_runtime(bsys / "usr" / "lib" / "libharfbuzz.a")
        say(f"  {name}: {time.monotonic() - start:.1f} s")
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
    return " ".join(p.name for p in srcs.values()) + "\n"


def build_host_hb(src, tmp, stage, log):
    """HarfBuzz for the host into stage; the marker's text."""
    build_harfbuzz(src, tmp, None, log, cache.clean_env(), cxx="g++", prefix=stage)
    return f"{src.name} for the host\n"


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

    def step():
        srcs = sources()
        builds = cache.cache_dir()
        host = builds / f"harfbuzz-host-{build_key({'harfbuzz': srcs['harfbuzz']}, sysroot, True)}"
        if not (sysroot / "usr" / "lib" / "libc.a").is_file():
            raise BuildError(f"no libc in {sysroot}/usr: lib/libc/build.py runs first")
        build.mkdir(parents=True, exist_ok=True)
        (build / "cxxrt.log").write_text("")
        run(["make", "-s", "-C", REPO / "lib" / "cxxrt", f"BUILD={build / 'cxxrt'}"],
            build / "cxxrt.log")
        prefix = builds / f"gfxlibs-{build_key(srcs, sysroot)}"
        built = cache.ensure(prefix, "gfxlibs", "zlib, libpng, FreeType and HarfBuzz",
                             lambda tmp, stage, log: build_guest(srcs, sysroot, tmp, stage, log),
                             say, args.force, KEEP_BUILDS)
        built |= cache.ensure(host, "harfbuzz-host", "HarfBuzz for the host",
                              lambda tmp, stage, log: build_host_hb(srcs["harfbuzz"], tmp, stage,
                                                                    log),
                              say, args.force, KEEP_BUILDS)
        link = build / "host" / "harfbuzz"
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(host)
        install_tree(prefix / "usr", sysroot / "usr")
        shutil.copy2(build / "cxxrt" / "libcxxrt.a", sysroot / "usr" / "lib" / "libcxxrt.a")
        install_fonts(build / "fonts" / "root")
        return built, f"into {sysroot / 'usr'}"
    return cache.main("gfxlibs", step)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
