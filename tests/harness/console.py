"""The user console on COM1 for tests that type on dash: booting with COM1 on a socket,
reading up to a marker, the first prompt, killing a service from the shell."""
import re
import socket
import time

from harness.registry import Fail

PROMPT = b"cobalt$ "


def boot(t):
    """Boots the whole system with COM1 on a socket too: the guest and the connected socket
    (the caller closes it)."""
    g = t.boot(com1_socket=True)
    return g, g.process.connect(g.process.w.com1_sock, "COM1")


def until(sock, data: bytearray, want: bytes, start: int, timeout: float) -> int:
    """Reads COM1 into data until `want` shows at or after `start`: its index, or -1."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at = data.find(want, start)
        if at >= 0:
            return at
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            continue
        if not chunk:
            break
        data += chunk
    return data.find(want, start)


def first_prompt(sock, data: bytearray) -> int:
    """The index of dash's first prompt. The banner and the prompt may have gone out before
    the connection (they are in com1.log): a return asks dash for a fresh one."""
    if until(sock, data, PROMPT, 0, 15) < 0:
        sock.sendall(b"\r")
    at = until(sock, data, PROMPT, 0, 15)
    if at < 0:
        raise Fail(f"no `cobalt$ ` prompt on COM1 within 30 s; it said {bytes(data)[-300:]!r}")
    return at


def kill_service(g, sock, data: bytearray, at: int, name: str) -> int:
    """Finds init's child `name` with ps (after the prompt at `at`), kills it with -9 and waits
    for init's line about its death; its old pid."""
    sock.sendall(b"ps\r")
    echo = until(sock, data, b"ps\r\n", at, 15)  # the list ends at the prompt after it
    end = until(sock, data, PROMPT, echo, 15) if echo >= 0 else -1
    m = re.search(rb"^\s*(\d+)\s+1\s+\d+\s+\S+\s+" + re.escape(name.encode()) + rb"\s*$",
                  bytes(data[echo:end]), re.M)
    if end < 0 or not m:
        raise Fail(f"no {name} in ps; COM1 said {bytes(data[at:])!r}")
    old = int(m.group(1))
    sock.sendall(b"kill -9 %d\r" % old)
    g.wait_for_debugcon(rf"^init: {name} \(pid {old}\) died: killed by signal 9; restarting",
                        timeout=10)
    return old
