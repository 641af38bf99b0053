"""The `t` object each test receives: its folder, its log, booting guests, goldens, verdicts.

Owns one test's state while it runs: the fresh result folder build/test-results/<ID>/,
test.log, the guests it booted (all stopped by close(), whatever happened), the in-guest
verdicts it collected, and protocol errors noticed on the way.
"""
import time
from pathlib import Path

from . import golden, paths
from .channel import Channel
from .guest import Guest
from .qemu import QemuProcess, Wiring, command
from .qmp import QMP
from .registry import Fail


class TestContext:
    def __init__(self, case, workdir: Path, update_goldens=frozenset(), echo=None):
        self.id = case.id
        self.name = case.name
        self.repo = paths.REPO
        self.workdir = Path(workdir)
        self.update_goldens = update_goldens  # names, or {"all"}
        self.goldens_used = []
        self.notes = []  # short remarks for the result line (e.g. "golden x updated")
        self.verdicts = {}  # id -> (id, passed, reason); FAIL wins over PASS
        self.verdict_order = []
        self.protocol_errors = []
        self.guests = []
        self._echo = echo
        self._t0 = time.monotonic()
        self._logfile = open(self.workdir / "test.log", "a")

    # -- logging ---------------------------------------------------------------
    def log(self, text: str):
        stamp = f"[{time.monotonic() - self._t0:7.3f}] "
        for line in str(text).splitlines() or [""]:
            self._logfile.write(stamp + line + "\n")
            if self._echo:
                self._echo(f"     {stamp}{line}")
        self._logfile.flush()

    # -- guests ----------------------------------------------------------------
    def boot(self, args: str = "", *, memory: str = "256M", iso=None, extra=(),
             screen=(1024, 768), connect_timeout: float = 15.0, com1_socket: bool = False) -> Guest:
        """Boot build/cobalt.iso with the harness wiring; `test=1` is always passed.

        com1_socket: COM1 is a unix socket (Guest.process.w.com1_sock; connect with
        Guest.process.connect) as well as com1.log, so a test can type on the console."""
        iso = Path(iso) if iso else paths.ISO
        if not iso.exists():
            raise Fail(f"{paths.rel(iso)} does not exist: build it first (./build.sh build)")
        words = args.split()
        if not any(w.startswith("test=") for w in words):
            words.insert(0, "test=1")
        guest_args = " ".join(words)
        n = len(self.guests) + 1
        bootdir = self.workdir if n == 1 else self.workdir / f"boot{n}"
        bootdir.mkdir(parents=True, exist_ok=True)
        w = Wiring(bootdir)
        w.com1_socket = com1_socket
        self.log(f"boot {n}: args {guest_args!r}, files in {paths.rel(bootdir)}/")
        proc = QemuProcess(command(iso, guest_args, w, memory, extra), w, self.log)
        channel = None
        logs = {"COM1": w.com1, "debugcon": w.debugcon, "QEMU": w.qemu_log}
        try:
            channel = Channel(proc.connect(w.chan_sock, "COM2 channel", connect_timeout), w.com2)
            qmp = QMP(proc.connect(w.qmp_sock, "QMP", connect_timeout), self.log)
        except BaseException as exc:  # never leave a half-started QEMU behind
            proc.stop(None)
            if channel is not None:
                channel.close()
            if isinstance(exc, (Fail, KeyboardInterrupt)):
                raise
            raise Fail(f"QEMU did not start: {exc}\n  command: {paths.rel(w.cmd_file)}\n"
                       f"  QEMU said:\n{proc.log_tail()}") from None
        g = Guest(channel=channel, dir=bootdir, log=self.log, qmp=qmp, process=proc,
                  logs=logs, on_verdict=self.record_verdict,
                  on_protocol_error=self.protocol_error, screen=screen)
        self.guests.append(g)
        return g

    # -- goldens ---------------------------------------------------------------
    def expect_golden(self, png, name: str, masks=()):
        update = "all" in self.update_goldens or name in self.update_goldens
        self.goldens_used.append(name)
        note = golden.check(Path(png), name, paths.GOLDEN, self.workdir, masks, update)
        self.log(note)
        if update:
            self.notes.append(note)

    # -- in-guest verdicts -----------------------------------------------------
    def record_verdict(self, v):
        vid, passed, reason = v
        if vid not in self.verdicts:
            self.verdict_order.append(vid)
            self.verdicts[vid] = v
        elif self.verdicts[vid][1] and not passed:
            self.verdicts[vid] = v
        self.log(f"in-guest verdict: {vid} {'PASS' if passed else 'FAIL'} {reason}".rstrip())

    def protocol_error(self, msg: str):
        self.protocol_errors.append(msg)
        self.log(f"protocol error: {msg}")

    # -- end -------------------------------------------------------------------
    def stop_guests(self):
        """Stop every guest this test booted, even after a failure. Safe to call twice."""
        for g in self.guests:
            try:
                g.stop()
            except Exception as exc:  # keep stopping the others
                self.log(f"error while stopping a guest: {exc!r}")

    def log_text(self) -> str:
        self._logfile.flush()
        return (self.workdir / "test.log").read_text(errors="replace")

    def close(self):
        self.stop_guests()
        if not self._logfile.closed:
            self._logfile.close()
