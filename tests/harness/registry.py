"""The test registry: the @case decorator, the Fail exception, loading and selecting cases.

Owns what a test *is* (id, name, function, whether it boots QEMU, its time limit) and which
tests a command line selects. Running them is runner.py's job.

    from harness.registry import case, Fail

    @case("BOOT0001", "boot banner and memory map logged")
    def boot_banner(t): ...
"""
import importlib.util
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ID_RE = re.compile(r"^[A-Z]{4}[0-9]{4}$")
DEFAULT_TIMEOUT_QEMU = 120.0  # seconds for a whole test that boots QEMU
DEFAULT_TIMEOUT_HOST = 60.0  # seconds for a test that does not


class Fail(Exception):
    """Raise to fail a test with a message meant for the tester."""


@dataclass
class Case:
    id: str
    name: str
    fn: Callable
    qemu: bool
    timeout: float
    module: str  # file stem under tests/cases, e.g. "boot"


_CASES: dict = {}
_LOAD_ERRORS: list = []  # (what, message) for case files that could not be loaded
_loading_module = "?"


def case(id: str, name: str, qemu: bool = True, timeout: Optional[float] = None):
    """Register a test. `id` is four capitals and four digits, stable forever."""
    if not ID_RE.match(id):
        raise ValueError(f"test id {id!r} is not four capitals and four digits (e.g. BOOT0001)")
    if not name or "\n" in name:
        raise ValueError(f"test {id}: the name must be one non-empty line")

    def register(fn):
        if id in _CASES:
            other = _CASES[id]
            raise ValueError(f"test id {id} is used twice: cases/{other.module}.py "
                             f"({other.fn.__name__}) and cases/{_loading_module}.py ({fn.__name__})")
        limit = timeout if timeout is not None else (
            DEFAULT_TIMEOUT_QEMU if qemu else DEFAULT_TIMEOUT_HOST)
        _CASES[id] = Case(id, name, fn, qemu, float(limit), _loading_module)
        return fn

    return register


def load(cases_dir: Path):
    """Import every cases/*.py. A file that fails to import is recorded, not fatal."""
    global _loading_module
    for path in sorted(Path(cases_dir).glob("*.py")):
        if path.name.startswith("_"):
            continue
        _loading_module = path.stem
        modname = f"cobalt_cases.{path.stem}"
        try:
            spec = importlib.util.spec_from_file_location(modname, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[modname] = module
            spec.loader.exec_module(module)
        except Exception as exc:  # a broken case file must not hide the others
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            _LOAD_ERRORS.append((f"tests/cases/{path.name}", detail))
        finally:
            _loading_module = "?"


def all_cases() -> list:
    return sorted(_CASES.values(), key=lambda c: c.id)


def load_errors() -> list:
    return list(_LOAD_ERRORS)


def select(filters: list) -> tuple:
    """Cases whose id or name contains any filter word (case-insensitive).

    Returns (selected cases, filter words that matched nothing)."""
    cases = all_cases()
    if not filters:
        return cases, []
    words = [w.lower() for w in filters]
    hit = set()
    chosen = []
    for c in cases:
        matched = [w for w in words if w in c.id.lower() or w in c.name.lower()]
        if matched:
            chosen.append(c)
            hit.update(matched)
    unmatched = [f for f in filters if f.lower() not in hit]
    return chosen, unmatched
