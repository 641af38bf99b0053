"""libtext inside Cobalt (docs/libtext.md).

TEXT0000 boots with init=bin/texttest (tests/text), which tests libtext with the fonts of
the boot image: opening fonts and malformed ones, widths against HarfBuzz, Arabic right to
left, invalid UTF-8, ink inside the measured box, the glyph cache, clipping, determinism.
Each `TEST TEXTnnnn` line it prints becomes its own result. The case fails when texttest's
EXIT is missing or not 0, when any verdict is FAIL, or when a test id defined in tests/text
never reported.

Owns TEXT0000. The in-guest ids TEXT0001.. belong to tests/text.
"""
import re
from pathlib import Path

from harness.registry import case
from harness.suite import defined_ids, run_suite

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests" / "text"
CASE_ID_RE = re.compile(r"^\s*LT_CASE\((TEXT[0-9]{4}),", re.MULTILINE)
NO_RUNNER_RE = re.compile(r"(?!x)x")  # texttest is a single program: no runner verdicts


@case("TEXT0000", "libtext: texttest runs the tests/text cases inside Cobalt, all pass",
      timeout=300)
def text_suite(t):
    run_suite(t, "bin/texttest", defined_ids(TESTS, CASE_ID_RE, NO_RUNNER_RE),
              "libtext tests", "see the log of TEXT0000")
