"""Kernel symbols: where a function lies in build/kernel/kernel.elf, read with `nm`.

Owns symbol lookup for tests that check an address (e.g. a panic's rip) against code.
"""
import subprocess
from pathlib import Path

from .paths import rel
from .registry import Fail


def symbols(elf: Path) -> list:
    """[(address, size or None, type, name)] of defined symbols, sorted by address."""
    if not Path(elf).exists():
        raise Fail(f"{rel(elf)} does not exist: build it first (./build.sh build)")
    try:
        out = subprocess.run(["nm", "-S", "-n", "--defined-only", str(elf)], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise Fail(f"nm could not read {rel(elf)}: {exc}") from None
    result = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            result.append((int(parts[0], 16), int(parts[1], 16), parts[2], parts[3]))
        elif len(parts) == 3:
            result.append((int(parts[0], 16), None, parts[1], parts[2]))
    return result


def function_range(elf: Path, name: str) -> tuple:
    """(start, end) of function `name`, end exclusive. Without an ELF size (an assembly
    label without .size), the function is taken to end at the next higher symbol."""
    syms = symbols(elf)
    for i, (addr, size, kind, sym) in enumerate(syms):
        if sym != name:
            continue
        if kind.lower() != "t":
            raise Fail(f"{name} in {rel(elf)} is not code (nm type {kind})")
        if size:
            return addr, addr + size
        later = [a for a, _, _, _ in syms[i + 1:] if a > addr]
        if not later:
            raise Fail(f"cannot tell where {name} ends in {rel(elf)}")
        return addr, later[0]
    raise Fail(f"no symbol {name} in {rel(elf)}")
