"""Host-side checks of the benchmark plumbing (tests/bench/): no guest is booted.

Owns BNCH*. ./build.sh bench itself boots Linux and Cobalt (too slow for ./build.sh test);
these check, in well under a second, the pieces a wrong figure could hide in: the initramfs
writer (newc format), the BENCH line parser, the host-libc guard on the musl link, the
QEMU flags of both guests, the reading of Cobalt's COM2 lines (over a local socket pair,
no QEMU) and the ratios, and that the runner, the C program and the manifest agree.
"""
import importlib.util
import re
import socket
import stat
import sys
import time

from harness.registry import case, Fail


def _bench_modules(t):
    bench = str(t.repo / "tests" / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    import benchline
    from linux import boot, build, newc
    return benchline, boot, build, newc


def _expect_raise(exc_type, fn, what):
    try:
        fn()
    except exc_type:
        return
    raise Fail(f"{what} was accepted")


def _check_newc(t, newc, build):
    # One member built by hand from the format's definition, independent of the writer.
    fields = [1, 0o100644, 0, 0, 1, 0, 3, 0, 0, 0, 0, 2, 0]  # ino mode ... namesize=2 check
    member = b"070701" + b"".join(b"%08X" % v for v in fields) + b"a\0" + b"xyz\0"
    trailer_fields = [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0]
    trailer = b"070701" + b"".join(b"%08X" % v for v in trailer_fields) + b"TRAILER!!!\0"
    expected = member + trailer + b"\0" * (-len(trailer) % 4)
    got = newc.write([newc.Entry.file("a", b"xyz")])
    if got != expected:
        raise Fail(f"newc writer: one-file archive differs from the format\n  expected "
                   f"{expected!r}\n  got      {got!r}")

    init = bytes(range(256)) * 3 + b"odd"  # a length that needs padding
    blob = newc.write(build.initramfs_entries(init))
    if len(blob) % 4:
        raise Fail(f"newc archive length {len(blob)} is not a multiple of 4")
    entries = {e.name: e for e in newc.read(blob)}
    t.log(f"initramfs members: {sorted(entries)}")
    want = {"dev": stat.S_IFDIR, "dev/console": stat.S_IFCHR, "proc": stat.S_IFDIR,
            "init": stat.S_IFREG}
    if set(entries) != set(want):
        raise Fail(f"initramfs members {sorted(entries)}, expected {sorted(want)}")
    for name, kind in want.items():
        if stat.S_IFMT(entries[name].mode) != kind:
            raise Fail(f"initramfs {name}: mode {entries[name].mode:o} has the wrong type")
    if entries["init"].data != init or not entries["init"].mode & 0o100:
        raise Fail("initramfs /init: content differs or it is not executable")
    if entries["dev/console"].rdev != (5, 1):
        raise Fail(f"/dev/console is {entries['dev/console'].rdev}, expected (5, 1)")
    if newc.write(build.initramfs_entries(init)) != blob:
        raise Fail("the newc writer is not deterministic")

    bad = {"bad magic": b"070702" + blob[6:],
           "truncated archive": blob[:len(blob) // 2],
           "no trailer": blob[:blob.index(b"TRAILER!!!") - 110],
           "non-hex field": blob[:6] + b"0000000G" + blob[14:],
           "garbage after the trailer": blob + b"\1\0\0\0"}
    for what, data in bad.items():
        _expect_raise(newc.FormatError, lambda d=data: newc.read(d), f"newc reader: {what}")
    _expect_raise(ValueError, lambda: newc.write([newc.Entry.file("TRAILER!!!", b"")]),
                  "newc writer: a member named TRAILER!!!")


def _check_benchline(benchline):
    good = {"BENCH linux_getppid 370 ns": ("linux_getppid", 370.0, "ns"),
            "BENCH ratio_x 0.125 x": ("ratio_x", 0.125, "x"),
            "BENCH ipc_roundtrip 0 ns\r\n": ("ipc_roundtrip", 0.0, "ns")}
    for line, want in good.items():
        f = benchline.parse(line)
        if (f.name, f.value, f.unit) != want:
            raise Fail(f"parse({line!r}) gave {(f.name, f.value, f.unit)}, expected {want}")
    if benchline.parse("BENCH a_b 12.50 x").line() != "BENCH a_b 12.50 x":
        raise Fail("a parsed figure does not print back unchanged")
    malformed = ["BENCH foo 12ns", "BENCH foo 12 ms", "BENCH Foo 12 ns", "BENCH foo -1 ns",
                 "BENCH foo 12 ns extra", "BENCH  foo 12 ns", "BENCH foo 1.2.3 ns",
                 "BENCH foo 012 ns", "BENCH foo 12", "BENCH foo 1e3 ns", "BENCH foo .5 x",
                 "BENCH 9foo 1 ns", "BENCH foo 12 ns ", " BENCH foo 12 ns", "BENCH",
                 "BENCHfoo 1 ns", "BENCH foo\t12 ns", "BENCH fo-o 1 ns"]
    for line in malformed:
        _expect_raise(benchline.BadLine, lambda l=line: benchline.parse(l),
                      f"malformed line {line!r}")
    figures, problems = benchline.collect([
        "[    1.0] some kernel line", "BENCH a 1 ns", "BENCH b 2 ns", "BENCH a 3 ns",
        "BENCH c 4 nsx", "linuxbench: done"])
    if list(figures) != ["a", "b"] or figures["a"].value != 1 or len(problems) != 2:
        raise Fail(f"collect: figures {list(figures)}, problems {problems}: expected a, b "
                   "and two problems (a twice, a malformed line)")
    r = benchline.ratio("r", benchline.parse("BENCH c 1000 ns"), benchline.parse("BENCH l 3000 ns"))
    if r.line() != "BENCH r 0.333 x":
        raise Fail(f"ratio printed {r.line()!r}, expected 'BENCH r 0.333 x'")


def _check_trace_guard(t, build):
    prefix = t.workdir / "musl"
    objdir = t.workdir / "obj"
    clean = f"{prefix}/lib/crt1.o\n{objdir}/cc1.o\n{prefix}/lib/libc.a\n"
    if build.check_trace(clean, prefix, objdir):
        raise Fail(f"the link guard refused a musl-only link: {build.check_trace(clean, prefix, objdir)}")
    dirty = clean + "/usr/lib/x86_64-linux-gnu/libc.a\n(/lib/x86_64-linux-gnu/libc.so.6)\n"
    if len(build.check_trace(dirty, prefix, objdir)) != 2:
        raise Fail("the link guard accepted host glibc in the link trace")


def _check_flags(boot, cobalt_extra):
    cmd = boot.command("/k", "/i")
    joined = " ".join(cmd)
    for need in ("-icount shift=0,sleep=off", "-rtc base=2026-01-01T00:00:00,clock=vm",
                 "-append console=ttyS0 quiet", "-m 256M", "-no-reboot", "-accel tcg"):
        if need not in joined:
            raise Fail(f"the Linux boot command lacks {need!r}: {joined}")
    for forbidden in ("-cpu", "-enable-kvm", "kvm"):
        if forbidden in cmd or any(forbidden == w.split(",")[0] for w in cmd):
            raise Fail(f"the Linux boot command must not use {forbidden!r}")
    if " ".join(boot.ICOUNT) not in " ".join(cobalt_extra):
        raise Fail(f"Cobalt's bench flags {cobalt_extra} lack the Linux guest's {boot.ICOUNT}")


def _cobalt_stream(t, cobalt_guest, lines, idle_timeout=0.3, close=True):
    """What the Cobalt reader makes of `lines` arriving on a fake COM2 socket."""
    from harness.channel import Channel
    a, b = socket.socketpair()
    b.sendall("".join(l + "\n" for l in lines).encode())
    if close:
        b.close()
    res = cobalt_guest.CobaltResult()
    channel = Channel(a, t.workdir / "fake-com2.log")
    try:
        cobalt_guest._read(channel, res, idle_timeout, time.monotonic() + 5,
                           t.log)
    finally:
        channel.close()
        if not close:
            b.close()
    return res


def _check_cobalt_reader(t, cobalt_guest, bench_run):
    ok = _cobalt_stream(t, cobalt_guest, ["BOOT cobalt", "READY", "BENCH syscall_null 74 ns",
                                          "BENCH ipc_roundtrip 2500 ns",
                                          "BENCH pipe_roundtrip 10000 ns", "EXIT 0"])
    if list(ok.figures) != ["syscall_null", "ipc_roundtrip", "pipe_roundtrip"] or ok.problems \
            or ok.exit_code != "0":
        raise Fail(f"bench-mode stream: figures {list(ok.figures)}, problems {ok.problems}, "
                   f"exit {ok.exit_code}")
    linux = {n: bench_run.benchline.parse(f"BENCH {n} {v} ns")
             for n, v in (("linux_getppid", 370), ("linux_pipe_roundtrip", 12500))}
    lines, notes = bench_run.assemble(linux, ok.figures)
    want = ["BENCH linux_getppid 370 ns", "BENCH linux_pipe_roundtrip 12500 ns",
            "BENCH syscall_null 74 ns", "BENCH ipc_roundtrip 2500 ns",
            "BENCH pipe_roundtrip 10000 ns", "BENCH ratio_ipc_vs_linux_pipe 0.200 x",
            "BENCH ratio_pipe_vs_linux_pipe 0.800 x", "BENCH ratio_syscall_vs_linux 0.200 x"]
    if lines != want or notes:
        raise Fail(f"assembled output {lines} (notes {notes}), expected {want}")
    lines, notes = bench_run.assemble(linux, {})
    if lines != want[:2] or notes:
        raise Fail(f"without Cobalt figures the output should be Linux's alone: {lines}")

    idle = _cobalt_stream(t, cobalt_guest, ["BOOT cobalt", "READY"], close=False)
    if idle.figures or idle.problems or not idle.note or "no bench mode" not in idle.note:
        raise Fail(f"READY then silence: note {idle.note!r}, problems {idle.problems}")
    panic = _cobalt_stream(t, cobalt_guest, ["BOOT cobalt", "PANIC vector=14 error=0x2 "
                                             "rip=0x1 cr2=0x0"])
    if not panic.problems:
        raise Fail("a PANIC on COM2 was not reported as an error")
    bad = _cobalt_stream(t, cobalt_guest, ["READY", "BENCH ipc 12 ms", "EXIT 0"])
    if not bad.problems:
        raise Fail("a malformed Cobalt BENCH line was not reported as an error")
    cut = _cobalt_stream(t, cobalt_guest, ["READY", "BENCH ipc_roundtrip 12 ns"])
    if not cut.problems:
        raise Fail("QEMU exiting after some figures but before EXIT was not an error")


@case("BNCH0001", "bench plumbing: initramfs, BENCH parser, link guard, flags, Cobalt reader",
      qemu=False, timeout=30)
def bench_plumbing(t):
    benchline, boot, build, newc = _bench_modules(t)
    _check_newc(t, newc, build)
    _check_benchline(benchline)
    _check_trace_guard(t, build)

    import cobalt_guest
    # tests/bench/run.py under its own name: plain `import run` finds tests/run.py.
    spec = importlib.util.spec_from_file_location(
        "cobalt_bench_run", t.repo / "tests" / "bench" / "run.py")
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    _check_flags(boot, cobalt_guest.EXTRA)
    _check_cobalt_reader(t, cobalt_guest, bench_run)

    source = (t.repo / "tests" / "bench" / "linux" / "linuxbench.c").read_text()
    reported = ["linux_" + n for n in re.findall(r'report\("([a-z0-9_]+)"', source)]
    reported += ["linux_" + n for n in re.findall(r'roundtrip\("([a-z0-9_]+)"', source)]
    # The graphics figures come from tests/bench/gfx/gb_text.c, linked into linuxbench.
    gfx = (t.repo / "tests" / "bench" / "gfx" / "gb_text.c").read_text()
    reported += ["linux_" + n for n in re.findall(r'gb_report\("([a-z0-9_]+)"', gfx)]
    if sorted(reported) != sorted(bench_run.LINUX_FIGURES):
        raise Fail(f"linuxbench.c reports {sorted(reported)}, the runner expects "
                   f"{sorted(bench_run.LINUX_FIGURES)}")
    t.log(f"kernel package pinned: {bench_run.kernel_package()}")
