#!/usr/bin/python3
"""Builds Cobalt's boot-image archive (initfs) from NAME=HOSTPATH arguments.

    tools/mkinitfs.py -o build/iso/boot/initfs bin/ktest=build/guest/root/bin/ktest ...
    tools/mkinitfs.py --list build/iso/boot/initfs

Owns the writer side of the format in docs/initfs.md (the kernel's reader is
kernel/lib/initfs.c). Standard library only. Every rule the kernel relies on is checked
here first, so a bad archive is never produced: a name that is not 1..47 bytes of
[A-Za-z0-9._/-] or not a clean relative path, a duplicate name, a file over 64 MiB, more
than 4096 files, an archive over 4 GiB. Entries are sorted by name, so the same inputs always give the same
bytes, whatever their order on the command line.
"""
import argparse
import os
import re
import struct
import sys
import tempfile

MAGIC = b"CBIFS001"
HEADER = struct.Struct("<8sII")  # magic, entry count, total archive size
ENTRY = struct.Struct("<48sIIQ")  # name (NUL-padded), offset, size, reserved
NAME_MAX = 47  # bytes; the 48th is always NUL
FILE_MAX = 64 << 20  # bytes per file
ALIGN = 16  # every file's offset, and the archive's total size
ENTRIES_MAX = 4096  # files per archive (the kernel's table limit)
NAME_RE = re.compile(r"^[A-Za-z0-9._/-]{1,%d}$" % NAME_MAX)


class InitfsError(Exception):
    """A bad input, with a message naming the offending argument."""


def check_name(name: str) -> str:
    """The reason `name` is not a valid archive path, or "" when it is."""
    if not NAME_RE.match(name):
        if not name:
            return "the name is empty"
        if len(name.encode("utf-8", "replace")) > NAME_MAX:
            return f"the name is longer than {NAME_MAX} bytes"
        bad = sorted({c for c in name if not re.match(r"[A-Za-z0-9._/-]", c)})
        return f"the name has characters outside [A-Za-z0-9._/-]: {''.join(bad)!r}"
    # Rule: a clean relative path, so the kernel never has to normalise one.
    if name.startswith("/"):
        return "the name starts with '/' (archive paths are relative: bin/ktest)"
    if name.endswith("/"):
        return "the name ends with '/' (directories are not stored, only files)"
    parts = name.split("/")
    if "" in parts:
        return "the name has an empty path component ('//')"
    if any(p in (".", "..") for p in parts):
        return "the name has a '.' or '..' component"
    return ""


def _align(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def build(files) -> bytes:
    """The archive holding `files`, a list of (name, data bytes). Raises InitfsError."""
    if len(files) > ENTRIES_MAX:
        raise InitfsError(f"{len(files)} files, over the {ENTRIES_MAX} an archive holds")
    seen = set()
    for name, data in files:
        why = check_name(name)
        if why:
            raise InitfsError(f"bad name {name!r}: {why}")
        if name in seen:
            raise InitfsError(f"duplicate name {name!r}")
        seen.add(name)
        if len(data) > FILE_MAX:
            raise InitfsError(f"{name!r} is {len(data)} bytes, over the {FILE_MAX >> 20} MiB "
                              f"limit per file")
    files = sorted(files, key=lambda f: f[0].encode())
    offset = _align(HEADER.size + ENTRY.size * len(files))
    table, layout = [], []
    for name, data in files:
        table.append(ENTRY.pack(name.encode(), offset, len(data), 0))
        layout.append((offset, data))
        offset = _align(offset + len(data))
    total = offset
    if total > 0xFFFFFFFF:
        raise InitfsError(f"the archive would be {total} bytes, over the 4 GiB the format holds")
    out = bytearray(total)
    out[:HEADER.size] = HEADER.pack(MAGIC, len(files), total)
    for i, row in enumerate(table):
        out[HEADER.size + i * ENTRY.size:HEADER.size + (i + 1) * ENTRY.size] = row
    for off, data in layout:
        out[off:off + len(data)] = data
    return bytes(out)


def parse(blob: bytes) -> list:
    """[(name, offset, size)] of an archive, checking every rule. Raises InitfsError."""
    if len(blob) < HEADER.size:
        raise InitfsError(f"{len(blob)} bytes is shorter than the {HEADER.size}-byte header")
    magic, count, total = HEADER.unpack_from(blob)
    if magic != MAGIC:
        raise InitfsError(f"bad magic {magic!r}, expected {MAGIC!r}")
    if total != len(blob) or total % ALIGN:
        raise InitfsError(f"total size {total} does not match the {len(blob)}-byte file "
                          f"(or is not a multiple of {ALIGN})")
    if count > ENTRIES_MAX or HEADER.size + count * ENTRY.size > total:
        raise InitfsError(f"{count} entries do not fit in {total} bytes")
    rows = []
    for i in range(count):
        raw, off, size, reserved = ENTRY.unpack_from(blob, HEADER.size + i * ENTRY.size)
        name = raw.split(b"\0", 1)[0].decode("ascii", "replace")
        if raw[len(name):].strip(b"\0") or check_name(name):
            raise InitfsError(f"entry {i}: bad name {raw!r}")
        if off % ALIGN or off + size > total or size > FILE_MAX or reserved:
            raise InitfsError(f"entry {i} ({name}): offset {off} size {size} reserved "
                              f"{reserved} out of bounds or malformed")
        rows.append((name, off, size))
    names = [r[0] for r in rows]
    if len(set(names)) != len(names):
        raise InitfsError("duplicate names in the entry table")
    return rows


def _read_inputs(specs) -> list:
    files = []
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not path:
            raise InitfsError(f"argument {spec!r} is not NAME=HOSTPATH")
        why = check_name(name)
        if why:
            raise InitfsError(f"bad name {name!r} in {spec!r}: {why}")
        try:
            size = os.stat(path).st_size
            if size > FILE_MAX:  # refuse before reading a huge file into memory
                raise InitfsError(f"{path} ({name}) is {size} bytes, over the {FILE_MAX >> 20} "
                                  f"MiB limit per file")
            with open(path, "rb") as f:
                files.append((name, f.read()))
        except OSError as exc:
            raise InitfsError(f"cannot read {path} for {name!r}: {exc.strerror}") from None
    return files


def _write_atomic(path: str, data: bytes):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".initfs.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv) -> int:
    p = argparse.ArgumentParser(prog="mkinitfs.py", description="Build Cobalt's boot-image "
                                "archive (docs/initfs.md) from NAME=HOSTPATH arguments.")
    p.add_argument("-o", "--output", help="archive to write")
    p.add_argument("--list", metavar="ARCHIVE", help="check an archive and list its files")
    p.add_argument("files", nargs="*", metavar="NAME=HOSTPATH")
    args = p.parse_args(argv)
    try:
        if args.list:
            with open(args.list, "rb") as f:
                for name, off, size in parse(f.read()):
                    print(f"{off:10d} {size:10d} {name}")
            return 0
        if not args.output:
            p.error("-o ARCHIVE is required (or --list ARCHIVE)")
        _write_atomic(args.output, build(_read_inputs(args.files)))
        return 0
    except InitfsError as exc:
        sys.stderr.write(f"mkinitfs: error: {exc}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"mkinitfs: error: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
