#!/usr/bin/python3
"""Builds Cobalt's libc (musl + the platform layer in lib/libc) into the SDK.

  lib/libc/build.py [--sysroot DIR] [--force]

1. Takes the pinned musl source (`tools/thirdparty.py path musl`), copies it into a
   temporary folder (the cached source is never changed) and lays the overlay over the
   copy: OVERLAY below says where each file of lib/libc goes.
2. Builds it static-only (`configure --target=x86_64 --disable-shared`, host gcc,
   CFLAGS below) and installs it into the third-party cache as
   `<cache>/build/libc-cobalt-<musl version>-<key>/`, where <key> hashes the musl
   version, every overlay file, Cobalt's ABI headers, the flags, the compiler, this file
   and tools/cached_build.py. The cache itself (lock, marker written last, pruning) is
   tools/cached_build.py: an interrupted build never looks finished, and a warm build is
   only the copy of step 3.
3. Installs into the sysroot (default: the repository's sysroot/): usr/include (musl's
   headers, plus kernel/include/cobalt/*.h and lib/libc/include/cobalt/*.h as
   usr/include/cobalt/), usr/lib (libc.a, crt1.o, crti.o, crtn.o, musl's empty libm.a and
   friends). sysroot/usr is git-ignored and rebuilt whole each time (timestamps kept, so
   make sees no change when nothing changed).
See docs/libc.md and docs/sdk.md.
"""
import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import cached_build as cache  # noqa: E402
from buildlog import BuildError, run  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CC = "gcc"
CFLAGS = "-O2 -fno-pie -pipe"
CONFIGURE = ["--target=x86_64", "--disable-shared", "--disable-wrapper", "--prefix=/"]
FAMILY = "libc-cobalt"  # cache entries: <cache>/build/libc-cobalt-<version>-<key>
KEEP_BUILDS = 4  # finished builds kept in the cache (the newest); older ones are removed

# lib/libc file (glob) -> folder in the musl tree it goes to. A file that replaces
# one of musl's must find it there (checked): a renamed musl file fails loudly.
OVERLAY = [
    ("arch/x86_64/syscall_arch.h", "arch/x86_64", "replace"),
    ("arch/x86_64/syscall_cp.s", "src/thread/x86_64", "replace"),
    ("arch/x86_64/clone.s", "src/thread/x86_64", "replace"),
    ("arch/x86_64/__set_thread_area.s", "src/thread/x86_64", "replace"),
    ("arch/x86_64/__unmapself.s", "src/thread/x86_64", "replace"),
    ("arch/x86_64/restore.s", "src/signal/x86_64", "replace"),
    ("replace/src/process/posix_spawn.c", "src/process", "replace"),
    ("src/*.c", "src/cobalt", "add"),
    ("src/*.h", "src/cobalt", "add"),
    ("src/x86_64/*.s", "src/cobalt/x86_64", "add"),
]
# musl files removed from the copy: their generic C versions take over.
REMOVE = ["src/process/x86_64/vfork.s"]
# Headers installed as <cobalt/...>: the kernel's ABI (one source of truth) and ours.
COBALT_HEADERS = [REPO / "kernel" / "include" / "cobalt", HERE / "include" / "cobalt"]


def say(msg):
    print(f"libc: {msg}", flush=True)


def overlay_files():
    """(source file, destination folder in the tree, kind) for every overlay file."""
    out = []
    for pattern, dest, kind in OVERLAY:
        found = sorted(HERE.glob(pattern))
        if not found:
            raise BuildError(f"overlay pattern lib/libc/{pattern} matches no file")
        out += [(f, dest, kind) for f in found]
    return out


def header_files():
    return sorted(f for d in COBALT_HEADERS for f in d.glob("*.h"))


def build_key(version):
    key = cache.Key(version, CC, cache.tool_version(CC), CFLAGS, *CONFIGURE, *REMOVE)
    for f, dest, kind in overlay_files():
        key.file(f"{f.relative_to(HERE)} {dest} {kind}", f)
    for f in header_files():
        key.file(str(f.relative_to(REPO)), f)
    # The recipe: this file and the cache's common steps.
    for f in (Path(__file__).resolve(), Path(cache.__file__).resolve()):
        key.file(str(f.relative_to(REPO)), f)
    return key.hex()


