#!/usr/bin/python3
"""Builds Cobalt's libc (musl + the platform layer in lib/libc) into the SDK.

  lib/libc/build.py [--sysroot DIR] [--force]

1. Takes the pinned musl source (`tools/thirdparty.py path musl`), copies it into a
   temporary folder (the cached source is never changed) and lays the overlay over the
   copy: OVERLAY below says where each file of lib/libc goes.
2. Builds it static-only (`configure --target=x86_64 --disable-shared`, host gcc,
   CFLAGS below) and installs it into the third-party cache as
   `<cache>/build/libc-cobalt-<musl version>-<key>/`, where <key> hashes the musl
   version, every overlay file, Cobalt's ABI headers, the flags and the compiler. A
   finished build carries a marker written last, under a lock: an interrupted build never
   looks finished, and a warm build is only the copy of step 3.
3. Installs into the sysroot (default: the repository's sysroot/): usr/include (musl's
   headers, plus kernel/include/cobalt/*.h and lib/libc/include/cobalt/*.h as
   usr/include/cobalt/), usr/lib (libc.a, crt1.o, crti.o, crtn.o, musl's empty libm.a and
   friends). sysroot/usr is git-ignored and rebuilt whole each time (timestamps kept, so
   make sees no change when nothing changed).
See docs/libc.md and docs/sdk.md.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from buildlog import BuildError, run  # noqa: E402
from buildlog import thirdparty as tool  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CC = "gcc"
CFLAGS = "-O2 -fno-pie -pipe"
CONFIGURE = ["--target=x86_64", "--disable-shared", "--disable-wrapper", "--prefix=/"]
MARKER = ".cobalt-built"
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


def compiler_id():
    proc = subprocess.run([CC, "--version"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"{CC} --version failed; is gcc installed?")
    return proc.stdout.splitlines()[0]


def build_key(version):
    h = hashlib.sha256()
    for part in [version, CC, compiler_id(), CFLAGS, *CONFIGURE, *REMOVE]:
        h.update(part.encode() + b"\0")
    for f, dest, kind in overlay_files():
        h.update(f"{f.relative_to(HERE)} {dest} {kind}\0".encode() + f.read_bytes())
    for f in header_files():
        h.update(f"{f.relative_to(REPO)}\0".encode() + f.read_bytes())
    return h.hexdigest()[:12]


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


def build(src, prefix, log):
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=prefix.parent))
    try:
        tree, incdir, stage = tmp / "musl", tmp / "include", tmp / "stage"
        shutil.copytree(src, tree, symlinks=True)
        lay_overlay(tree, incdir)
        env = dict(os.environ, LC_ALL="C")
        for var in ("CFLAGS", "CPPFLAGS", "LDFLAGS", "CROSS_COMPILE", "CC"):
            env.pop(var, None)
        # --target=x86_64 names the architecture; the tools are the host's, unprefixed.
        env.update(AR="ar", RANLIB="ranlib")
        run(["./configure", *CONFIGURE, f"CC={CC}", f"CFLAGS={CFLAGS}",
             f"CPPFLAGS=-I{incdir}"], log, cwd=tree, env=env)
        run(["make", f"-j{os.cpu_count() or 2}"], log, cwd=tree, env=env)
        check_strict(tree, incdir, log, env)
        run(["make", "install", f"DESTDIR={stage}"], log, cwd=tree, env=env)
        for need in ("lib/libc.a", "lib/crt1.o", "lib/crti.o", "lib/crtn.o", "include/stdio.h"):
            if not (stage / need).is_file():
                raise BuildError(f"the musl install in {stage} has no {need}")
        if list((stage / "lib").glob("*.so*")):
            raise BuildError("musl was configured static-only but installed a shared libc")
        (stage / MARKER).write_text(f"Cobalt libc: musl {src.name} + lib/libc, "
                                    f"{' '.join(CONFIGURE)} CFLAGS={CFLAGS}, {compiler_id()}\n")
        if prefix.exists():  # a stale, unmarked leftover
            os.rename(prefix, tmp / "stale")
        os.rename(stage, prefix)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_built(force=False):
    src = Path(tool("path", "musl"))
    cache = Path(tool("cache-dir"))
    version = src.name[len("musl-"):] if src.name.startswith("musl-") else src.name
    prefix = cache / "build" / f"libc-cobalt-{version}-{build_key(version)}"
    if (prefix / MARKER).is_file() and not force:
        return prefix, False
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(prefix.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be building the same libc
        if (prefix / MARKER).is_file() and not force:
            return prefix, False
        if force and prefix.exists():
            shutil.rmtree(prefix)
        log = prefix.parent / f"{prefix.name}.log"
        log.write_text("")
        say(f"building musl {version} with the Cobalt overlay into {prefix} (log {log})")
        build(src, prefix, log)
        prune(prefix)
    return prefix, True


def prune(keep):
    """Removes all but the newest KEEP_BUILDS finished libc builds (and their logs)."""
    builds = sorted((d for d in keep.parent.glob("libc-cobalt-*") if (d / MARKER).is_file()),
                    key=lambda d: (d / MARKER).stat().st_mtime, reverse=True)
    for old in builds[KEEP_BUILDS:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
            old.with_name(old.name + ".log").unlink(missing_ok=True)


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
    start = time.monotonic()
    try:
        prefix, built = ensure_built(args.force)
        install(prefix, args.sysroot.resolve())
    except BuildError as e:
        print(f"libc: error: {e}", file=sys.stderr)
        return 1
    what = "built and installed" if built else "installed (cached)"
    say(f"{what} into {args.sysroot / 'usr'} in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
