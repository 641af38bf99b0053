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
   file, the flags, the compiler, cobalt-cc and the SDK's libc (libc.a and the crt files).
   A finished build carries a marker written last, under a lock.
3. Installs it as DIR/bin/dash and DIR/bin/sh (timestamps kept: make and the image packer
   see no change when nothing changed).
See docs/shell.md.
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

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tools"))
from buildlog import BuildError, run  # noqa: E402
from buildlog import thirdparty as tool  # noqa: E402

CFLAGS = "-O2 -pipe"
# Debian's flags (debian/rules): dash's own fnmatch and glob, no $LINENO.
CONFIGURE = ["--host=x86_64-linux-musl", "--disable-fnmatch", "--disable-lineno",
             "--disable-glob"]
MARKER = ".cobalt-built"
KEEP_BUILDS = 3
NAMES = ("dash", "sh")  # installed as bin/<name>


def say(msg):
    print(f"dash: {msg}", flush=True)


def build_key(version, sysroot):
    h = hashlib.sha256()
    cc = sysroot / "bin" / "cobalt-cc"
    gcc = subprocess.run(["gcc", "--version"], capture_output=True, text=True).stdout
    for part in [version, CFLAGS, *CONFIGURE, gcc.splitlines()[0] if gcc else "?"]:
        h.update(part.encode() + b"\0")
    for f in [Path(__file__).resolve(), cc] + [sysroot / "usr" / "lib" / n for n in
                                               ("libc.a", "crt1.o", "crti.o", "crtn.o")]:
        if not f.is_file():
            raise BuildError(f"{f} is missing: build the SDK first (lib/libc/build.py)")
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


def build(src, prefix, sysroot, log):
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-dash-", dir=prefix.parent))
    try:
        tree = tmp / "dash"
        shutil.copytree(src, tree, symlinks=True)
        env = dict(os.environ, LC_ALL="C")
        for var in ("CFLAGS", "CPPFLAGS", "LDFLAGS", "CC", "CC_FOR_BUILD"):
            env.pop(var, None)
        run(["autoreconf", "-fi"], log, cwd=tree, env=env)
        run(["./configure", *CONFIGURE, f"CC={sysroot / 'bin' / 'cobalt-cc'}",
             "CC_FOR_BUILD=gcc", f"CFLAGS={CFLAGS}"], log, cwd=tree, env=env)
        run(["make", f"-j{os.cpu_count() or 2}"], log, cwd=tree, env=env)
        stage = tmp / "stage"
        stage.mkdir()
        shutil.copy2(tree / "src" / "dash", stage / "dash")
        (stage / MARKER).write_text(f"dash {src.name} for Cobalt: {' '.join(CONFIGURE)} "
                                    f"CFLAGS={CFLAGS}\n")
        if prefix.exists():
            os.rename(prefix, tmp / "stale")
        os.rename(stage, prefix)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_built(sysroot, force):
    src = Path(tool("path", "dash"))
    version = src.name[len("dash-"):]
    cache = Path(tool("cache-dir")) / "build"
    prefix = cache / f"dash-cobalt-{version}-{build_key(version, sysroot)}"
    if (prefix / MARKER).is_file() and not force:
        return prefix, False
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock-dash", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (prefix / MARKER).is_file() and not force:
            return prefix, False
        log = cache / f"{prefix.name}.log"
        log.write_text("")
        say(f"building dash {version} into {prefix} (log {log})")
        build(src, prefix, sysroot, log)
        prune(prefix)
    return prefix, True


def prune(keep):
    builds = sorted((d for d in keep.parent.glob("dash-cobalt-*") if (d / MARKER).is_file()),
                    key=lambda d: (d / MARKER).stat().st_mtime, reverse=True)
    for old in builds[KEEP_BUILDS:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
            old.with_name(old.name + ".log").unlink(missing_ok=True)


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
    start = time.monotonic()
    try:
        prefix, built = ensure_built(args.sysroot.resolve(), args.force)
        install(prefix, args.root)
    except BuildError as e:
        print(f"dash: error: {e}", file=sys.stderr)
        return 1
    what = "built and installed" if built else "installed (cached)"
    say(f"{what} as {args.root / 'bin'}/{{dash,sh}} in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
