"""Running the selected tests one after another and reporting each on one line.

Owns the per-test lifecycle (fresh result folder, time limit, catching every kind of
failure, stopping guests whatever happened), the console lines, in-guest verdicts as their
own results, and the totals. The command line lives in tests/run.py.
"""
import shutil
import signal
import time
import traceback
from pathlib import Path

from . import paths
from .context import TestContext
from .registry import Fail
from .results import Result


class CaseTimeout(Fail):
    pass


def _on_alarm(signum, frame):
    raise CaseTimeout("the test exceeded its time limit")


def _describe(exc: BaseException) -> str:
    """The failure reason a tester reads."""
    if isinstance(exc, Fail):
        return str(exc) or "failed"
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f"{Path('tests') / 'cases'}" in f.filename or "/cases/" in f.filename]
    where = f" at {paths.rel(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    if isinstance(exc, AssertionError):
        text = str(exc) or (f"assertion failed: {frames[-1].line}" if frames else "assertion failed")
        return text + where
    return f"test error: {type(exc).__name__}: {exc}{where} (traceback in test.log)"


class Runner:
    def __init__(self, out, update_goldens=frozenset(), verbose=False,
                 results_dir: Path = paths.RESULTS):
        self.out = out
        self.update_goldens = set(update_goldens)
        self.verbose = verbose
        self.results_dir = Path(results_dir)
        self.results = []
        self.goldens_used = set()

    def say(self, text: str):
        self.out.write(text + "\n")
        self.out.flush()

    def add(self, r: Result):
        self.results.append(r)
        extra = f" [{'; '.join(r.notes)}]" if r.notes else ""
        timing = f" ({r.seconds:.1f} s)" if r.seconds else ""
        self.say(f"{'PASS' if r.passed else 'FAIL'} {r.id} {r.name}".rstrip() + f"{timing}{extra}")
        if not r.passed:
            for line in r.message.splitlines():
                self.say(f"     {line}")
            if r.folder:
                self.say(f"     results: {r.folder}/")

    def run_case(self, case):
        workdir = self.results_dir / case.id
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        t = TestContext(case, workdir, self.update_goldens,
                        echo=self.say if self.verbose else None)
        t.log(f"{case.id} {case.name}")
        error = None
        start = time.monotonic()
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, case.timeout)
        try:
            case.fn(t)
        except KeyboardInterrupt:
            signal.setitimer(signal.ITIMER_REAL, 0)
            t.log("interrupted")
            t.close()
            raise
        except BaseException as exc:
            signal.setitimer(signal.ITIMER_REAL, 0)
            error = exc
            if isinstance(exc, CaseTimeout):
                exc.args = (f"the test exceeded its time limit of {case.timeout:g} s",)
            t.log("".join(traceback.format_exception(exc)).rstrip())
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        t.stop_guests()
        seconds = time.monotonic() - start

        message = _describe(error) if error else ""
        if not error and t.protocol_errors:
            message = "guest broke the channel protocol:\n" + "\n".join(t.protocol_errors)
        passed = not message
        t.log(("PASS" if passed else "FAIL: " + message) + f" ({seconds:.1f} s)")
        log_text = t.log_text()
        t.close()
        self.goldens_used.update(t.goldens_used)
        folder = paths.rel(workdir)
        self.add(Result(case.id, case.name, passed, seconds, message, folder, case.module,
                        log_text, t.notes))
        for vid in t.verdict_order:
            _, ok, reason = t.verdicts[vid]
            name = f"in-guest test (reported in {case.id})"
            if ok and reason:
                name += f": {reason}"
            self.add(Result(vid, name, ok, 0.0, "" if ok else (reason or "FAIL without a reason"),
                            folder, "in-guest"))

    def fail_setup(self, what: str, message: str):
        """A failure that is not a test (a case file that did not load, a bad filter)."""
        self.add(Result(what, "", False, 0.0, message, "", "setup"))

    def summary(self) -> tuple:
        passed = sum(1 for r in self.results if r.passed)
        return passed, len(self.results) - passed
