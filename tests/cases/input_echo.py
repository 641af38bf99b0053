"""Input echo tests: keys and pointer reach the guest exactly as sent.

INPT0001, 0002 and 0004 go through the user-space drivers (docs/drivers.md): init starts
i8042 and vmmouse, and bin/drvecho (drivers/tests/dt_echo.c) prints every kbd: event as the
set-1 scancode bytes it stands for (`KEY xx`) and every pointer: event as `POINTER x y b`.
INPT0003 is the kernel's own echo screen (echo=input mode), kept for its golden.

Owns INPT*.
"""
from harness.registry import Fail, case


def _echo_guest(t):
    g = t.boot("init=bin/drvecho")
    g.wait_for(r"^READY$")
    g.wait_for(r"^DRVTEST echo ready$", timeout=30)
    return g


def _kernel_echo_guest(t):
    g = t.boot("echo=input init=none")
    g.wait_for(r"^READY$")
    return g


def _expect_pointer(g, x, y, buttons):
    lines = [l for l in g.fence() if l.startswith("POINTER ")]
    want = f"POINTER {x} {y} {buttons}"
    if not lines or lines[-1] != want:
        raise Fail(f"expected {want!r} after the input, the guest said {lines or 'nothing'}")


@case("INPT0001", "keys arrive as the exact set-1 scancode bytes, in order")
def keys(t):
    g = _echo_guest(t)
    g.key("a")
    g.key("shift+b")
    g.key("ret")
    got = [l.split()[1] for l in g.fence() if l.startswith("KEY ")]
    want = ["1e", "9e", "2a", "30", "b0", "aa", "1c", "9c"]
    if got != want:
        raise Fail(f"scancodes {' '.join(got) or '(none)'}, expected {' '.join(want)}")


# Set-1 make codes of the keys INPT0004 types; a release is the make code | 0x80.
MAKE = {"shift": 0x2A, "h": 0x23, "e": 0x12, "l": 0x26, "o": 0x18, "spc": 0x39, "w": 0x11,
        "r": 0x13, "d": 0x20, "2": 0x03, "0": 0x0B, "6": 0x07}


@case("INPT0004", "long typed text arrives complete (no PS/2 queue overflow)")
def long_text(t):
    from harness import input as inp
    text = "Hello World 2026"
    want = []
    for ch in text:
        codes = inp.char_keys(ch)
        want += [f"{MAKE[c]:02x}" for c in codes] + [f"{MAKE[c] | 0x80:02x}" for c in reversed(codes)]
    g = _echo_guest(t)
    g.keys(text)
    got = [l.split()[1] for l in g.fence() if l.startswith("KEY ")]
    if got != want:
        raise Fail(f"typing {text!r} gave {len(got)} scancode bytes, expected {len(want)}:\n"
                   f"  got  {' '.join(got)}\n  want {' '.join(want)}")


@case("INPT0002", "pointer positions and buttons arrive exactly")
def pointer(t):
    g = _echo_guest(t)
    w, h = g.screen
    for x, y in [(0, 0), (w - 1, h - 1), (w // 2, h // 2), (100, 200), (1, h - 2), (w - 2, 1)]:
        g.pointer_to(x, y)
        _expect_pointer(g, x, y, 0)
    for button, bit in (("left", 1), ("right", 2), ("middle", 4)):
        g.button(button, down=True)
        _expect_pointer(g, x, y, bit)
        g.button(button, down=False)
        _expect_pointer(g, x, y, 0)
    g.button("left", down=True)
    g.button("right", down=True)
    _expect_pointer(g, x, y, 3)
    g.button("left", down=False)
    _expect_pointer(g, x, y, 2)
    g.button("right", down=False)
    _expect_pointer(g, x, y, 0)


@case("INPT0003", "the input echo screen matches its golden after fixed input")
def echo_screen(t):
    g = _kernel_echo_guest(t)
    g.key("a")
    g.key("shift+b")
    g.key("ret")
    g.pointer_to(300, 250)
    g.button("left", down=True)
    t.expect_golden(g.screenshot("input-echo"), "input-echo")
