"""What a tester sees when the guest did not say what a test waited for.

Owns the failure report: the last lines of every channel (COM2 harness channel, COM1 log,
debugcon log) and where the full logs are.
"""
from pathlib import Path

from .paths import rel

TAIL = 15


def file_tail(path: Path, n: int = TAIL) -> list:
    try:
        text = Path(path).read_text(errors="replace")
    except FileNotFoundError:
        return ["(file not created)"]
    lines = text.splitlines()
    if text and not text.endswith("\n") and lines:
        lines[-1] += "   <- no newline yet"
    return lines[-n:]


def section(title: str, lines: list, total=None) -> str:
    count = f"last {len(lines)}" + (f" of {total}" if total is not None else "") + " lines"
    body = "\n".join("  | " + l for l in lines) if lines else "  | (nothing)"
    return f"--- {title} ({count}) ---\n{body}"


def report(headline: str, com2_lines: list, com2_total: int, com2_log: Path, logs: dict) -> str:
    """headline, then a tail of COM2 and of every log file in `logs` (title -> path)."""
    parts = [headline, section("COM2 harness channel", com2_lines, com2_total)]
    for title, path in logs.items():
        parts.append(section(f"{title}, {rel(path)}", file_tail(path)))
    every = [Path(com2_log), *map(Path, logs.values())]
    folders = sorted({rel(p.parent) for p in every})
    names = ", ".join(p.name for p in every)
    parts.append(f"full logs: {', '.join(folders)}/ ({names})")
    return "\n".join(parts)
