"""The cpio "newc" format (SVR4, no CRC), as the Linux kernel unpacks an initramfs.

Owns writing a small archive from an in-memory list of entries, deterministically (inode
numbers in order, owner root, mtime 0), and reading one back with full validation, for
the bench's own test (BNCH0001). Layout of each member: a 110-byte header (magic "070701"
and 13 fields of 8 upper-case hex digits), the name with its NUL padded to a multiple of 4
bytes (counted from the header's start), the data padded to a multiple of 4. The archive
ends with a member named "TRAILER!!!". Reference: the kernel's
Documentation/driver-api/early-userspace/buffer-format.rst.
"""
import stat
from dataclasses import dataclass

MAGIC = b"070701"
HEADER_LEN = 110
TRAILER = "TRAILER!!!"
FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor",
          "devminor", "rdevmajor", "rdevminor", "namesize", "check")


class FormatError(ValueError):
    """The bytes are not a well-formed newc archive."""


@dataclass
class Entry:
    name: str  # path inside the archive, no leading "/"
    mode: int  # full st_mode: type bits | permission bits
    data: bytes = b""
    rdev: tuple = (0, 0)  # (major, minor) of a device node

    @staticmethod
    def dir(name, perm=0o755):
        return Entry(name, stat.S_IFDIR | perm)

    @staticmethod
    def file(name, data, perm=0o644):
        return Entry(name, stat.S_IFREG | perm, bytes(data))

    @staticmethod
    def chardev(name, major, minor, perm=0o600):
        return Entry(name, stat.S_IFCHR | perm, rdev=(major, minor))


def _pad(n):
    return (4 - n % 4) % 4


def _member(ino, entry):
    name = entry.name.encode() + b"\0"
    values = {"ino": ino, "mode": entry.mode, "uid": 0, "gid": 0,
              "nlink": 2 if stat.S_ISDIR(entry.mode) else 1, "mtime": 0,
              "filesize": len(entry.data), "devmajor": 0, "devminor": 0,
              "rdevmajor": entry.rdev[0], "rdevminor": entry.rdev[1],
              "namesize": len(name), "check": 0}
    header = MAGIC + b"".join(b"%08X" % values[f] for f in FIELDS)
    return (header + name + b"\0" * _pad(HEADER_LEN + len(name))
            + entry.data + b"\0" * _pad(len(entry.data)))


def write(entries) -> bytes:
    """The archive holding `entries` in order (parents must come before children)."""
    out = []
    for ino, entry in enumerate(entries, 1):
        name = entry.name.strip("/")
        if not name or name == TRAILER or "\0" in name:
            raise ValueError(f"bad archive member name {entry.name!r}")
        if entry.data and not stat.S_ISREG(entry.mode):
            raise ValueError(f"{name}: only regular files carry data")
        out.append(_member(ino, Entry(name, entry.mode, entry.data, entry.rdev)))
    out.append(_member(0, Entry(TRAILER, 0)))
    return b"".join(out)


def read(blob: bytes) -> list:
    """Every member before the trailer, as Entry objects. Raises FormatError."""
    entries, pos = [], 0
    while True:
        if pos + HEADER_LEN > len(blob):
            raise FormatError(f"truncated header at offset {pos}")
        header = blob[pos:pos + HEADER_LEN]
        if header[:6] != MAGIC:
            raise FormatError(f"bad magic {header[:6]!r} at offset {pos}")
        values = {}
        for i, field in enumerate(FIELDS):
            text = header[6 + 8 * i:14 + 8 * i]
            try:
                values[field] = int(text, 16)
            except ValueError:
                raise FormatError(f"field {field} is not hex ({text!r}) at offset {pos}")
        name_end = pos + HEADER_LEN + values["namesize"]
        if values["namesize"] < 1 or name_end > len(blob) or blob[name_end - 1] != 0:
            raise FormatError(f"bad name (namesize {values['namesize']}) at offset {pos}")
        name = blob[pos + HEADER_LEN:name_end - 1].decode("utf-8", errors="replace")
        data_start = name_end + _pad(HEADER_LEN + values["namesize"])
        data_end = data_start + values["filesize"]
        if data_end > len(blob):
            raise FormatError(f"{name}: data runs past the end of the archive")
        if any(blob[name_end:data_start]) or any(blob[data_end:data_end + _pad(values["filesize"])]):
            raise FormatError(f"{name}: non-zero padding")
        pos = data_end + _pad(values["filesize"])
        if name == TRAILER:
            if any(blob[pos:]):
                raise FormatError("non-zero bytes after the trailer")
            return entries
        entries.append(Entry(name, values["mode"], blob[data_start:data_end],
                             (values["rdevmajor"], values["rdevminor"])))
