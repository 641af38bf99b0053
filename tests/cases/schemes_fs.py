"""The file-system schemes: initfs (file:), tmpfs (tmp:, home:), and the namespace that
leads to them (docs/schemes.md).

SCFS0000 boots with init=bin/fstest (servers/tests/fstest/, one file per group), which execs
`bin/init -f etc/services.fs bin/fstest client`: init (pid 1) starts the servers, then runs
the client, which reports SCFS0001.. (POSIX calls on /, /etc, /bin, /tmp, /home, /dev; raw
kernel calls with malformed requests and their exact errors; tmpfs killed and restarted).
init exits with the client's status (EXIT). The case also checks init's restart line for
tmpfs in the kernel log.

Owns SCFS0000; the in-guest ids belong to servers/tests/fstest/*.c.
"""
import re

from harness.registry import Fail, case
from harness.suite import defined_ids, run_suite

CASE_RE = re.compile(r'verdict\("(SCFS\d{4})"\)')
NONE_RE = re.compile(r"(?!)")


@case("SCFS0000", "file-system schemes: initfs, tmpfs, namespace, bad input, restart",
      timeout=240)
def fs_suite(t):
    want = defined_ids(t.repo / "servers" / "tests", CASE_RE, NONE_RE)
    run_suite(t, "bin/fstest", want, "file-system scheme tests",
              "see servers/tests/fstest/ and the kernel log")