def lay_overlay(tree, incdir):
    for f, dest, kind in overlay_files():
        target = tree / dest / f.name
        if kind == "replace" and not target.is_file():
            raise BuildError(f"lib/libc/{f.relative_to(HERE)} replaces {dest}/{f.name}, "
                             "which this musl does not have")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    for rel in REMOVE:
        if not (tree / rel).is_file():
            raise BuildError(f"{rel} (to be removed) is not in this musl")
        (tree / rel).unlink()
    (incdir / "cobalt").mkdir(parents=True)
    for f in header_files():
        shutil.copyfile(f, incdir / "cobalt" / f.name)


# Our own C files are held to the project's standard, which musl's build does not apply.
STRICT = ["-std=c99", "-nostdinc", "-ffreestanding", "-D_XOPEN_SOURCE=700", "-O2", "-Wall",
          "-Wextra", "-Werror", "-fsyntax-only"]


def check_strict(tree, incdir, log, env):
    # musl's own headers as system headers: their warnings are not ours.
    includes = [a for d in ("./arch/x86_64", "./arch/generic", "obj/src/internal", "./src/include",
                            "./src/internal", "obj/include", "./include")
                for a in ("-isystem", d)] + [f"-I{incdir}"]
    for f, dest, _ in overlay_files():
        if f.suffix == ".c":
            run([CC, *STRICT, *includes, f"{dest}/{f.name}"], log, cwd=tree, env=env)


def build(src, tmp, stage, log):
    """musl with the overlay, installed into stage; the text of the cache marker."""
    tree, incdir = cache.copy_source(src, tmp, "musl"), tmp / "include"
    lay_overlay(tree, incdir)
    # --target=x86_64 names the architecture; the tools are the host's, unprefixed.
    env = dict(cache.clean_env(), AR="ar", RANLIB="ranlib")
    run(["./configure", *CONFIGURE, f"CC={CC}", f"CFLAGS={CFLAGS}",
         f"CPPFLAGS=-I{incdir}"], log, cwd=tree, env=env)
    run(["make", cache.jobs()], log, cwd=tree, env=env)
    check_strict(tree, incdir, log, env)
    run(["make", "install", f"DESTDIR={stage}"], log, cwd=tree, env=env)
    for need in ("lib/libc.a", "lib/crt1.o", "lib/crti.o", "lib/crtn.o", "include/stdio.h"):
        if not (stage / need).is_file():
            raise BuildError(f"the musl install in {stage} has no {need}")
    if list((stage / "lib").glob("*.so*")):
        raise BuildError("musl was configured static-only but installed a shared libc")
    return (f"Cobalt libc: musl {src.name} + lib/libc, {' '.join(CONFIGURE)} CFLAGS={CFLAGS}, "
            f"{cache.tool_version(CC)}\n")


def ensure_built(force=False):
    src, version = cache.source("musl")
    prefix = cache.cache_dir() / f"{FAMILY}-{version}-{build_key(version)}"
    built = cache.ensure(prefix, FAMILY, f"musl {version} with the Cobalt overlay",
                         lambda tmp, stage, log: build(src, tmp, stage, log), say, force,
                         KEEP_BUILDS)
    return prefix, built


def install(prefix, sysroot):
    usr = sysroot / "usr"
    tmp = sysroot / ".usr.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    shutil.copytree(prefix / "include", tmp / "include", copy_function=shutil.copy2)
    shutil.copytree(prefix / "lib", tmp / "lib", copy_function=shutil.copy2)
    (tmp / "include" / "cobalt").mkdir()
    for f in header_files():
        shutil.copy2(f, tmp / "include" / "cobalt" / f.name)
    old = sysroot / ".usr.old"
    shutil.rmtree(old, ignore_errors=True)
    if usr.exists():
        os.rename(usr, old)
    os.rename(tmp, usr)
    shutil.rmtree(old, ignore_errors=True)


def main(argv):
    parser = argparse.ArgumentParser(description="Build Cobalt's libc into the sysroot.")
    parser.add_argument("--sysroot", type=Path, default=REPO / "sysroot")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)

    def step():
        prefix, built = ensure_built(args.force)
        install(prefix, args.sysroot.resolve())
        return built, f"into {args.sysroot / 'usr'}"
    return cache.main("libc", step)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
