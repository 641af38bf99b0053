"""Keyboard and pointer input as QMP input-send-event events.

Owns the translation from what a test says ("a", "shift+b", "ret", text, a pixel, a
button) into qcode/abs/btn events, the pixel-centre arithmetic for absolute axes, and the
PS/2 byte count of each key (the guest's keyboard queue holds only 16 bytes, so the guest
handle fences before a batch could overflow it).
"""

ABS_MAX = 0x7FFF
BUTTONS = ("left", "right", "middle")

# Friendly names -> QEMU qcodes.
ALIASES = {"enter": "ret", "return": "ret", "space": "spc", "escape": "esc",
           "backspace": "backspace", "del": "delete", "ctrl": "ctrl", "control": "ctrl",
           "lshift": "shift", "rshift": "shift_r", "altgr": "alt_r", "win": "meta_l",
           "pgup": "pgup", "pgdn": "pgdn"}

# Keys whose set-1 scancodes carry an 0xE0 prefix (two bytes per press, two per release).
EXTENDED = {"ctrl_r", "alt_r", "meta_l", "meta_r", "menu", "up", "down", "left", "right",
            "home", "end", "pgup", "pgdn", "insert", "delete", "kp_enter", "kp_divide"}

# Printable characters: char -> (qcode, shifted)
_UNSHIFTED = {"-": "minus", "=": "equal", "[": "bracket_left", "]": "bracket_right",
              "\\": "backslash", ";": "semicolon", "'": "apostrophe", "`": "grave_accent",
              ",": "comma", ".": "dot", "/": "slash", " ": "spc", "\n": "ret", "\t": "tab"}
_SHIFTED = {"_": "minus", "+": "equal", "{": "bracket_left", "}": "bracket_right",
            "|": "backslash", ":": "semicolon", '"': "apostrophe", "~": "grave_accent",
            "<": "comma", ">": "dot", "?": "slash", "!": "1", "@": "2", "#": "3", "$": "4",
            "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0"}


def qcode(name: str) -> str:
    name = name.strip().lower()
    if not name:
        raise ValueError("empty key name")
    return ALIASES.get(name, name)


def parse_combo(spec: str) -> list:
    """'shift+b' -> ['shift', 'b']; a lone '+' is the plus key's character, not handled here."""
    return [qcode(p) for p in spec.split("+")]


def char_keys(ch: str) -> list:
    """The qcodes to hold for one printable character, modifier first."""
    if "a" <= ch <= "z" or "0" <= ch <= "9":
        return [ch]
    if "A" <= ch <= "Z":
        return ["shift", ch.lower()]
    if ch in _UNSHIFTED:
        return [_UNSHIFTED[ch]]
    if ch in _SHIFTED:
        return ["shift", _SHIFTED[ch]]
    raise ValueError(f"no key types {ch!r}; use key() with a qcode name")


def key_events(codes: list) -> list:
    """Press codes in order, release in reverse order."""
    def ev(code, down):
        return {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": code}}}
    return [ev(c, True) for c in codes] + [ev(c, False) for c in reversed(codes)]


def ps2_bytes(codes: list) -> int:
    """Set-1 bytes a press-and-release of `codes` puts in the guest's keyboard queue."""
    return sum(4 if c in EXTENDED else 2 for c in codes)


def abs_value(pixel: int, size: int) -> int:
    """The 0..0x7FFF axis value that lands on the centre of `pixel` on a `size`-wide axis."""
    if not 0 <= pixel < size:
        raise ValueError(f"pixel {pixel} is outside 0..{size - 1}")
    return ((2 * pixel + 1) * 0x8000) // (2 * size)


def pointer_events(x: int, y: int, width: int, height: int) -> list:
    return [{"type": "abs", "data": {"axis": "x", "value": abs_value(x, width)}},
            {"type": "abs", "data": {"axis": "y", "value": abs_value(y, height)}}]


def button_event(button: str, down: bool) -> list:
    if button not in BUTTONS:
        raise ValueError(f"unknown button {button!r}; one of {', '.join(BUTTONS)}")
    return [{"type": "btn", "data": {"down": bool(down), "button": button}}]
