"""The user-space drivers: serial, i8042, vmmouse, display (docs/drivers.md).

DRVR0000 boots init=bin/drvtest (drivers/tests/drvtest.c), which execs
`bin/init -f etc/services.drvtest bin/drvtest client`: init starts the drivers, then the
client runs the in-guest tests (serial loopback, bad requests to every scheme, display
modes, every driver killed and restarted) and init exits with its status. Every DRVR id
the sources under drivers/tests define must report PASS.

Owns DRVR0000 and the harness-side DRVR01xx ids; the in-guest ids DRVR0001..0099 belong to
drivers/tests/*.c.
"""
import re

from harness import paths
from harness.registry import Fail, case
from harness.suite import defined_ids, run_suite

TESTS = paths.REPO / "drivers" / "tests"


@case("DRVR0000", "drivers: serial, bad requests, display modes, restart of every driver",
      timeout=180)
def drivers_suite(t):
    # An id may have several dt_verdict calls (its failure paths): the runner pattern dedups.
    want = defined_ids(TESTS, re.compile(r"$^"), re.compile(r"dt_verdict\(\s*\"(DRVR\d{4})\""))
    run_suite(t, "bin/drvtest", want, "driver tests", "see drivers/tests and the kernel log")
