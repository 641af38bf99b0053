"""Input echo tests: keys and pointer reach the guest exactly as sent.

They go through the user-space drivers (docs/drivers.md): init starts i8042, vmmouse and
display, and bin/drvecho (drivers/tests/dt_echo.c) prints every kbd: event as the set-1
scancode bytes it stands for (`KEY xx`) and every pointer: event as `POINTER x y b`, and
draws its echo screen through display: (drivers/tests/dt_screen.c: key squares, a pointer
bar, a cross at the pointer) for INPT0003's golden.

Owns INPT*.
"""
from harness.registry import Fail, case


def _echo_guest(t):
    g = t.boot("init=bin/drvecho")
    g.wait_for(r"^READY$")
    g.wait_for(r"^DRVTEST echo ready$", timeout=30)
    return g


def _expect_pointer(g, x, y, buttons):
    want = f"POINTER {x} {y} {buttons}"
    g.wait_for(rf"^{want}$", timeout=5)  # through the drivers: see _key_lines
    lines = [l for l in g.fence() if l.startswith("POINTER ")]
    if lines:
        raise Fail(f"expected {want!r} to be the last position, the guest then said {lines}")


def _key_lines(g, last: str) -> list:
    """The KEY bytes up to and including `KEY <last>`. The fence alone is not enough
    through the user-space drivers: the kernel can answer it before a device interrupt
    raised just before it was taken (rare), so the test waits for the last byte it
    expects, then fences to see nothing more came."""
    lines = g.read_until(rf"^KEY {last}$", timeout=5) + [f"KEY {last}"]
    lines += g.fence()
    return [l.split()[1] for l in lines if l.startswith("KEY ")]


@case("INPT0001", "keys arrive as the exact set-1 scancode bytes, in order")
def keys(t):
    g = _echo_guest(t)
    g.key("a")
    g.key("shift+b")
    g.key("ret")
    want = ["1e", "9e", "2a", "30", "b0", "aa", "1c", "9c"]
    got = _key_lines(g, want[-1])
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
    got = _key_lines(g, want[-1])
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
    g = _echo_guest(t)
    g.key("a")
    g.key("shift+b")
    g.key("ret")
    _key_lines(g, "9c")
    g.pointer_to(300, 250)
    g.button("left", down=True)
    _expect_pointer(g, 300, 250, 1)
    t.expect_golden(g.screenshot("input-echo"), "input-echo")
