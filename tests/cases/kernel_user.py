"""User-space kernel tests: the guest runs bin/ktest (tests/guest/ktest.c) as its first
process, which runs every area program (kt_basic, kt_spawn, kt_mem, ...); each `TEST <ID>`
line they print becomes its own result. The case itself fails when ktest's exit status is
missing or not 0, when any verdict is FAIL, when none came, or when a test id defined in
tests/guest never reported (its program died or hung before printing it).

Owns KUSR*. The in-guest ids (U*, URUN*) belong to tests/guest (docs/testing.md).
"""
import re
from pathlib import Path

from harness.registry import Fail, case

GUEST = Path(__file__).resolve().parents[1] / "guest"
# TEST(UBAS0001, ...), BAD_ELF(USPN0030, ...), FAULT_TEST(UFLT0001, ...); ktest's "URUN0010".
CASE_ID_RE = re.compile(r"^\s*(?:TEST|BAD_ELF|FAULT_TEST)\(([A-Z]{4}[0-9]{4}),", re.MULTILINE)
RUNNER_ID_RE = re.compile(r'"(URUN[0-9]{4})"')
END_RE = r"^(EXIT (-?\d+)|PANIC .*)$"


def expected_ids() -> set:
    """Every in-guest test id defined in tests/guest/*.c (each must be defined once)."""
    ids, where = set(), {}
    for src in sorted(GUEST.glob("*.c")):
        text = src.read_text()
        for vid in CASE_ID_RE.findall(text) + sorted(set(RUNNER_ID_RE.findall(text))):
            if vid in where:
                raise Fail(f"in-guest test id {vid} is defined twice: {where[vid]} and {src.name}")
            where[vid] = src.name
            ids.add(vid)
    return ids


def _short(ids) -> str:
    ids = sorted(ids)
    return ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


@case("KUSR0001", "user-space tests: ktest runs every tests/guest program and all pass",
      timeout=600)
def ktest(t):
    want = expected_ids()
    if not want:
        raise Fail(f"no TEST ids found in {GUEST}: the guest sources are missing")
    g = t.boot(args="init=bin/ktest")
    # ktest reports URUN0001 first thing: a kernel that never starts it fails in 60 s.
    line = g.wait_for(r"^(TEST |EXIT |PANIC )", timeout=60).string
    if line.startswith("TEST "):
        line = g.wait_for(END_RE, timeout=570).string
    if line.startswith("PANIC"):
        raise Fail(f"the kernel panicked during the user-space tests: {line}\n"
                   f"  (last verdicts: {[v[0] for v in g.verdicts[-5:]]})")
    m = re.match(END_RE, line)
    if not m:
        raise Fail(f"malformed end-of-run line on COM2: {line!r}")
    status = int(m.group(2))
    verdicts = {}
    for vid, passed, reason in g.verdicts:  # an id reported twice: a FAIL wins
        if vid not in verdicts or not passed:
            verdicts[vid] = (passed, reason)
    t.log(f"ktest exited with {status}; {len(verdicts)} verdicts")
    problems = []
    if not verdicts:
        problems.append("no TEST verdicts came at all")
    failed = [vid for vid, (ok, _) in verdicts.items() if not ok]
    if failed:
        problems.append(f"{len(failed)} in-guest tests failed: {_short(failed)}")
    missing = want - set(verdicts)
    if missing:
        problems.append(f"{len(missing)} in-guest tests never reported (their program died or "
                        f"hung before them; see the URUN verdicts): {_short(missing)}")
    unknown = set(verdicts) - want
    if unknown:
        problems.append(f"verdicts for ids not defined in tests/guest: {_short(unknown)}")
    if status != 0:
        problems.append(f"ktest exited with status {status}, expected 0")
    if problems:
        raise Fail("\n".join(problems))
