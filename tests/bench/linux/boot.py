"""Booting the stock Debian kernel with the benchmark initramfs and reading its console.

Owns the Linux guest's QEMU command line (the benchmark flags of docs/performance.md) and
the run: console (ttyS0) on QEMU's stdout through a pipe, saved byte for byte to
<dir>/console.log as it arrives, with a wall-clock limit and an early stop on a kernel
panic. The guest powers itself off when done.
"""
import os
import select
import shlex
import subprocess
import time
from pathlib import Path

QEMU = "qemu-system-x86_64"
# The same clock flags as Cobalt's benchmark boot (tests/bench/cobalt_guest.py); no -cpu:
# the default qemu64 model; TCG, never KVM.
ICOUNT = ["-icount", "shift=0,sleep=off", "-rtc", "base=2026-01-01T00:00:00,clock=vm"]
APPEND = "console=ttyS0 quiet"
PANIC_MARK = b"Kernel panic"
RUNNING = set()  # QEMU processes of runs in progress, for stop_all() on Ctrl-C


class BootResult:
    def __init__(self, status, console: Path, seconds: float, problem=None):
        self.status = status  # QEMU's exit status, None if it had to be killed
        self.console = console
        self.seconds = seconds
        self.problem = problem  # why the run was cut short, or None

    def lines(self):
        return self.console.read_text(errors="replace").splitlines()


def command(vmlinuz: Path, initrd: Path) -> list:
    return [QEMU, "-machine", "pc", "-accel", "tcg", "-m", "256M", "-no-reboot",
            "-display", "none", "-monitor", "none", "-serial", "stdio", *ICOUNT,
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-kernel", str(vmlinuz), "-initrd", str(initrd), "-append", APPEND]


def run(vmlinuz: Path, initrd: Path, outdir: Path, timeout: float = 300.0) -> BootResult:
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = command(vmlinuz, initrd)
    (outdir / "qemu-cmd.sh").write_text(
        "#!/bin/sh\n# The Linux benchmark boot run by tests/bench/run.py.\n"
        + " \\\n    ".join(shlex.quote(a) for a in cmd) + "\n")
    console = outdir / "console.log"
    qemu_log = open(outdir / "qemu.log", "wb")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=qemu_log, start_new_session=True)
    RUNNING.add(proc)
    problem = None
    try:
        with open(console, "wb") as log:
            fd = proc.stdout.fileno()
            tail = b""
            while True:
                remaining = start + timeout - time.monotonic()
                if remaining <= 0:
                    problem = f"no power-off within {timeout:g} s of wall time"
                    break
                ready, _, _ = select.select([fd], [], [], remaining)
                if not ready:
                    continue
                data = os.read(fd, 65536)
                if not data:
                    break  # QEMU closed its stdout: it is exiting
                log.write(data)
                log.flush()
                tail = (tail + data)[-4096:]
                if PANIC_MARK in tail:
                    problem = "the Linux kernel panicked"
                    time.sleep(0.5)  # let the panic message finish
                    log.write(os.read(fd, 65536) if select.select([fd], [], [], 0)[0] else b"")
                    break
    finally:
        if proc.poll() is None and problem:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        try:
            status = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            status = proc.wait()
            problem = problem or "QEMU did not exit after the guest powered off"
        proc.stdout.close()
        qemu_log.close()
        RUNNING.discard(proc)
    return BootResult(None if problem else status, console, time.monotonic() - start, problem)


def stop_all():
    """Kill every Linux guest still running (the runner was interrupted)."""
    for proc in list(RUNNING):
        if proc.poll() is None:
            proc.kill()
