"""Boot tests: the kernel comes up, logs itself and its memory, and draws the boot screen.

Owns BOOT*.
"""
import re

from harness.registry import Fail, case

RAM_MIN_KIB, RAM_MAX_KIB = 200 * 1024, 256 * 1024  # plausible usable RAM for -m 256M


@case("BOOT0001", "boot banner and memory map logged")
def boot_banner(t):
    g = t.boot()
    g.wait_for(r"^BOOT cobalt$")
    g.wait_for(r"^READY$")
    log = g.debugcon_text()
    banner = [l for l in log.splitlines() if l.startswith("Cobalt kernel")]
    if not banner:
        raise Fail("the debugcon log has no line starting 'Cobalt kernel'")
    t.log(f"banner: {banner[0]}")
    mmap = [l for l in log.splitlines() if "mmap:" in l]
    if not mmap:
        raise Fail("the debugcon log has no memory map (no line containing 'mmap:')")
    t.log(f"memory map: {len(mmap)} lines")
    m = re.search(r"mem: (\d+) KiB usable", log)
    if not m:
        raise Fail("the debugcon log has no 'mem: <N> KiB usable' line")
    kib = int(m.group(1))
    if not RAM_MIN_KIB <= kib <= RAM_MAX_KIB:
        raise Fail(f"the kernel reports {kib} KiB ({kib / 1024:.1f} MiB) usable; for -m 256M "
                   f"expected 200..256 MiB")


@case("BOOT0002", "boot screen matches its golden")
def boot_screen(t):
    g = t.boot("init=none")  # the kernel's own screen: with user space, Orbital draws
    g.wait_for(r"^READY$")
    t.expect_golden(g.screenshot("boot-screen"), "boot-screen")
