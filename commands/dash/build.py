#!/usr/bin/python3
"""Builds Debian's dash (Cobalt's /bin/sh) with the SDK and installs it into a root tree.

  commands/dash/build.py --root DIR [--sysroot DIR] [--force]

1. Takes the pinned dash source package (`tools/thirdparty.py path dash`: Debian's patches
   from debian/patches/series are already applied by dpkg-source), copies it into a
   temporary folder, regenerates the autotools files (`autoreconf -fi`, as Debian's
   dh_autoreconf does: two of the patches change configure.ac and src/Makefile.am), and
   cross-configures it for Cobalt (`--host=x86_64-linux-musl`, CC=sysroot/bin/cobalt-cc,
   the helpers that generate code run on the host with gcc) with Debian's own configure
   flags (debian/rules).
2. `make`, and keeps `src/dash` in the cache as
   `<cache>/build/dash-cobalt-<version>-<key>/dash`, where <key> hashes the version, this
   file and tools/cached_build.py, the flags, the compiler, cobalt-cc and the SDK's libc
   (libc.a and the crt files). The cache itself (lock, marker written last, pruning) is
   tools/cached_build.py.
3. Installs it as DIR/bin/dash and DIR/bin/sh (timestamps kept: make and the image packer
   see no change when nothing changed).
See docs/shell.md.
"""
import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tools"))
import cached_build as cache  # noqa: E402
from buildlog import BuildError, run  # noqa: E402

CFLAGS = "-O2 -pipe"
# Debian's flags (debian/rules): dash's own fnmatch and glob, no $LINENO.
CONFIGURE = ["--host=x86_64-linux-musl", "--disable-fnmatch", "--disable-lineno",
             "--disable-glob"]
FAMILY = "dash-cobalt"  # cache entries: <cache>/build/dash-cobalt-<version>-<key>
KEEP_BUILDS = 3
NAMES = ("dash", "sh")  # installed as bin/<name>


def say(msg):
    print(f"dash: {msg}", flush=True)


def build_key(version, sysroot):
    key = cache.Key(version, CFLAGS, *CONFIGURE, cache.tool_version("gcc"))
    # The recipe is this file and the cache's common steps (tools/cached_build.py).
    for f in [Path(__file__).resolve(), Path(cache.__file__).resolve(),
              sysroot / "bin" / "cobalt-cc"] + [
            sysroot / "usr" / "lib" / n for n in ("libc.a", "crt1.o", "crti.o", "crtn.o")]:
        if not f.is_file():
            raise BuildError(f"{f} is missing: build the SDK first (lib/libc/build.py)")
        key.file(f.name, f)
    return key.hex()


def build(src, sysroot, tmp, stage, log):
    """dash built into stage/dash; the text of the cache marker."""
    tree = cache.copy_source(src, tmp, "dash")
    env = cache.clean_env()
    run(["autoreconf", "-fi"], log, cwd=tree, env=env)
    run(["./configure", *CONFIGURE, f"CC={sysroot / 'bin' / 'cobalt-cc'}",
         "CC_FOR_BUILD=gcc", f"CFLAGS={CFLAGS}"], log, cwd=tree, env=env)
    run(["make", cache.jobs()], log, cwd=tree, env=env)
    stage.mkdir()
    shutil.copy2(tree / "src" / "dash", stage / "dash")
    return f"dash {src.name} for Cobalt: {' '.join(CONFIGURE)} CFLAGS={CFLAGS}\n"


def ensure_built(sysroot, force):
    src, version = cache.source("dash")
    prefix = cache.cache_dir() / f"{FAMILY}-{version}-{build_key(version, sysroot)}"
    built = cache.ensure(prefix, FAMILY, f"dash {version}",
                         lambda tmp, stage, log: build(src, sysroot, tmp, stage, log), say,
                         force, KEEP_BUILDS)
    return prefix, built


def install(prefix, root):
    (root / "bin").mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        dest = root / "bin" / name
        if dest.is_file() and dest.read_bytes() == (prefix / "dash").read_bytes():
            continue
        shutil.copy2(prefix / "dash", dest)


def main(argv):
    parser = argparse.ArgumentParser(description="Build dash for Cobalt.")
    parser.add_argument("--root", type=Path, required=True, help="install into ROOT/bin")
    parser.add_argument("--sysroot", type=Path, default=REPO / "sysroot")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)

    def step():
        prefix, built = ensure_built(args.sysroot.resolve(), args.force)
        install(prefix, args.root)
        return built, f"as {args.root / 'bin'}/{{dash,sh}}"
    return cache.main("dash", step)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
