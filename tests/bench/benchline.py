"""BENCH lines: the one format every benchmark figure is reported in.

Owns parsing and formatting `BENCH <name> <value> <unit>`: the name is lower-case letters,
digits and underscores (starting with a letter), the value a non-negative decimal number
(integer or with a fraction), the unit `ns` (guest nanoseconds) or `x` (a ratio). Exactly
one blank between the words, nothing else on the line. See docs/performance.md.
"""
import re
from dataclasses import dataclass

UNITS = ("ns", "x")
LINE_RE = re.compile(r"^BENCH ([a-z][a-z0-9_]{0,63}) (0|[1-9][0-9]*)(\.[0-9]+)? (ns|x)$")


class BadLine(ValueError):
    """A line that starts like a BENCH line but is not one."""


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    text: str  # the value exactly as printed

    def line(self) -> str:
        return f"BENCH {self.name} {self.text} {self.unit}"


def parse(line: str) -> Figure:
    """The figure on one line (trailing "\\r\\n" allowed). Raises BadLine."""
    text = line.rstrip("\r\n")
    m = LINE_RE.match(text)
    if not m:
        raise BadLine(f"malformed BENCH line: {text!r} "
                      "(expected 'BENCH <name> <number> ns|x')")
    whole, frac, unit = m.group(2), m.group(3) or "", m.group(4)
    return Figure(m.group(1), float(whole + frac), unit, whole + frac)


def is_candidate(line: str) -> bool:
    """True for any line meant as a figure (well-formed or not)."""
    return line.lstrip().startswith("BENCH")


def collect(lines) -> tuple:
    """(figures by name in order, problems) from guest output lines; other lines skipped.

    A malformed BENCH line or a name reported twice is a problem, never silently kept."""
    figures, problems = {}, []
    for raw in lines:
        if not is_candidate(raw):
            continue
        try:
            fig = parse(raw.strip())
        except BadLine as exc:
            problems.append(str(exc))
            continue
        if fig.name in figures:
            problems.append(f"figure {fig.name} reported twice")
            continue
        figures[fig.name] = fig
    return figures, problems


def ratio(name: str, numerator: Figure, denominator: Figure) -> Figure:
    """A `x` figure: numerator / denominator, three decimals."""
    if denominator.value <= 0:
        raise ValueError(f"cannot divide by {denominator.name} = {denominator.text}")
    text = f"{numerator.value / denominator.value:.3f}"
    return Figure(name, float(text), "x", text)
