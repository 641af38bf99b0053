"""The guest handle a test gets from t.boot(): markers, fences, screenshots, input, verdicts.

Owns the conversation with one running guest through its three doors (COM2 channel,
QMP, log files) and turns every way it can go wrong into a Fail with the last lines of
every channel. It does not start or stop QEMU itself beyond asking qemu.QemuProcess.
"""
import re
import time
from pathlib import Path

from . import diagnostics, input as inp
from .channel import ChannelClosed, ChannelTimeout
from .qmp import QMPClosed, QMPError
from .registry import Fail

DEFAULT_TIMEOUT = 15.0
PS2_QUEUE = 16  # bytes the guest's PS/2 keyboard queue holds (QEMU hw/input/ps2.c)
VERDICT_RE = re.compile(r"^TEST ([A-Z]{4}[0-9]{4}) (PASS|FAIL)(?: (.*))?$")


class Guest:
    def __init__(self, *, channel, dir: Path, log, qmp=None, process=None, logs=None,
                 on_verdict=None, on_protocol_error=None, screen=(1024, 768),
                 log_channel=True):
        self.channel = channel
        self.channel.on_consume = self._consume
        self.dir = Path(dir)
        self.log = log
        self.qmp = qmp
        self.process = process
        self.logs = logs or {}  # title -> path, for failure reports
        self.on_verdict = on_verdict or (lambda v: None)
        self.on_protocol_error = on_protocol_error or (lambda msg: None)
        self.screen = tuple(screen)
        self.verdicts = []  # (id, passed, reason) in arrival order
        self._fences = 0
        self._auto_fence_lines = set()
        self._unfenced_ps2 = 0
        self._mark = 0  # channel index after the last explicit wait/fence
        self.ready = False  # READY has been read: fences and input are allowed
        self.log_channel = log_channel  # copy each line read into the test log

    # -- reading the channel -------------------------------------------------
    def _consume(self, line: str):
        if self.log_channel:
            self.log(f"COM2< {line}")
        if line in self._auto_fence_lines:
            return
        if line == "READY":
            self.ready = True
        if line.startswith("TEST "):
            m = VERDICT_RE.match(line)
            if not m:
                self.on_protocol_error(f"malformed verdict line on COM2: {line!r}")
                return
            v = (m.group(1), m.group(2) == "PASS", (m.group(3) or "").strip())
            self.verdicts.append(v)
            self.on_verdict(v)

    def _failure(self, headline: str) -> Fail:
        self.channel.drain()
        ch = self.channel
        return Fail(diagnostics.report(headline, ch.tail(diagnostics.TAIL), len(ch.lines),
                                       ch.log.name, self.logs))

    def _next(self, regex, timeout):
        try:
            return self.channel.next_match(regex, timeout)
        except ChannelTimeout:
            raise self._failure(f"timed out after {timeout:g} s waiting for /{_pattern(regex)}/ "
                                f"on COM2") from None
        except ChannelClosed:
            status = self.process.wait(2.0) if self.process else None
            how = f"QEMU exited with status {status}" if status is not None else "channel closed"
            raise self._failure(f"{how} before /{_pattern(regex)}/ appeared on COM2") from None

    def wait_for(self, regex, timeout: float = DEFAULT_TIMEOUT):
        """The match of the first not-yet-consumed COM2 line that matches `regex`."""
        index, m = self._next(regex, timeout)
        self._mark = index + 1
        return m

    def read_until(self, regex, timeout: float = DEFAULT_TIMEOUT) -> list:
        """Every line from the last wait/fence up to (not including) the one matching
        `regex`, which is consumed too. Auto-fence echoes are left out."""
        start = self._mark
        index, _ = self._next(regex, timeout)
        self._mark = index + 1
        return [l for l in self.channel.lines[start:index] if l not in self._auto_fence_lines]

    def collect_verdicts(self, until=r"^EXIT", timeout: float = 60.0) -> list:
        """Read up to `until`; each `TEST <ID> PASS|FAIL` line read so far counts as its own
        test in the run's results. Returns [(id, passed, reason)]."""
        self.read_until(until, timeout)
        return list(self.verdicts)

    # -- fences and screenshots ------------------------------------------------
    def _require_ready(self, what: str):
        """The protocol lets the harness talk only after READY (earlier bytes can be lost)."""
        if not self.ready:
            raise Fail(f"{what} before the guest said READY: wait for it first "
                       f"(g.wait_for(r\"^READY$\"))")

    def _fence(self, prefix: str, timeout: float) -> int:
        self._require_ready("a fence")
        self._fences += 1
        token = f"{prefix}{self._fences}"
        if prefix == "auto":  # its echo is the harness's business, not the test's
            self._auto_fence_lines.add(f"FENCE {token}")
        self._send(f"FENCE {token}")
        index, _ = self._next(rf"^FENCE {token}$", timeout)
        self._unfenced_ps2 = 0
        return index

    def fence(self, timeout: float = DEFAULT_TIMEOUT) -> list:
        """Send FENCE <token>, wait for its echo. Returns the lines that came before it."""
        start = self._mark
        index = self._fence("f", timeout)
        self._mark = index + 1
        return [l for l in self.channel.lines[start:index] if l not in self._auto_fence_lines]

    def _auto_fence(self):
        self._fence("auto", DEFAULT_TIMEOUT)

    def screenshot(self, name: str, fence: bool = True) -> Path:
        """Fence, then screendump to <result folder>/<name>.png. fence=False only for a
        guest known to be finished drawing and unable to answer (e.g. halted after PANIC)."""
        if fence:
            self.fence()
        path = (self.dir / f"{name}.png").resolve()
        if path.exists():
            path.unlink()
        self._qmp("screendump", {"filename": str(path), "format": "png"})
        if not path.exists():
            raise Fail(f"QMP screendump returned but wrote no file at {path}")
        try:
            from PIL import Image
            with Image.open(path) as im:
                self.screen = im.size
        except ImportError:
            pass
        self.log(f"screenshot {name}: {path.name} {self.screen[0]}x{self.screen[1]}")
        return path

    # -- input -----------------------------------------------------------------
    def _send_keys(self, codes: list):
        self._require_ready("keyboard input")
        need = inp.ps2_bytes(codes)
        if self._unfenced_ps2 + need > PS2_QUEUE:
            self._auto_fence()  # let the guest drain its 16-byte queue first
        self._qmp("input-send-event", {"events": inp.key_events(codes)})
        self._unfenced_ps2 += need
        self.log(f"key {'+'.join(codes)}")

    def key(self, spec: str):
        """Press and release one key or chord: 'a', 'ret', 'shift+b', 'ctrl+alt+delete'."""
        self._send_keys(inp.parse_combo(spec))

    def key_hold(self, spec: str, down: bool = True):
        """Press (down=True) or release one key and leave it so: chords held across steps,
        e.g. Alt held while Tab is typed to see Orbital's switcher."""
        self._require_ready("keyboard input")
        code = inp.qcode(spec)
        if self._unfenced_ps2 + 4 > PS2_QUEUE:
            self._auto_fence()
        ev = {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": code}}}
        self._qmp("input-send-event", {"events": [ev]})
        self._unfenced_ps2 += 4 if code in inp.EXTENDED else 2
        self.log(f"key {spec} {'down' if down else 'up'}")

    def keys(self, text: str):
        """Type text, shifting capitals and symbols (US layout)."""
        for ch in text:
            self._send_keys(inp.char_keys(ch))

    def pointer_to(self, x: int, y: int, screen=None):
        self._require_ready("pointer input")
        w, h = screen or self.screen
        self._qmp("input-send-event", {"events": inp.pointer_events(x, y, w, h)})
        self.log(f"pointer to ({x}, {y}) on {w}x{h}")

    def button(self, button: str = "left", down: bool = True):
        self._require_ready("a button event")
        self._qmp("input-send-event", {"events": inp.button_event(button, down)})
        self.log(f"button {button} {'down' if down else 'up'}")

    def click(self, x: int, y: int, button: str = "left"):
        self.pointer_to(x, y)
        self.button(button, True)
        self.button(button, False)

    # -- state -----------------------------------------------------------------
    def debugcon_text(self) -> str:
        path = self.logs.get("debugcon")
        try:
            return Path(path).read_text(errors="replace") if path else ""
        except FileNotFoundError:
            return ""

    def wait_for_debugcon(self, regex, timeout: float = DEFAULT_TIMEOUT):
        """The first match of `regex` (multiline) in the debugcon log. A bounded poll (the
        log is a file): for markers the guest writes only there, e.g. after halting."""
        pattern = re.compile(regex, re.MULTILINE) if isinstance(regex, str) else regex
        deadline = time.monotonic() + timeout
        while True:
            m = pattern.search(self.debugcon_text())
            if m:
                return m
            if time.monotonic() > deadline:
                raise self._failure(f"timed out after {timeout:g} s waiting for "
                                    f"/{_pattern(regex)}/ in the debugcon log")
            if self.process is not None and self.process.wait(0.02) is not None:
                m = pattern.search(self.debugcon_text())
                if m:
                    return m
                raise self._failure(f"QEMU exited with status {self.process.proc.returncode} "
                                    f"before /{_pattern(regex)}/ appeared in the debugcon log")
            elif self.process is None:
                time.sleep(0.02)

    def alive(self) -> bool:
        return self.process is not None and self.process.alive()

    def stays_alive(self, seconds: float) -> bool:
        """True if QEMU is still running `seconds` from now (a bounded wait on the process)."""
        return self.process is not None and self.process.wait(seconds) is None

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Wait for QEMU to exit; return the guest's isa-debug-exit code ((status-1)/2)."""
        status = self.process.wait(timeout) if self.process else None
        if status is None:
            raise self._failure(f"QEMU still running {timeout:g} s after the test expected it "
                                f"to exit")
        if status % 2 != 1:
            raise self._failure(f"QEMU exited with status {status}, not through isa-debug-exit")
        return (status - 1) // 2

    # -- plumbing --------------------------------------------------------------
    def _send(self, line: str):
        try:
            self.channel.write_line(line)
        except ChannelClosed:
            raise self._failure(f"could not send {line!r}: the channel is closed "
                                f"(QEMU exited?)") from None
        self.log(f"COM2> {line}")

    def _qmp(self, command: str, arguments=None):
        if self.qmp is None:
            raise Fail(f"no QMP connection for {command}")
        try:
            return self.qmp.execute(command, arguments)
        except QMPClosed:
            raise self._failure(f"QMP connection lost during {command} (QEMU exited?)") from None
        except (QMPError, TimeoutError) as exc:
            raise self._failure(f"{exc}") from None

    def stop(self):
        """Stop QEMU (QMP quit, then signals) and close everything. Safe to call twice."""
        try:
            if self.process is not None:
                self.process.stop(self.qmp)
        finally:
            if self.qmp is not None:
                self.qmp.close()
            self.channel.close()


def _pattern(regex) -> str:
    return regex.pattern if hasattr(regex, "pattern") else str(regex)
