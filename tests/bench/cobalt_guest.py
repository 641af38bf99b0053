"""Booting Cobalt's ISO in bench mode and collecting its BENCH lines from COM2.

Owns the Cobalt side of ./build.sh bench. It reuses the test harness's QEMU wiring
(tests/harness/qemu.py: COM1/COM2/debugcon/QMP, docs/harness-channel.md) and its COM2
line reader (tests/harness/channel.py), adds the benchmark clock flags, and passes the
guest option `bench=1` (fw_cfg opt/cobalt/args). It reads COM2 until `EXIT <code>`.

A kernel without a bench mode ignores the option and idles after READY: if READY arrives
and neither a BENCH nor an EXIT line follows within `idle_timeout` seconds of wall time,
the result says "no bench mode" (not an error). A PANIC, a malformed BENCH line, or a
silence after some figures are errors.
"""
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/, for the harness package

from harness.channel import Channel, ChannelClosed, ChannelTimeout  # noqa: E402
from harness.qemu import QemuProcess, QemuStartError, Wiring, command  # noqa: E402
from harness.qmp import QMP  # noqa: E402
from harness import paths  # noqa: E402

import benchline  # noqa: E402
from linux.boot import ICOUNT  # noqa: E402  (one definition of the clock flags)

GUEST_ARGS = "bench=1"
# The second boot: init with the drivers and their test (drivers/tests/dt_restart.c), which
# prints BENCH driver_restart (kill of a driver to the first request its new instance serves).
DRIVER_ARGS = "init=bin/drvtest"
EXTRA = ["-accel", "tcg", *ICOUNT]
INTERESTING = re.compile(r"^(READY$|EXIT\b|BENCH|PANIC\b)")
RUNNING = set()  # QemuProcess objects of runs in progress, for stop_all() on Ctrl-C


class CobaltResult:
    def __init__(self):
        self.figures = {}  # name -> benchline.Figure, in arrival order
        self.problems = []  # errors: malformed lines, panic, timeout mid-run
        self.note = None  # the one-line reason when there are no figures but no error
        self.exit_code = None
        self.seconds = 0.0


def run(outdir: Path, iso: Path = paths.ISO, idle_timeout: float = 10.0,
        timeout: float = 600.0, say=print, guest_args: str = GUEST_ARGS) -> CobaltResult:
    res = CobaltResult()
    start = time.monotonic()
    if not iso.exists():
        res.note = f"{paths.rel(iso)} does not exist (./build.sh bench builds it)"
        return res
    outdir.mkdir(parents=True, exist_ok=True)
    runlog = open(outdir / "run.log", "w")

    def log(text):
        runlog.write(f"[{time.monotonic() - start:8.3f}] {text}\n")
        runlog.flush()

    w = Wiring(outdir)
    for old in (w.com1, w.com2, w.debugcon):
        old.unlink(missing_ok=True)
    proc = QemuProcess(command(iso, guest_args, w, "256M", EXTRA), w, log)
    RUNNING.add(proc)
    channel = qmp = None
    try:
        try:
            channel = Channel(proc.connect(w.chan_sock, "COM2 channel"), w.com2)
            qmp = QMP(proc.connect(w.qmp_sock, "QMP"), log)
        except (QemuStartError, OSError, TimeoutError) as exc:
            res.problems.append(f"QEMU did not start: {exc}; see {paths.rel(w.qemu_log)}")
            return res
        _read(channel, res, idle_timeout, start + timeout, log)
    finally:
        proc.stop(qmp)
        RUNNING.discard(proc)
        if qmp is not None:
            qmp.close()
        if channel is not None:
            channel.close()
        res.seconds = time.monotonic() - start
        log(f"done: {len(res.figures)} figure(s), exit {res.exit_code}, note {res.note!r}, "
            f"problems {res.problems!r}")
        runlog.close()
    return res


def _read(channel, res, idle_timeout, deadline, log):
    ready = False
    while True:
        waiting_after_ready = ready and not res.figures
        limit = deadline - time.monotonic()
        if waiting_after_ready:
            limit = min(limit, idle_timeout)
        try:
            _, m = channel.next_match(INTERESTING, max(0.0, limit))
        except ChannelTimeout:
            if waiting_after_ready:
                res.note = (f"READY arrived and no BENCH line followed within "
                            f"{idle_timeout:g} s: the kernel has no bench mode yet")
            else:
                res.problems.append(f"timed out waiting on COM2 "
                                    f"({'after some figures' if res.figures else 'before READY'})")
            return
        except ChannelClosed:
            if not res.figures and not res.problems:
                res.note = "QEMU exited without printing BENCH lines"
            elif res.figures:
                res.problems.append("QEMU exited before EXIT")
            return
        line = m.string
        log(f"COM2: {line}")
        if line == "READY":
            ready = True
        elif line.startswith("PANIC"):
            res.problems.append(f"Cobalt panicked: {line}")
            return
        elif line.startswith("EXIT"):
            parts = line.split()
            res.exit_code = parts[1] if len(parts) == 2 else line
            if not res.figures:
                res.note = f"Cobalt reached EXIT {res.exit_code} without BENCH lines"
            return
        else:
            try:
                fig = benchline.parse(line)
            except benchline.BadLine as exc:
                res.problems.append(f"Cobalt: {exc}")
                continue
            if fig.name in res.figures:
                res.problems.append(f"Cobalt reported {fig.name} twice")
                continue
            res.figures[fig.name] = fig


def stop_all():
    """Kill every Cobalt guest still running (the runner was interrupted)."""
    for proc in list(RUNNING):
        if proc.alive():
            proc.proc.kill()
        shutil.rmtree(proc.w.sock_dir, ignore_errors=True)
