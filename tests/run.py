#!/usr/bin/python3
"""Cobalt's test runner: `tests/run.py [--update-golden NAME] [--list] [FILTER...]`.

Owns the command line: choosing tests, running them in order, the JUnit file, the last
line `N passed, N failed` and the exit status (0 only if nothing failed and something ran).
How to write, run, update and debug tests: docs/testing.md.
"""
import argparse
import os
import sys
import time
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"


def _ensure_pil():
    """Debian's python3-pil installs for /usr/bin/python3 only; re-run under it if needed."""
    try:
        import PIL  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) \
            and os.path.exists(SYSTEM_PYTHON) and not os.environ.get("COBALT_REEXEC"):
        os.environ["COBALT_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
    sys.stderr.write("error: the Python Imaging Library is missing: apt-get install "
                     "python3-pil (./build.sh does this)\n")
    sys.exit(2)


def parse(argv):
    p = argparse.ArgumentParser(
        prog="tests/run.py", description="Run Cobalt's tests (see docs/testing.md).",
        epilog="A test runs if any FILTER is a case-insensitive part of its id or name.")
    p.add_argument("filters", nargs="*", metavar="FILTER", help="e.g. BOOT0001, FALT, golden")
    p.add_argument("--list", action="store_true", help="list the selected tests and exit")
    p.add_argument("--update-golden", action="append", default=[], metavar="NAME",
                   help="write tests/golden/NAME.png from this run instead of comparing "
                        "(repeatable; 'all' for every golden a selected test uses)")
    p.add_argument("-v", "--verbose", action="store_true", help="echo each test's log live")
    p.add_argument("--boot", metavar="ARGS", help="boot by hand with the test wiring and "
                   "guest options ARGS (e.g. 'init=bin/drvecho'); see docs/testing.md")
    p.add_argument("--gdb", action="store_true", help="with --boot: start paused, gdb stub :1234")
    p.add_argument("--vnc", action="store_true", help="with --boot: show the screen on VNC :0")
    p.add_argument("--cases", type=Path, help=argparse.SUPPRESS)  # harness self-tests
    p.add_argument("--results", type=Path, help=argparse.SUPPRESS)  # harness self-tests
    return p.parse_args(argv)


def main(argv) -> int:
    args = parse(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import golden, junit, manual, paths, registry
    from harness.runner import Runner

    if args.boot is not None:
        _ensure_pil()
        return manual.main(args.boot, args.gdb, args.vnc)

    registry.load(args.cases or paths.CASES)
    selected, unmatched = registry.select(args.filters)

    if args.list:
        for c in selected:
            print(f"{c.id}  {'qemu' if c.qemu else 'host'}  {c.name}")
        for what, msg in registry.load_errors():
            print(f"(could not load {what}: {msg})")
        return 0 if not unmatched and not registry.load_errors() else 1

    _ensure_pil()
    for name in args.update_golden:
        if name != "all":
            golden.check_name(name)
    results_dir = args.results or paths.RESULTS
    runner = Runner(sys.stdout, set(args.update_golden), args.verbose, results_dir)
    start = time.monotonic()
    interrupted = False

    for what, msg in registry.load_errors():
        runner.fail_setup(what, f"could not be loaded: {msg}")
    for word in unmatched:
        runner.fail_setup(f"filter {word!r}", "matches no test (tests/run.py --list shows them)")
    if not args.filters and not selected:
        runner.fail_setup("tests/cases", "no tests found")
    try:
        for c in selected:
            runner.run_case(c)
    except KeyboardInterrupt:
        interrupted = True
        runner.say("interrupted: the running test's guest was stopped")
    for name in sorted(set(args.update_golden) - runner.goldens_used - {"all"}):
        if not interrupted:
            runner.fail_setup(f"--update-golden {name}", "no test that ran uses this golden")

    junit.write(results_dir / "junit.xml", runner.results, time.monotonic() - start)
    passed, failed = runner.summary()
    print(f"{passed} passed, {failed} failed", flush=True)
    if interrupted:
        return 130
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
