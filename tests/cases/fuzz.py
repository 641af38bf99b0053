"""The system-call fuzzer: the guest runs bin/kfuzz (tests/guest/kfuzz/, main.c) as its first
process, which makes N random calls from several worker processes, respawns the ones that die,
and then checks that the kernel still spawns, passes messages and collects exits (its own
verdict, FUZZ0002). docs/testing.md, "The syscall fuzzer".

    ./build.sh fuzz [--calls N] [--seed S]      (or COBALT_FUZZ_CALLS / COBALT_FUZZ_SEED)

A failure names the seed: the same seed makes the same random choices again.

Owns FUZZ*. FUZZ0002 is printed by kfuzz itself.
"""
import os
import re

from harness.registry import Fail, case

DEFAULT_CALLS = 100000
DEFAULT_SEED = 1
END_RE = r"^(EXIT (-?\d+)|PANIC .*)$"
SUMMARY_RE = re.compile(r"^FUZZ calls=(\d+) seed=(\d+) deaths=(\d+)(?: hangs=(\d+))?$")


def _number(name: str, default: int, minimum: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < minimum or len(text) > 19:
        raise Fail(f"{name}={text!r}: expected a decimal number >= {minimum}")
    return int(text)


def _budget(calls: int, trace: bool) -> float:
    """Seconds the whole run may take. 100,000 calls take about 5-15 s under TCG (more when
    the watchdog has to kill hung workers, 3 s each); tracing writes a log line per call."""
    base = 20 + calls / 2000
    return base * 4 if trace else base


_TRACE = os.environ.get("COBALT_FUZZ_TRACE", "") not in ("", "0")
# The case's own time limit is fixed when it registers; a bad value fails inside the test.
_LIMIT_CALLS = os.environ.get("COBALT_FUZZ_CALLS", "").strip()
_LIMIT_CALLS = int(_LIMIT_CALLS) if _LIMIT_CALLS.isdigit() else DEFAULT_CALLS


@case("FUZZ0001", "syscall fuzzer: N calls from several processes, kernel survives, health "
      "check answers", timeout=_budget(_LIMIT_CALLS, _TRACE) + 30)
def syscall_fuzzer(t):
    calls = _number("COBALT_FUZZ_CALLS", DEFAULT_CALLS, 1)
    seed = _number("COBALT_FUZZ_SEED", DEFAULT_SEED, 0)
    replay = (f"seed {seed}; replay with ./build.sh fuzz --calls {calls} --seed {seed} "
              f"(add --trace to log every call)")
    args = f"init=bin/kfuzz fuzz_calls={calls} fuzz_seed={seed}"
    if _TRACE:
        args += " fuzz_trace=1"  # kfuzz traces when the kernel passes it on as argv[3]
    t.log(f"fuzzing: {calls} calls, {replay}")
    g = t.boot(args=args)
    try:
        g.wait_for(r"^READY$", timeout=30)
        end = g.wait_for(END_RE, timeout=_budget(calls, _TRACE)).string
    except Fail as e:
        raise Fail(f"the fuzz run did not end ({replay})\n{e}") from None
    if end.startswith("PANIC"):
        raise Fail(f"the kernel panicked: {end}\n  {replay}\n  debugcon.log has the panic and "
                   f"the workers that died before it; a traced run logs every call before it "
                   f"is made, so its last 'kfuzz w<worker>.<generation>' lines show what each "
                   f"worker was doing")
    status = int(re.match(END_RE, end).group(2))
    summary = [m for m in map(SUMMARY_RE.match, g.channel.lines) if m]
    if not summary:
        raise Fail(f"kfuzz printed no 'FUZZ calls=...' line before '{end}' ({replay})")
    made, said_seed, deaths, hangs = summary[-1].groups()
    t.notes.append(f"calls={made} seed={said_seed} deaths={deaths} hangs={hangs or 0}")
    problems = []
    if int(said_seed) != seed:
        problems.append(f"kfuzz says seed {said_seed}, the boot asked for {seed} (are "
                        f"fuzz_calls/fuzz_seed passed to the first process?)")
    if int(made) != calls:
        problems.append(f"kfuzz made {made} calls, expected {calls}")
    verdicts = [v for v in g.verdicts if v[0] == "FUZZ0002"]
    if not verdicts:
        problems.append("kfuzz reported no health check (TEST FUZZ0002)")
    elif not all(passed for _, passed, _ in verdicts):
        problems.append(f"health check after the run failed: {verdicts[-1][2]}")
    if status != 0:
        problems.append(f"kfuzz exited with status {status}, expected 0")
    if problems:
        raise Fail("\n".join(problems) + f"\n  {replay}")
