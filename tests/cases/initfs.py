"""Host-side tests of tools/mkinitfs.py, the boot-image archive writer (docs/initfs.md).

The archives it writes are read back here by a reader of our own, written from the format
document and not from the tool's code, so a mistake shared by writer and reader cannot hide.
The tool is always run as the build runs it: a separate process with NAME=HOSTPATH
arguments. Owns INFS*.
"""
import os
import struct
import subprocess

from harness import paths
from harness.registry import Fail, case

PYTHON = "/usr/bin/python3"
MAGIC = b"CBIFS001"
FILE_MAX = 64 << 20


def _tool(t):
    return t.repo / "tools" / "mkinitfs.py"


def run_mkinitfs(t, out, *specs):
    """(exit status, stderr) of `mkinitfs.py -o out specs...`."""
    p = subprocess.run([PYTHON, str(_tool(t)), "-o", str(out), *map(str, specs)],
                       capture_output=True, text=True, timeout=50)
    t.log(f"mkinitfs {' '.join(map(str, specs))[:300]} -> {p.returncode} {p.stderr.strip()}")
    return p.returncode, p.stderr


def read_archive(blob: bytes) -> dict:
    """name -> bytes, checking every rule of docs/initfs.md; raises Fail on a broken one."""
    if len(blob) < 16:
        raise Fail(f"archive of {len(blob)} bytes is shorter than its 16-byte header")
    magic, count, total = struct.unpack_from("<8sII", blob, 0)
    if magic != MAGIC:
        raise Fail(f"magic is {magic!r}, expected {MAGIC!r}")
    if total != len(blob):
        raise Fail(f"header total size {total} but the file has {len(blob)} bytes")
    if total % 16:
        raise Fail(f"total size {total} is not a multiple of 16")
    table_end = 16 + 64 * count
    if table_end > total:
        raise Fail(f"{count} entries need {table_end} bytes, the archive has {total}")
    files, spans, names = {}, [], []
    for i in range(count):
        raw, off, size, reserved = struct.unpack_from("<48sIIQ", blob, 16 + 64 * i)
        name = raw.rstrip(b"\0")
        if b"\0" in name or not name or raw[47] != 0:
            raise Fail(f"entry {i}: name field {raw!r} is not 1..47 bytes NUL-padded")
        if reserved != 0:
            raise Fail(f"entry {i} ({name!r}): reserved field is {reserved}, expected 0")
        if off % 16:
            raise Fail(f"entry {i} ({name!r}): offset {off} is not 16-aligned")
        if off < table_end or off + size > total:
            raise Fail(f"entry {i} ({name!r}): data {off}..{off + size} outside the data area "
                       f"{table_end}..{total}")
        text = name.decode("ascii")
        if text in files:
            raise Fail(f"entry {i}: duplicate name {text!r}")
        files[text] = blob[off:off + size]
        names.append(text)
        if size:
            spans.append((off, off + size, text))
    spans.sort()
    for (a0, a1, an), (b0, b1, bn) in zip(spans, spans[1:]):
        if b0 < a1:
            raise Fail(f"the data of {an!r} and {bn!r} overlap")
    return files


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@case("INFS0001", "mkinitfs: an archive round-trips through an independent reader", qemu=False)
def round_trip(t):
    src = t.workdir / "src"
    contents = {
        "bin/ktest": b"\x7fELF" + bytes(range(256)) * 9,
        "etc/motd": b"hello\n",
        "empty": b"",
        "one": b"x",
        "seventeen/bytes.bin": b"0123456789abcdef!",
        "a" * 47: b"longest name",
        "x-y_z.1/2/3": b"\0\0\0",
    }
    specs = [f"{name}={_write(src / f'f{i}', data)}" for i, (name, data) in
             enumerate(contents.items())]
    out = t.workdir / "initfs"
    rc, err = run_mkinitfs(t, out, *specs)
    if rc != 0:
        raise Fail(f"mkinitfs refused valid input (status {rc}): {err.strip()}")
    got = read_archive(out.read_bytes())
    if set(got) != set(contents):
        raise Fail(f"archive holds {sorted(got)}, expected {sorted(contents)}")
    for name, data in contents.items():
        if got[name] != data:
            raise Fail(f"{name!r}: {len(got[name])} bytes read back differ from the "
                       f"{len(data)} bytes put in")


@case("INFS0002", "mkinitfs: bad names are refused with a clear error, no archive written",
      qemu=False)
def bad_names(t):
    f = _write(t.workdir / "data", b"data")
    bad = ["", "/bin/ktest", "bin/", "a//b", "./a", "bin/../x", "..", ".", "a b", "a\tb",
           "caf\u00e9", "a" * 48, "a\\b", "a:b", "a*b"]
    out = t.workdir / "initfs"
    for name in bad:
        rc, err = run_mkinitfs(t, out, f"ok={f}", f"{name}={f}")
        if rc == 0:
            raise Fail(f"mkinitfs accepted the bad name {name!r}")
        if "name" not in err or "Traceback" in err:
            raise Fail(f"for {name!r} the error does not say what is wrong: {err.strip()!r}")
        if out.exists():
            raise Fail(f"mkinitfs wrote {out.name} although it refused {name!r}")


