"""Pipes and terminals: the pipe: and pty: servers and libc's pipe/pipe2/popen, pty
functions (docs/pipes.md, docs/pty.md).

PIPE0000 boots with init=bin/pipetest (servers/tests/pipetest.c), which execs
`bin/init -f etc/services.pipe bin/pipetest client`: init starts the servers and runs the
client, whose `TEST PIPEnnnn` lines are each a result. PTYS0000 does the same with
bin/ptytest (servers/tests/ptytest.c). A case fails on a panic, a FAIL, a missing EXIT or
status, or an id defined in the source that never reported.

Owns PIPE0000 and PTYS0000; the in-guest ids belong to the two test programs.
"""
import re
import time
from pathlib import Path

from harness import console
from harness.registry import Fail, case
from harness.suite import run_suite

TESTS = Path(__file__).resolve().parents[2] / "servers" / "tests"


def ids(prefix: str) -> set:
    """The ids a test program reports: every verdict("PREFIXnnnn", ...) or report(...) in its sources
    (a test may name its id in more than one verdict call, on different paths)."""
    found = set()
    for src in sorted(TESTS.glob("*.c")):
        found |= set(re.findall(rf'(?:verdict|report)\("({prefix}[0-9]{{4}})"', src.read_text()))
    return found


@case("PIPE0000", "pipes: pipetest checks pipe(), pipe2(), popen() and the pipe: server",
      timeout=300)
def pipe_suite(t):
    run_suite(t, "bin/pipetest", ids("PIPE"), "pipe tests", "see the kernel log")


@case("PTYS0000", "ptys: ptytest checks pty pairs, the line discipline and terminal ioctls",
      timeout=300)
def pty_suite(t):
    run_suite(t, "bin/ptytest", ids("PTYS"), "pty tests", "see the kernel log")


@case("PTYS0020", "no init= option: the kernel starts bin/init, which starts pipe, pty and "
      "the console", timeout=60)
def default_init(t):
    g = t.boot()
    g.wait_for(r"^INIT ready$", timeout=30)
    g.wait_for_debugcon(r"^kernel: started bin/init as pid 1", timeout=10)
    for server in ("pipe", "pty", "console"):
        g.wait_for_debugcon(rf"^init: started {server} \(pid \d+\)", timeout=10)
    g.wait_for_debugcon(r"^pipe: serving pipe:", timeout=10)
    g.wait_for_debugcon(r"^pty: serving pty:", timeout=10)


@case("PTYS0021", "the console on COM1: the banner, dash's prompt, `echo hello` answers hello, "
      "a pipeline runs, ^C ends a pipeline",
      timeout=90)
def console_com1(t):
    g, sock = console.boot(t)
    try:
        g.wait_for(r"^INIT ready$", timeout=30)
        data = bytearray()
        at = console.first_prompt(sock, data)
        sock.sendall(b"echo hello\r")
        got = console.until(sock, data, b"echo hello\r\nhello\r\n", at, 15)
        if got < 0:
            raise Fail(f"`echo hello` did not answer hello; COM1 said {bytes(data[at:])!r}")
        at = console.until(sock, data, b"cobalt$ ", got, 10)
        if at < 0:
            raise Fail(f"no prompt after `echo hello`; COM1 said {bytes(data[got:])!r}")
        # A pipeline: dash gives the terminal to the job (TIOCSPGRP) and back.
        sock.sendall(b"echo pipe-$((6*7)) | cat\r")
        got = console.until(sock, data, b"\r\npipe-42\r\n", at, 15)
        if got < 0 or console.until(sock, data, b"cobalt$ ", got, 10) < 0:
            raise Fail(f"`echo ... | cat` did not answer pipe-42 and a prompt; COM1 said "
                       f"{bytes(data[at:])!r}")
        if b"Cannot set tty" in data:
            raise Fail(f"dash could not hand the terminal to a job: {bytes(data[at:])!r}")
        # ^C ends a whole pipeline (both processes: the terminal's job), and dash says 130.
        at = console.until(sock, data, b"cobalt$ ", got, 10)
        sock.sendall(b"cat | cat\r")
        time.sleep(1)
        sock.sendall(b"\x03")
        got = console.until(sock, data, b"^C", at, 10)
        if got < 0 or console.until(sock, data, b"cobalt$ ", got, 10) < 0:
            raise Fail(f"^C did not end `cat | cat`; COM1 said {bytes(data[at:])!r}")
        sock.sendall(b"echo status-$?\r")
        if console.until(sock, data, b"\r\nstatus-130\r\n", got, 10) < 0:
            raise Fail(f"after ^C the pipeline's status is not 130 (did only its first process "
                       f"get SIGINT?); COM1 said {bytes(data[got:])!r}")
    finally:
        sock.close()
    log = g.process.w.com1.read_bytes()
    if "Cobalt — dash on COM1".encode() not in log:
        raise Fail("the banner `Cobalt — dash on COM1` is not in com1.log")


@case("PTYS0022", "the console survives the serial driver's restart: kill -9 it from dash, "
      "init restarts it, the console reopens serial: and answers again", timeout=120)
def console_serial_restart(t):
    g, sock = console.boot(t)
    try:
        g.wait_for(r"^INIT ready$", timeout=30)
        data = bytearray()
        at = console.first_prompt(sock, data)
        console.kill_service(g, sock, data, at, "serial")
        g.wait_for_debugcon(r"^console: serial: open", timeout=10)  # the reopen (2nd line)
        # Typing goes to the new driver: a command run there answers.
        deadline = time.monotonic() + 20
        start = len(data)
        while time.monotonic() < deadline:
            sock.sendall(b"echo back-$((40+2))\r")
            if console.until(sock, data, b"back-42\r\n", start, 2) >= 0:
                break
        else:
            raise Fail(f"no answer after the serial driver's restart; COM1 said "
                       f"{bytes(data[start:])!r}")
    finally:
        sock.close()
    log = g.debugcon_text()
    if log.count("console: serial: open") < 2:
        raise Fail("the console did not reopen serial: (one `console: serial: open` line)")
