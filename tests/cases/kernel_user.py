"""User-space kernel tests: the guest runs bin/ktest (tests/guest/ktest.c) as its first
process, which runs every area program (kt_basic, kt_spawn, kt_mem, ...); each `TEST <ID>`
line they print becomes its own result. The case itself fails when ktest's exit status is
missing or not 0, when any verdict is FAIL, when none came, or when a test id defined in
tests/guest never reported (its program died or hung before printing it).

Owns KUSR*. The in-guest ids (U*, URUN*) belong to tests/guest (docs/testing.md).
"""
import re
from pathlib import Path

from harness.registry import case
from harness.suite import defined_ids, run_suite

GUEST = Path(__file__).resolve().parents[1] / "guest"
# TEST(UBAS0001, ...), BAD_ELF(USPN0030, ...), FAULT_TEST(UFLT0001, ...); ktest's "URUN0010".
CASE_ID_RE = re.compile(r"^\s*(?:TEST|BAD_ELF|FAULT_TEST)\(([A-Z]{4}[0-9]{4}),", re.MULTILINE)
RUNNER_ID_RE = re.compile(r'"(URUN[0-9]{4})"')


def expected_ids() -> set:
    """Every in-guest test id defined in tests/guest/*.c (each must be defined once)."""
    return defined_ids(GUEST, CASE_ID_RE, RUNNER_ID_RE)


@case("KUSR0001", "user-space tests: ktest runs every tests/guest program and all pass",
      timeout=600)
def ktest(t):
    run_suite(t, "bin/ktest", expected_ids(), "in-guest tests", "see the URUN verdicts")