@case("INFS0003", "mkinitfs: duplicate names are refused", qemu=False)
def duplicates(t):
    a = _write(t.workdir / "a", b"a")
    b = _write(t.workdir / "b", b"b")
    out = t.workdir / "initfs"
    rc, err = run_mkinitfs(t, out, f"bin/x={a}", f"etc/y={a}", f"bin/x={b}")
    if rc == 0:
        raise Fail("mkinitfs accepted bin/x twice")
    if "duplicate" not in err or "bin/x" not in err:
        raise Fail(f"the error does not name the duplicate: {err.strip()!r}")
    if out.exists():
        raise Fail("mkinitfs wrote an archive although it refused the input")


@case("INFS0004", "mkinitfs: a file over 64 MiB is refused, one of exactly 64 MiB accepted",
      qemu=False)
def size_limit(t):
    big = t.workdir / "big"
    with open(big, "wb") as f:  # sparse: no 64 MiB written to disk
        f.truncate(FILE_MAX + 1)
    out = t.workdir / "initfs"
    rc, err = run_mkinitfs(t, out, f"big={big}")
    if rc == 0:
        raise Fail(f"mkinitfs accepted a file of {FILE_MAX + 1} bytes")
    if "64 MiB" not in err:
        raise Fail(f"the error does not name the 64 MiB limit: {err.strip()!r}")
    with open(big, "r+b") as f:
        f.truncate(FILE_MAX)
    rc, err = run_mkinitfs(t, out, f"big={big}")
    if rc != 0:
        raise Fail(f"mkinitfs refused a file of exactly 64 MiB: {err.strip()}")
    files = read_archive(out.read_bytes())
    if len(files.get("big", b"")) != FILE_MAX:
        raise Fail("the 64 MiB file did not come back whole")
    out.unlink()


@case("INFS0005", "mkinitfs: the same files in any order give the same bytes", qemu=False)
def deterministic(t):
    specs = [f"{n}={_write(t.workdir / 'src' / n.replace('/', '_'), n.encode() * 3)}"
             for n in ("bin/b", "bin/a", "etc/motd", "z")]
    one, two = t.workdir / "one", t.workdir / "two"
    for out, order in ((one, specs), (two, list(reversed(specs)))):
        rc, err = run_mkinitfs(t, out, *order)
        if rc != 0:
            raise Fail(f"mkinitfs failed: {err.strip()}")
    if one.read_bytes() != two.read_bytes():
        raise Fail("two runs with the same files in another order gave different archives")
    read_archive(one.read_bytes())


@case("INFS0006", "mkinitfs: bad NAME=HOSTPATH arguments are refused with a clear error",
      qemu=False)
def bad_arguments(t):
    out = t.workdir / "initfs"
    for spec, words in (("no-equals-sign", "NAME=HOSTPATH"), ("bin/x=", "NAME=HOSTPATH"),
                        (f"bin/x={t.workdir / 'missing'}", "missing")):
        rc, err = run_mkinitfs(t, out, spec)
        if rc == 0:
            raise Fail(f"mkinitfs accepted {spec!r}")
        if words not in err or "Traceback" in err:
            raise Fail(f"the error for {spec!r} does not say what is wrong: {err.strip()!r}")
    if os.path.exists(out):
        raise Fail("mkinitfs wrote an archive for bad arguments")


@case("INFS0007", "the built boot image holds ktest, every kt_* program, bin/bad/* and etc/motd",
      qemu=False)
def built_image(t):
    image = paths.BUILD / "iso" / "boot" / "initfs"
    if not image.exists():
        raise Fail(f"{paths.rel(image)} does not exist: build it first (./build.sh build)")
    files = read_archive(image.read_bytes())
    guest = t.repo / "tests" / "guest"
    programs = ["ktest"] + sorted({p.stem for p in guest.glob("kt_*.c")} |
                                  {p.name for p in guest.glob("kt_*") if p.is_dir()})
    for prog in programs:
        data = files.get(f"bin/{prog}")
        if data is None:
            raise Fail(f"bin/{prog} is not in the boot image (it has {sorted(files)[:12]}...)")
        if data[:4] != b"\x7fELF":
            raise Fail(f"bin/{prog} in the boot image is not an ELF file")
    if "etc/motd" not in files or files["etc/motd"][:4] == b"\x7fELF":
        raise Fail("etc/motd, the non-ELF data file, is missing or is an ELF")
    bad = [n for n in files if n.startswith("bin/bad/")]
    if len(bad) < 10:
        raise Fail(f"only {len(bad)} broken ELF variants under bin/bad/ in the boot image")
