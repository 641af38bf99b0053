"""Cobalt's libc and SDK (docs/libc.md, docs/sdk.md).

LIBC0000 boots with init=bin/libctest (tests/libc/libctest.c), which runs every test
program of tests/libc; each `TEST LIBCnnnn` line they print becomes its own result. The
case fails when libctest's EXIT is missing or not 0, when any verdict is FAIL, or when a
test id defined in tests/libc never reported (its program died or hung first).

SDKC* are host-only checks of sysroot/bin/cobalt-cc: programs link static and non-PIE with
no segment both writable and executable, compile-only modes work, and a link that would
pull in a host library is refused.

Owns LIBC0000 and SDKC*. The in-guest ids LIBC0001.. belong to tests/libc.
"""
import re
import struct
import subprocess
from pathlib import Path

from harness.registry import Fail, case
from harness.suite import defined_ids, run_suite

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests" / "libc"
CC = REPO / "sysroot" / "bin" / "cobalt-cc"
# LT_CASE(LIBC0001, ...) in the test programs; libctest's runner ids "LIBC09nn".
CASE_ID_RE = re.compile(r"^\s*LT_CASE\((LIBC[0-9]{4}),", re.MULTILINE)
RUNNER_ID_RE = re.compile(r'"(LIBC09[0-9]{2})')


def expected_ids() -> set:
    return defined_ids(TESTS, CASE_ID_RE, RUNNER_ID_RE)


@case("LIBC0000", "libc tests: libctest runs every tests/libc program inside Cobalt, all pass",
      timeout=600)
def libc_suite(t):
    run_suite(t, "bin/libctest", expected_ids(), "libc tests", "see the LIBC09nn verdicts")


def elf_layout(path: Path):
    """(e_type, [(p_type, p_flags, p_vaddr)]) of a little-endian ELF64 file."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise Fail(f"{path.name} is not an ELF64 file")
    e_type = struct.unpack_from("<H", data, 16)[0]
    phoff = struct.unpack_from("<Q", data, 32)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    segs = []
    for i in range(phnum):
        p_type, p_flags, _, p_vaddr = struct.unpack_from("<IIQQ", data, phoff + i * phentsize)
        segs.append((p_type, p_flags, p_vaddr))
    return e_type, segs


def cobalt_cc(t, *args, ok=True):
    cmd = [str(CC), *map(str, args)]
    t.log("$ " + " ".join(cmd))
    proc = subprocess.run(cmd, cwd=t.workdir, capture_output=True, text=True)
    if proc.stdout or proc.stderr:
        t.log((proc.stdout + proc.stderr).strip())
    if ok and proc.returncode != 0:
        raise Fail(f"cobalt-cc {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                   f"{proc.stderr.strip()[-2000:]}")
    return proc


HELLO = """#include <stdio.h>
#include <cobalt/debug.h>
int main(void)
{
    char line[64];
    snprintf(line, sizeof line, "hello %d", 42);
    return cobalt_harness_line(line) > 0 ? 0 : 1;
}
"""


@case("SDKC0001", "cobalt-cc links hello.c static, non-PIE, no W+X segment, no host libc",
      qemu=False)
def sdk_hello(t):
    if not (REPO / "sysroot" / "usr" / "lib" / "libc.a").is_file():
        raise Fail("sysroot/usr/lib/libc.a is missing: ./build.sh build installs the SDK")
    (t.workdir / "hello.c").write_text(HELLO)
    proc = cobalt_cc(t, "hello.c", "-o", "hello", "--cobalt-trace")
    inputs = [l.split("link input ", 1)[1] for l in proc.stderr.splitlines()
              if "link input " in l]
    if not any(i.endswith("sysroot/usr/lib/libc.a") for i in inputs):
        raise Fail(f"the link did not use the sysroot's libc.a; inputs: {inputs}")
    host = [i for i in inputs if "/x86_64-linux-gnu/lib" in i and "/gcc/" not in i]
    if host:
        raise Fail(f"host libraries in the link: {host}")
    e_type, segs = elf_layout(t.workdir / "hello")
    if e_type != 2:
        raise Fail(f"hello is ELF type {e_type}, expected ET_EXEC (2): not static non-PIE")
    for p_type, p_flags, p_vaddr in segs:
        if p_type in (2, 3):  # PT_DYNAMIC, PT_INTERP
            raise Fail("hello has a PT_DYNAMIC or PT_INTERP segment: it is not static")
        if p_type == 1 and (p_flags & 2) and (p_flags & 1):  # PT_LOAD with PF_W and PF_X
            raise Fail(f"hello has a PT_LOAD both writable and executable at {p_vaddr:#x}")


@case("SDKC0002", "cobalt-cc: -c, -E and -S work; objects link in a second step", qemu=False)
def sdk_modes(t):
    (t.workdir / "hello.c").write_text(HELLO)
    cobalt_cc(t, "-c", "hello.c", "-o", "hello.o")
    cobalt_cc(t, "-S", "hello.c", "-o", "hello.s")
    out = cobalt_cc(t, "-E", "-dM", "hello.c").stdout
    if "#define __cobalt__ 1" not in out:
        raise Fail("-E -dM: __cobalt__ is not defined")
    if "_GNU_SOURCE" in out and "__GLIBC__" in out:
        raise Fail("-E -dM: the host's glibc headers were used")
    cobalt_cc(t, "hello.o", "-o", "hello2")
    if not (t.workdir / "hello2").is_file():
        raise Fail("linking hello.o made no hello2")


@case("SDKC0003", "cobalt-cc refuses links that take a library from the host", qemu=False)
def sdk_refuses_host(t):
    (t.workdir / "hello.c").write_text(HELLO)
    lib = t.workdir / "hostlib"
    lib.mkdir()
    (lib / "f.c").write_text("int fake_function(void) { return 1; }\n")
    subprocess.run(["gcc", "-c", str(lib / "f.c"), "-o", str(lib / "f.o")], check=True)
    subprocess.run(["ar", "rcs", str(lib / "libfake.a"), str(lib / "f.o")], check=True)
    # Found through a search path outside the sysroot: refused, and no output left behind.
    proc = cobalt_cc(t, "hello.c", f"-L{lib}", "-lfake", "-Wl,-u,fake_function", "-o", "bad",
                     ok=False)
    if proc.returncode == 0 or "outside the sysroot" not in proc.stderr:
        raise Fail(f"a library found through -L{lib} was accepted:\n{proc.stderr}")
    if (t.workdir / "bad").exists():
        raise Fail("the refused link left its output behind")
    # Named by path: the user's own choice, accepted.
    cobalt_cc(t, "hello.c", str(lib / "libfake.a"), "-o", "good")
    # The host's glibc, even named: refused.
    glibc = Path("/usr/lib/x86_64-linux-gnu/libc.a")
    if glibc.is_file():
        proc = cobalt_cc(t, "hello.c", str(glibc), "-o", "bad2", ok=False)
        if proc.returncode == 0:
            raise Fail("linking the host's libc.a by name was accepted")
