"""Launching and stopping QEMU with the wiring of docs/harness-channel.md.

Owns the QEMU command line, the process, and its two unix sockets (COM2 channel, QMP),
which live in a private temporary directory (unix socket paths are limited to 107 bytes,
result folders can be deeper). Stopping is always: QMP quit, then SIGTERM, then SIGKILL,
each bounded; the socket directory is removed afterwards.
"""
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .paths import rel

QEMU = "qemu-system-x86_64"
BASE_OPTIONS = ["-machine", "pc", "-vga", "std", "-no-reboot", "-monitor", "none"]


class QemuStartError(Exception):
    pass


def _opt_escape(value: str) -> str:
    """QEMU option values double a comma to mean a literal comma."""
    return str(value).replace(",", ",,")


class Wiring:
    """The files one boot writes, all inside its result folder `dir`."""

    def __init__(self, dir: Path):
        self.dir = Path(dir)
        self.com1 = self.dir / "com1.log"
        self.com2 = self.dir / "com2.log"
        self.debugcon = self.dir / "debugcon.log"
        self.qemu_log = self.dir / "qemu.log"
        self.cmd_file = self.dir / "qemu-cmd.sh"
        self.sock_dir = Path(tempfile.mkdtemp(prefix="cobalt-qemu-"))
        self.chan_sock = self.sock_dir / "com2.sock"
        self.qmp_sock = self.sock_dir / "qmp.sock"
        # COM1 is a log file; a test that types on the console asks for a socket instead
        # (QEMU still writes everything COM1 sends into com1.log).
        self.com1_socket = False
        self.com1_sock = self.sock_dir / "com1.sock"


def command(iso: Path, guest_args: str, w: Wiring, memory: str = "256M", extra=(),
            display: str = "none") -> list:
    com1 = ["-serial", f"file:{w.com1}"]
    if w.com1_socket:
        com1 = ["-chardev", f"socket,id=com1,path={_opt_escape(w.com1_sock)},server=on,wait=off,"
                f"logfile={_opt_escape(w.com1)}", "-serial", "chardev:com1"]
    return [QEMU, *BASE_OPTIONS, "-display", display, "-m", memory,
            "-cdrom", str(iso),
            *com1,
            "-chardev", f"socket,id=chan,path={_opt_escape(w.chan_sock)},server=on,wait=on",
            "-serial", "chardev:chan",
            "-debugcon", f"file:{w.debugcon}",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-qmp", f"unix:{_opt_escape(w.qmp_sock)},server=on,wait=off",
            "-fw_cfg", f"name=opt/cobalt/args,string={_opt_escape(guest_args)}",
            *extra]


class QemuProcess:
    def __init__(self, cmd: list, w: Wiring, log=None):
        self.cmd = cmd
        self.w = w
        self.log = log or (lambda s: None)
        w.dir.mkdir(parents=True, exist_ok=True)
        w.cmd_file.write_text("#!/bin/sh\n# The exact command the harness ran for this boot.\n"
                              "# Sockets were in a temporary folder that no longer exists.\n"
                              + " \\\n    ".join(shlex.quote(a) for a in cmd) + "\n")
        self._out = open(w.qemu_log, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.log(f"qemu started, pid {self.proc.pid} (command in {rel(w.cmd_file)})")

    # -- connecting ------------------------------------------------------------
    def connect(self, path: Path, what: str, timeout: float = 15.0) -> socket.socket:
        """Connect to one of QEMU's listening sockets once QEMU has created it.

        A bounded poll: QEMU gives no signal when a socket starts listening, so retry every
        10 ms (waiting on the process, which returns at once if QEMU dies)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise QemuStartError(f"QEMU exited with status {self.proc.returncode} before "
                                     f"its {what} socket came up")
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(str(path))
                return s
            except (FileNotFoundError, ConnectionRefusedError):
                s.close()
            if time.monotonic() > deadline:
                raise QemuStartError(f"QEMU's {what} socket did not come up within {timeout:.0f} s")
            try:
                self.proc.wait(timeout=0.01)
            except subprocess.TimeoutExpired:
                pass

    def log_tail(self, n: int = 15) -> str:
        try:
            if not self._out.closed:
                self._out.flush()
            lines = self.w.qemu_log.read_text(errors="replace").splitlines()
        except OSError:
            lines = []
        return "\n".join("  " + l for l in lines[-n:]) or "  (QEMU printed nothing)"

    # -- state -----------------------------------------------------------------
    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait(self, timeout: float):
        """Exit status, or None if QEMU is still running after `timeout` s."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    # -- stopping --------------------------------------------------------------
    def stop(self, qmp=None):
        """Stop QEMU for certain and clean up. Safe to call twice."""
        if self.proc.poll() is None and qmp is not None:
            try:
                qmp.execute("quit", timeout=3.0)
            except Exception:
                pass  # the connection drops as QEMU exits; the wait below decides
            self.wait(5.0)
        if self.proc.poll() is None:
            self.log("qemu did not quit through QMP; sending SIGTERM")
            self.proc.terminate()
            if self.wait(3.0) is None:
                self.log("qemu ignored SIGTERM; sending SIGKILL")
                self.proc.kill()
                self.proc.wait()
        if not self._out.closed:
            self._out.close()
            self.log(f"qemu exited with status {self.proc.returncode}")
        shutil.rmtree(self.w.sock_dir, ignore_errors=True)
