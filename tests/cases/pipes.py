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
from pathlib import Path

from harness.registry import case
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
