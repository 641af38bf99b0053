"""Where things live: repo root, build products, result folders, goldens.

Owns every path the harness derives from the repository layout, so no other module
hard-codes one.
"""
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
CASES = TESTS / "cases"
GOLDEN = TESTS / "golden"
BUILD = REPO / "build"
ISO = BUILD / "cobalt.iso"
KERNEL_ELF = BUILD / "kernel" / "kernel.elf"
RESULTS = BUILD / "test-results"
JUNIT = RESULTS / "junit.xml"


def rel(path) -> str:
    """A path as the tester should read it: relative to the repo when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(REPO))
    except ValueError:
        return str(p)
