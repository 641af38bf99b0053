"""Fault tests: a deliberate CPU exception panics with the right vector and rip, the guest
halts without rebooting, and the panic screen matches its golden outside the register area.

Owns FALT*.
"""
import re

from harness import elf, paths
from harness.registry import Fail, case

PANIC_RE = (r"^PANIC vector=(?P<vector>\d+) error=(?:0x)?(?P<error>[0-9a-fA-F]+) "
            r"rip=(?:0x)?(?P<rip>[0-9a-fA-F]+) cr2=(?:0x)?(?P<cr2>[0-9a-fA-F]+)$")
# Used only if the kernel does not log `panic: regs-area x y w h` (it should).
REGS_AREA_FALLBACK = (64, 150, 864, 190)


def _panic(t, kind: str, vector: int):
    """Boot with fault=<kind>; check the PANIC line's vector and rip; check QEMU stays up."""
    g = t.boot(f"fault={kind} init=none")
    g.wait_for(r"^READY$")
    m = g.wait_for(PANIC_RE)
    got = {k: int(v, 16) if k != "vector" else int(v) for k, v in m.groupdict().items()}
    t.log(f"panic: vector {got['vector']} error {got['error']:#x} rip {got['rip']:#x} "
          f"cr2 {got['cr2']:#x}")
    if got["vector"] != vector:
        raise Fail(f"fault={kind} panicked with vector {got['vector']}, expected {vector}")
    fn = f"fault_trigger_{kind}"
    start, end = elf.function_range(paths.KERNEL_ELF, fn)
    if not start <= got["rip"] < end:
        raise Fail(f"rip {got['rip']:#x} is not inside {fn} ({start:#x}..{end:#x})")
    if not g.stays_alive(1.0):
        raise Fail(f"QEMU exited (status {g.process.proc.returncode}) after the panic: the "
                   f"kernel should halt, not reset or exit")
    return g, got


@case("FALT0001", "page fault panics with vector 14, rip and cr2, and draws the panic screen")
def page_fault(t):
    g, got = _panic(t, "pf", 14)
    m = re.search(r"fault: pf target (?:0x)?([0-9a-fA-F]+)", g.debugcon_text())
    if not m:
        raise Fail("the debugcon log does not name the page-fault target "
                   "('fault: pf target <hex>')")
    target = int(m.group(1), 16)
    if got["cr2"] != target:
        raise Fail(f"cr2 is {got['cr2']:#x} but the kernel aimed at {target:#x}")
    if got["error"] & 0x7 != 0x2:
        raise Fail(f"page-fault error code {got['error']:#x}: expected a supervisor write to a "
                   f"not-present page (low bits 0b010)")
    # The kernel sends PANIC before drawing and then halts with interrupts off, so it
    # cannot answer a fence: wait for its last log line, written after drawing.
    g.wait_for_debugcon(r"^panic: system halted$")
    area = re.search(r"panic: regs-area (\d+) (\d+) (\d+) (\d+)", g.debugcon_text())
    mask = tuple(int(v) for v in area.groups()) if area else REGS_AREA_FALLBACK
    t.log(f"register-area mask {mask} ({'from the kernel log' if area else 'fallback'})")
    t.expect_golden(g.screenshot("panic-pf", fence=False), "panic-pf", masks=[mask])


@case("FALT0002", "invalid opcode panics with vector 6 inside fault_trigger_ud")
def invalid_opcode(t):
    _panic(t, "ud", 6)


@case("FALT0003", "divide error panics with vector 0 inside fault_trigger_de")
def divide_error(t):
    _panic(t, "de", 0)


@case("FALT0004", "non-canonical access panics with vector 13 inside fault_trigger_gp")
def general_protection(t):
    _, got = _panic(t, "gp", 13)
    if got["error"] != 0:
        raise Fail(f"#GP from a non-canonical address should have error code 0, got "
                   f"{got['error']:#x}")
