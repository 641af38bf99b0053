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
    """The ids a test program reports: every verdict("PREFIXnnnn", ...) in its sources
    (a test may name its id in more than one verdict call, on different paths)."""
    found = set()
    for src in sorted(TESTS.glob("*.c")):
        found |= set(re.findall(rf'verdict\("({prefix}[0-9]{{4}})"', src.read_text()))
    return found


@case("PIPE0000", "pipes: pipetest checks pipe(), pipe2(), popen() and the pipe: server",
      timeout=300)
def pipe_suite(t):
    run_suite(t, "bin/pipetest", ids("PIPE"), "pipe tests", "see the kernel log")
