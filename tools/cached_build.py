"""Builds a third-party package once into the cache outside the repository, keyed by its
inputs, and hands back the finished build to install from. Shared by lib/libc/build.py,
commands/dash/build.py and tools/build_gfxlibs.py, which keep only what is their package's
own (the recipe, what goes into its key, how it is installed).

What this module owns:
- the build key: `Key` hashes the inputs a script names (versions, flags, compilers, files,
  trees) into 12 hex digits; a finished build lives at `<cache>/build/<family>-...-<key>/`,
  where <cache> is `tools/thirdparty.py cache-dir` (docs/thirdparty.md);
- `ensure`: under a per-family lock, a build runs in a temporary folder beside the cache
  entry, its marker (`MARKER`) is written last and the folder renamed into place, so an
  interrupted build never looks finished; the newest `keep` finished builds of a family are
  kept, older ones (and their logs) removed;
- the helpers the recipes share (a clean environment, a source copy, `-jN`) and `main`, which
  runs a script's step and prints its closing line: "built and installed ..." or
  "installed (cached) ..." with the time taken.
"""
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
from buildlog import BuildError  # noqa: E402
from buildlog import thirdparty as tool  # noqa: E402

MARKER = ".cobalt-built"
# Variables a build must not inherit from the caller: the recipes set what they need.
UNSET = ("CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "CC", "CXX", "CC_FOR_BUILD",
         "CROSS_COMPILE", "PKG_CONFIG_PATH", "PKG_CONFIG_LIBDIR", "PKG_CONFIG_SYSROOT_DIR",
         "MAKEFLAGS", "MFLAGS")


class Key:
    """The sha256 of a build's inputs, fed in order; `hex()` is the key in a cache name."""

    def __init__(self, *parts):
        self.h = hashlib.sha256()
        self.parts(*parts)

    def parts(self, *parts):
        """Plain values (versions, flags, compiler ids), each ended by a NUL."""
        for part in parts:
            self.h.update(str(part).encode() + b"\0")
        return self

    def file(self, label, path):
        """A file's contents under a label (its name, or its place in a tree)."""
        self.h.update(label.encode() + b"\0" + Path(path).read_bytes())
        return self

    def tree(self, root, skip=()):
        """Every file below root by its relative path, except top-level entries in skip."""
        for f in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = f.relative_to(root)
            if rel.parts[0] not in skip:
                self.file(str(rel), f)
        return self

    def hex(self):
        return self.h.hexdigest()[:12]


def tool_version(cmd):
    """The first line of `cmd --version` (a compiler's identity, for a key)."""
    proc = subprocess.run([cmd, "--version"], capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout:
        raise BuildError(f"{cmd} --version failed; is it installed?")
    return proc.stdout.splitlines()[0]


def source(name):
    """(unpacked source folder, version) of the pinned package name."""
    src = Path(tool("path", name))
    prefix = f"{name}-"
    return src, src.name[len(prefix):] if src.name.startswith(prefix) else src.name


def cache_dir():
    """<cache>/build: where finished builds are kept."""
    return Path(tool("cache-dir")) / "build"


def clean_env():
    """os.environ without the build variables of UNSET, in the C locale."""
    env = dict(os.environ, LC_ALL="C")
    for var in UNSET:
        env.pop(var, None)
    return env


def jobs():
    return f"-j{os.cpu_count() or 2}"


def copy_source(src, tmp, name):
    """A copy of the source tree src as tmp/name (the cached source is never changed)."""
    tree = tmp / name
    shutil.copytree(src, tree, symlinks=True)
    return tree


def finished(prefix):
    return (prefix / MARKER).is_file()


def ensure(prefix, family, what, build, say, force=False, keep=3, log=None):
    """Makes sure a finished build is at prefix (`<cache>/build/<family>-...`); True if it
    had to build. build(tmp, stage, log) runs in the temporary folder tmp, leaves the result
    in the folder stage (not yet existing) and returns the marker's text. Its output goes to
    `<prefix>.log` beside it, or is appended to log when one is given."""
    if finished(prefix) and not force:
        return False
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(prefix.parent / f".lock-{family}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be building the same thing
        if finished(prefix) and not force:
            return False
        if log is None:
            log = prefix.parent / f"{prefix.name}.log"
            log.write_text("")
        say(f"building {what} into {prefix} (log {log})")
        start = time.monotonic()
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{family}-", dir=prefix.parent))
        try:
            stage = tmp / "stage"
            text = build(tmp, stage, log)
            (stage / MARKER).write_text(text)
            if prefix.exists():  # a stale, unmarked leftover, or the old build on --force
                os.rename(prefix, tmp / "stale")
            os.rename(stage, prefix)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        say(f"built {what} in {time.monotonic() - start:.1f} s")
        prune(prefix, family, keep)
    return True


def prune(current, family, keep):
    """Removes all but the newest `keep` finished builds of family (and their logs)."""
    builds = sorted((d for d in current.parent.glob(f"{family}-*") if finished(d)),
                    key=lambda d: (d / MARKER).stat().st_mtime, reverse=True)
    for old in builds[keep:]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
            old.with_name(old.name + ".log").unlink(missing_ok=True)


def main(name, step):
    """Runs step() -> (built, where) for the script called name and prints its last line;
    the exit status (1 with `name: error: ...` on a BuildError)."""
    start = time.monotonic()
    try:
        built, where = step()
    except BuildError as e:
        print(f"{name}: error: {e}", file=sys.stderr)
        return 1
    what = "built and installed" if built else "installed (cached)"
    print(f"{name}: {what} {where} in {time.monotonic() - start:.1f} s", flush=True)
    return 0
