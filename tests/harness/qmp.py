"""A small QMP client: JSON lines over QEMU's unix socket.

Owns the QMP connection: greeting, capabilities negotiation, `execute` with a timeout,
and keeping asynchronous events aside. QEMU drops the connection when the guest leaves
through isa-debug-exit; that surfaces as QMPClosed, which callers treat as normal.
"""
import json
import select
import socket
import time


class QMPError(Exception):
    """QEMU answered a command with an error."""


class QMPClosed(Exception):
    """The connection went away (QEMU exited)."""


class QMP:
    def __init__(self, sock: socket.socket, log=None):
        self.sock = sock
        self.sock.setblocking(False)
        self.buf = b""
        self.events = []
        self.next_id = 1
        self.log = log or (lambda s: None)
        greeting = self._read_message(10.0)
        if "QMP" not in greeting:
            raise QMPError(f"unexpected QMP greeting: {greeting}")
        self.execute("qmp_capabilities")

    def execute(self, command: str, arguments=None, timeout: float = 10.0):
        msg = {"execute": command, "id": self.next_id}
        self.next_id += 1
        if arguments:
            msg["arguments"] = arguments
        self._send(msg)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline - time.monotonic())
            if "event" in reply:
                self.events.append(reply)
                continue
            if reply.get("id") != msg["id"]:
                continue
            if "error" in reply:
                err = reply["error"]
                raise QMPError(f"QMP {command} failed: {err.get('class')}: {err.get('desc')}")
            return reply.get("return")

    def _send(self, msg):
        data = json.dumps(msg).encode() + b"\n"
        self.sock.setblocking(True)
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise QMPClosed(str(exc)) from exc
        finally:
            self.sock.setblocking(False)

    def _read_message(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no reply from QMP")
            ready, _, _ = select.select([self.sock], [], [], remaining)
            if not ready:
                continue
            try:
                data = self.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                raise QMPClosed("QMP connection closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
