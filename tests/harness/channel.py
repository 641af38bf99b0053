"""The COM2 harness channel: a line reader with per-marker timeouts, and a line writer.

Owns one connected stream socket to the guest's COM2 (docs/harness-channel.md). Every byte
received is appended to a log file as it arrives. Lines are kept in order; a read cursor
marks how far the test has consumed them, so successive waits move forward and never see a
line twice. Nothing here sleeps: waiting is select() with a deadline.
"""
import re
import select
import socket
import time

MAX_LINE = 64  # bytes, newline included (the protocol ignores longer lines)


class ChannelTimeout(Exception):
    pass


class ChannelClosed(Exception):
    pass


class Channel:
    def __init__(self, sock: socket.socket, log_path, on_consume=None):
        self.sock = sock
        self.sock.setblocking(False)
        self.log = open(log_path, "ab", buffering=0)
        self.lines = []  # every complete line received, without "\n" / "\r"
        self.partial = b""  # bytes after the last newline
        self.cursor = 0  # lines[:cursor] are consumed
        self.closed = False
        self.on_consume = on_consume  # called with each line as the cursor passes it

    # -- reading ---------------------------------------------------------------
    def pump(self, timeout: float) -> bool:
        """Wait up to `timeout` s for data and store it. False if nothing came."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.sock], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = self.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            data = b""
        if not data:
            self.closed = True
            return False
        self.log.write(data)
        buf = self.partial + data
        *complete, self.partial = buf.split(b"\n")
        for raw in complete:
            self.lines.append(raw.rstrip(b"\r").decode("ascii", errors="replace"))
        return True

    def drain(self):
        """Take in whatever has already arrived, without waiting."""
        while self.pump(0):
            pass

    def next_match(self, regex, timeout: float):
        """Consume lines up to and including the first one matching `regex`.

        Returns (index, match). Raises ChannelTimeout or ChannelClosed; on either, the
        cursor is left where it was so the caller can report the unconsumed lines."""
        pattern = re.compile(regex) if isinstance(regex, str) else regex
        deadline = time.monotonic() + timeout
        scanned = self.cursor
        while True:
            while scanned < len(self.lines):
                m = pattern.search(self.lines[scanned])
                if m:
                    self._consume_to(scanned + 1)
                    return scanned, m
                scanned += 1
            if self.closed:
                raise ChannelClosed()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChannelTimeout()
            self.pump(remaining)

    def consume_all(self):
        """Mark every complete line read (interactive use: nothing is waited for)."""
        self._consume_to(len(self.lines))

    def _consume_to(self, end: int):
        while self.cursor < end:
            line = self.lines[self.cursor]
            self.cursor += 1
            if self.on_consume:
                self.on_consume(line)

    def tail(self, n: int) -> list:
        """The last n lines received (consumed or not), a partial line marked as such."""
        lines = list(self.lines)
        if self.partial:
            lines.append(self.partial.decode("ascii", errors="replace") + "   <- no newline yet")
        return lines[-n:]

    # -- writing ---------------------------------------------------------------
    def write_line(self, text: str):
        data = text.encode("ascii") + b"\n"
        if len(data) > MAX_LINE or "\n" in text:
            raise ValueError(f"channel line too long or multi-line: {text!r}")
        if self.closed:
            raise ChannelClosed()
        self.sock.setblocking(True)
        try:
            self.sock.sendall(data)
        except OSError as exc:
            self.closed = True
            raise ChannelClosed() from exc
        finally:
            self.sock.setblocking(False)

    def close(self):
        try:
            self.sock.close()
        finally:
            self.log.close()
