"""One result row: what the console line, the totals and the JUnit file are made of.

Owns the Result record shared by runner.py (which fills it) and junit.py (which writes it).
"""
from dataclasses import dataclass, field


@dataclass
class Result:
    id: str
    name: str
    passed: bool
    seconds: float = 0.0
    message: str = ""  # why it failed (empty on a pass)
    folder: str = ""  # result folder, relative to the repo
    group: str = ""  # JUnit classname: the case file, or "in-guest"
    log: str = ""  # test.log text for JUnit system-out
    notes: list = field(default_factory=list)
