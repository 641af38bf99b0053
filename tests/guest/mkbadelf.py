#!/usr/bin/python3
"""Makes broken copies of a valid static ELF (kt_tiny) for the loader's negative tests.

    mkbadelf.py --names                 the variant names, one per line
    mkbadelf.py GOOD.elf VARIANT OUT    write GOOD.elf with one defect into OUT

Each variant changes exactly one thing, so the only reason to refuse it is that defect;
kt_spawn expects spawn to fail with -ENOEXEC for every one (docs/syscalls.md: "ENOEXEC not
a valid static x86_64 ELF"; "each PT_LOAD must lie in user space, have filesz <= memsz and
not be both writable and executable"). The names are the kt_spawn test table's too.
"""
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
PT_LOAD, PT_INTERP = 1, 3
PF_X, PF_W = 1, 2
USER_TOP = 0x0000800000000000


def _ehdr(b):
    return list(EHDR.unpack_from(b, 0))


def _put_ehdr(b, fields):
    EHDR.pack_into(b, 0, *fields)


def _phdrs(b):
    e = _ehdr(b)
    phoff, phentsize, phnum = e[5], e[9], e[10]
    return [(phoff + i * phentsize, list(PHDR.unpack_from(b, phoff + i * phentsize)))
            for i in range(phnum)]


def _loads(b):
    return [(off, p) for off, p in _phdrs(b) if p[0] == PT_LOAD]


def _exec_load(b):
    for off, p in _loads(b):
        if p[1] & PF_X:
            return off, p
    raise SystemExit("mkbadelf: the input has no executable PT_LOAD")


def _set_ident(index, value):
    def f(b):
        b[index] = value
    return f


def _set_ehdr(field, value):
    def f(b):
        e = _ehdr(b)
        e[field] = value
        _put_ehdr(b, e)
    return f


def _edit_exec_load(change):
    def f(b):
        off, p = _exec_load(b)
        change(p, len(b))
        PHDR.pack_into(b, off, *p)
    return f


def _truncate(n):
    def f(b):
        del b[n:]
    return f


def _wx(p, size):
    p[1] |= PF_W | PF_X


def _kernel_half(p, size):
    delta = 0xFFFF800000000000 - (p[3] & ~0xFFF)
    p[3] += delta  # vaddr
    p[4] += delta  # paddr


def _low(p, size):
    delta = 0x1000 - (p[3] & ~0xFFF)  # below USER_SPACE_BASE (0x200000)
    p[3] += delta
    p[4] += delta


def _cross_top(p, size):
    # Starts in user space, ends past its top.
    delta = (USER_TOP - 0x1000) - (p[3] & ~0xFFF)
    p[3] += delta
    p[4] += delta
    p[6] = max(p[6], 0x2000)


def _wrap(p, size):
    p[6] = 0xFFFFFFFFFFFFF000  # vaddr + memsz wraps around


def _filesz_gt_memsz(p, size):
    p[6] = p[5] - 1  # memsz one byte short of filesz


def _past_eof(p, size):
    # The offset stays congruent to vaddr modulo the page size; only the file is too short.
    p[2] = (size & ~0xFFF) + (p[3] & 0xFFF)
    p[5] = max(p[5], size - p[2] + 0x1000)
    p[6] = max(p[6], p[5])


def _interp(b):
    # A dynamically linked program: turn the PT_GNU_STACK header into PT_INTERP naming
    # "/lib/ld.so" inside the file (a static loader must refuse it).
    for off, p in _phdrs(b):
        if p[0] == 0x6474E551:  # PT_GNU_STACK
            name = b"/lib/ld.so\0"
            where = len(b)
            b += name
            p[0], p[1], p[2], p[5], p[6], p[7] = PT_INTERP, 4, where, len(name), len(name), 1
            PHDR.pack_into(b, off, *p)
            return
    raise SystemExit("mkbadelf: the input has no PT_GNU_STACK header to turn into PT_INTERP")


# name -> edit of a bytearray holding the good ELF
VARIANTS = {
    "empty": _truncate(0),                      # a zero-length file
    "short": _truncate(40),                     # cut inside the ELF header
    "class32": _set_ident(4, 1),                # ELFCLASS32
    "bigendian": _set_ident(5, 2),              # ELFDATA2MSB
    "machine": _set_ehdr(2, 3),                 # EM_386, not EM_X86_64
    "dyn": _set_ehdr(1, 3),                     # ET_DYN (PIE / shared object)
    "rel": _set_ehdr(1, 1),                     # ET_REL (an object file)
    "phentsize": _set_ehdr(9, 32),              # program header size not 56
    "phoff": _set_ehdr(5, 0x7FFFFFF0),          # program headers past the end of the file
    "phnum": _set_ehdr(10, 0xFFFF),             # 65535 headers: the table runs past the file
    "noload": _set_ehdr(10, 0),                 # no program headers, nothing to load
    "wx": _edit_exec_load(_wx),                 # a PT_LOAD both writable and executable
    "kernel": _edit_exec_load(_kernel_half),    # a PT_LOAD in the kernel half
    "low": _edit_exec_load(_low),               # a PT_LOAD below 0x200000
    "crosstop": _edit_exec_load(_cross_top),    # a PT_LOAD running past 0x800000000000
    "wrap": _edit_exec_load(_wrap),             # vaddr + memsz wraps around 2^64
    "filesz": _edit_exec_load(_filesz_gt_memsz),  # filesz > memsz
    "pasteof": _edit_exec_load(_past_eof),      # file bytes past the end of the file
    "interp": _interp,                          # PT_INTERP: not a static executable
}


def main(argv):
    if argv == ["--names"]:
        print("\n".join(VARIANTS))
        return 0
    if len(argv) != 3 or argv[1] not in VARIANTS:
        sys.stderr.write(f"usage: mkbadelf.py GOOD.elf {{{','.join(VARIANTS)}}} OUT\n")
        return 2
    good, variant, out = argv
    with open(good, "rb") as f:
        b = bytearray(f.read())
    if b[:4] != b"\x7fELF" or b[4] != 2 or _ehdr(b)[1] != 2:
        sys.stderr.write(f"mkbadelf: {good} is not a 64-bit ET_EXEC ELF\n")
        return 1
    VARIANTS[variant](b)
    with open(out, "wb") as f:
        f.write(b)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
