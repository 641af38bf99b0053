"""In-guest test suites: a guest program started as the first process (init=<path>) runs a
set of test programs, each printing `TEST <ID> PASS|FAIL` lines, and ends with `EXIT`.

Owns what such a harness case checks, once for every suite (KUSR0001, LIBC0000, ...): the
kernel did not panic, the runner exited 0, no verdict failed, and every test id defined in
the suite's sources reported (a missing one means its program died or hung before it).
"""
import re
from pathlib import Path

from harness.registry import Fail

END_RE = r"^(EXIT (-?\d+)|PANIC .*)$"


def defined_ids(folder: Path, case_re: re.Pattern, runner_re: re.Pattern) -> set:
    """Every test id the sources in folder (and its program folders) define, each exactly once."""
    ids, where = set(), {}
    for src in sorted(folder.rglob("*.c")):
        text = src.read_text()
        for vid in case_re.findall(text) + sorted(set(runner_re.findall(text))):
            if vid in where:
                raise Fail(f"test id {vid} is defined twice: {where[vid]} and "
                           f"{src.relative_to(folder)}")
            where[vid] = str(src.relative_to(folder))
            ids.add(vid)
    return ids


def short(ids) -> str:
    ids = sorted(ids)
    return ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


def run_suite(t, init: str, want: set, what: str, runner_hint: str):
    """Boots with init=<init>, collects verdicts until EXIT, and fails with every problem.

    `what` names the suite in messages ("in-guest tests"); `runner_hint` says where to look
    when tests never reported ("see the URUN verdicts")."""
    if not want:
        raise Fail(f"no test ids defined for the {what}: the sources are missing")
    g = t.boot(args=f"init={init}")
    # The runner reports its first verdict at once: a kernel that never starts it fails in 60 s.
    line = g.wait_for(r"^(TEST |EXIT |PANIC )", timeout=60).string
    if line.startswith("TEST "):
        line = g.wait_for(END_RE, timeout=570).string
    if line.startswith("PANIC"):
        raise Fail(f"the kernel panicked during the {what}: {line}\n"
                   f"  (last verdicts: {[v[0] for v in g.verdicts[-5:]]})")
    m = re.match(END_RE, line)
    if not m:
        raise Fail(f"malformed end-of-run line on COM2: {line!r}")
    status = int(m.group(2))
    verdicts = {}
    for vid, passed, reason in g.verdicts:  # an id reported twice: a FAIL wins
        if vid not in verdicts or not passed:
            verdicts[vid] = (passed, reason)
    t.log(f"{init} exited with {status}; {len(verdicts)} verdicts")
    problems = []
    if not verdicts:
        problems.append("no TEST verdicts came at all")
    failed = [vid for vid, (ok, _) in verdicts.items() if not ok]
    if failed:
        problems.append(f"{len(failed)} {what} failed: {short(failed)}")
    missing = want - set(verdicts)
    if missing:
        problems.append(f"{len(missing)} {what} never reported (their program died or hung "
                        f"before them; {runner_hint}): {short(missing)}")
    unknown = set(verdicts) - want
    if unknown:
        problems.append(f"verdicts for ids the sources do not define: {short(unknown)}")
    if status != 0:
        problems.append(f"{init} exited with status {status}, expected 0")
    if problems:
        raise Fail("\n".join(problems))
