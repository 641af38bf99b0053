"""The user-space drivers: serial, i8042, vmmouse, display (docs/drivers.md).

DRVR0000 boots init=bin/drvtest (drivers/tests/drvtest.c), which execs
`bin/init -f etc/services.drvtest bin/drvtest client`: init starts the drivers, then the
client runs the in-guest tests (serial loopback, bad requests to every scheme, display
modes, every driver killed and restarted) and init exits with its status. Every DRVR id
the sources under drivers/tests define must report PASS.

Owns DRVR0000 and the harness-side DRVR01xx ids; the in-guest ids DRVR0001..0099 belong to
drivers/tests/*.c.
"""
import re

from harness import console, paths
from harness.registry import Fail, case
from harness.suite import defined_ids, run_suite

TESTS = paths.REPO / "drivers" / "tests"


@case("DRVR0000", "drivers: serial, bad requests, display modes, restart of every driver",
      timeout=180)
def drivers_suite(t):
    # An id may have several dt_verdict calls (its failure paths): the runner pattern dedups.
    # Only the in-guest ids DRVR0001..0099: "DRVR0000" (this case's own) is in drvtest.c as
    # the id run_under_init reports a failed exec under.
    want = defined_ids(TESTS, re.compile(r"$^"), re.compile(r"\"(DRVR00(?!00)\d\d)\""))
    run_suite(t, "bin/drvtest", want, "driver tests", "see drivers/tests and the kernel log")


# -- real input through the drivers (init=bin/drvecho: drivers/tests/dt_echo.c) ----------------
def echo_guest(t):
    """Boots init with the drivers and the echo client; returns the guest once the client
    has kbd: and pointer: open (absolute mode is on: input may be sent)."""
    g = t.boot("init=bin/drvecho")
    g.wait_for(r"^READY$")
    g.wait_for(r"^DRVTEST echo ready$", timeout=30)
    return g


def key_events(g, last: str) -> list:
    """(code, 'p'|'r', mods, text) of every KEYEV line up to and including the one that
    matches `last` (a regex tail, e.g. "1c r"), then a fence. Waiting for the last event
    first: through the user-space drivers the kernel can (rarely) answer a fence before a
    device interrupt raised just before it was taken."""
    lines = g.read_until(rf"^KEYEV {last}", timeout=5)
    lines.append(g.channel.lines[g._mark - 1])
    lines += g.fence()
    out = []
    for line in lines:
        if line.startswith("KEYEV "):
            _, code, kind, mods, text = line.split()
            out.append((int(code, 16), kind, int(mods, 16),
                        "" if text == "-" else bytes.fromhex(text).decode()))
    return out


def presses(events) -> list:
    return [(c, m, txt) for c, kind, m, txt in events if kind == "p"]


SHIFT, CTRL, CAPS = 0x001, 0x004, 0x100


def check_keys(g, when=""):
    g.key("a")
    g.key("shift+b")
    g.key("ctrl+c")
    g.key("up")
    g.key("ret")
    got = presses(key_events(g, "1c r"))
    want = [(0x1E, 0, "a"), (0x2A, SHIFT, ""), (0x30, SHIFT, "B"), (0x1D, CTRL, ""),
            (0x2E, CTRL, "\x03"), (0xC8, 0, ""), (0x1C, 0, "\n")]
    if got != want:
        raise Fail(f"key presses{when}: got {got}, expected {want}")


@case("DRVR0101", "keys typed through QMP arrive as kbd: events with modifiers and US text")
def keys_through_driver(t):
    g = echo_guest(t)
    check_keys(g)
    # Shifted symbols and capitals as typed text.
    g.keys("Hi! 2+2=4?")
    text = "".join(txt for _, _, txt in presses(key_events(g, "2a r")))
    if text != "Hi! 2+2=4?":
        raise Fail(f"typing 'Hi! 2+2=4?' gave text {text!r}")
    # Caps lock: letters shift, digits do not; shift inverts it back.
    g.key("caps_lock")
    g.key("q")
    g.key("1")
    g.key("shift+w")
    g.key("caps_lock")
    g.key("e")
    got = [(c, m & CAPS, txt) for c, m, txt in presses(key_events(g, "12 r"))]
    want = [(0x3A, CAPS, ""), (0x10, CAPS, "Q"), (0x02, CAPS, "1"), (0x2A, CAPS, ""),
            (0x11, CAPS, "w"), (0x3A, 0, ""), (0x12, 0, "e")]
    if got != want:
        raise Fail(f"caps lock: got {got}, expected {want}")
    # Releases come too, with the modifier state after them.
    g.key("shift+z")
    ev = key_events(g, "2a r")
    want = [(0x2A, "p", SHIFT, ""), (0x2C, "p", SHIFT, "Z"), (0x2C, "r", SHIFT, ""),
            (0x2A, "r", 0, "")]
    if [(c, k, m & 0xFF, txt) for c, k, m, txt in ev] != want:
        raise Fail(f"shift+z: got {ev}, expected {want}")


@case("DRVR0105", "a client that never reads keeps only the newest 128 events, flagged")
def queue_bound(t):
    g = echo_guest(t)
    text = "the quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrst"
    g.keys(text)  # 2 events per character: well over the 128-record queue
    key_events(g, "14 r")  # the last t released
    g.key("f7")
    line = g.wait_for(r"^DRVTEST lazy ").string
    m = re.match(r"DRVTEST lazy (\d+) dropped=(\d) first=([0-9a-f]+)", line)
    # The lazy client holds the newest 128 events: the typed text's last 127 and F7's press.
    if not m or int(m.group(1)) != 128 or m.group(2) != "1":
        raise Fail(f"the never-read client's queue: {line!r}, expected 128 records, the first "
                   f"flagged COBALT_INPUT_F_DROPPED")


def last_pointer(g, want=None):
    """The last POINTER position after a fence; with `want`, waits for that line first
    (see key_events)."""
    if want is not None:
        try:
            g.wait_for(rf"^POINTER {want[0]} {want[1]} {want[2]}$", timeout=5)
        except Fail:
            pass
        return want if not any(l.startswith("POINTER ") for l in g.fence()) else None
    lines = [l for l in g.fence() if l.startswith("POINTER ")]
    return tuple(int(v) for v in lines[-1].split()[1:]) if lines else None


def check_pointer(g, when=""):
    w, h = g.screen
    for x, y in [(0, 0), (w - 1, h - 1), (w // 2, h // 2), (123, 456)]:
        g.pointer_to(x, y)
        got = last_pointer(g, (x, y, 0))
        if got != (x, y, 0):
            raise Fail(f"pointer{when}: moved to ({x}, {y}), the guest saw {got}")
    g.button("left", True)
    got = last_pointer(g, (x, y, 1))
    g.button("left", False)
    got2 = last_pointer(g, (x, y, 0))
    if got != (x, y, 1) or got2 != (x, y, 0):
        raise Fail(f"left button{when}: saw {got} then {got2}")


@case("DRVR0102", "absolute pointer moves arrive at exact pixels with buttons and wheel")
def pointer_through_driver(t):
    g = echo_guest(t)
    check_pointer(g)
    for button, bit in (("right", 2), ("middle", 4)):
        g.button(button, True)
        got = last_pointer(g, (123, 456, bit))
        g.button(button, False)
        last_pointer(g, (123, 456, 0))
        if got is None or got[2] != bit:
            raise Fail(f"{button} button: saw {got}, expected buttons {bit}")
    g._qmp("input-send-event", {"events": [
        {"type": "btn", "data": {"down": True, "button": "wheel-down"}},
        {"type": "btn", "data": {"down": False, "button": "wheel-down"}}]})
    wheel = g.read_until(r"^WHEEL ", timeout=5)
    wheel = [g.channel.lines[g._mark - 1]]
    g.fence()
    if not wheel or int(wheel[-1].split()[1]) <= 0:
        raise Fail(f"wheel down: the guest said {wheel or 'nothing'} (want WHEEL >0)")


def check_display(t, g, name):
    """F10: 800x600, left half red, right half blue, green square at (10,10), on page 1."""
    from PIL import Image
    g.key("f10")
    line = g.wait_for(r"^DRVTEST display 800x600 ").string
    if not line.endswith(" ok"):
        raise Fail(f"the guest could not set the mode and draw: {line}")
    path = g.screenshot(name)
    with Image.open(path) as im:
        im = im.convert("RGB")
        probes = {(100, 300): (255, 0, 0), (700, 300): (0, 0, 255), (13, 13): (0, 255, 0),
                  (799, 599): (0, 0, 255)}
        bad = {p: im.getpixel(p) for p, want in probes.items() if im.getpixel(p) != want}
        if im.size != (800, 600) or bad:
            raise Fail(f"{name}: screen {im.size[0]}x{im.size[1]}, pixels off {bad} "
                       f"(want 800x600 and {probes})")
    g.key("f9")
    line = g.wait_for(r"^DRVTEST display 1024x768 ").string
    path = g.screenshot(name + "-back")
    with Image.open(path) as im:
        if im.size != (1024, 768) or im.convert("RGB").getpixel((1000, 700)) != (0, 0, 255):
            raise Fail(f"{name}: back to 1024x768 gave {im.size} ({line})")


@case("DRVR0103", "display: a mode set and a page flip show in the screenshot")
def display_screenshot(t):
    g = echo_guest(t)
    check_display(t, g, "display-800x600")


@case("DRVR0104", "every driver killed and restarted: keys, pointer, screen still work",
      timeout=120)
def restart_with_input(t):
    g = echo_guest(t)
    g.key("f12")
    line = g.wait_for(r"^DRVTEST restarted", timeout=30).string
    pids = re.findall(r"(\w+)=(-?\d+)>(-?\d+)", line)
    if len(pids) != 4 or any(int(new) <= 0 or new == old for _, old, new in pids):
        raise Fail(f"not every driver came back with a new pid: {line}")
    check_keys(g, " after the restart")
    check_pointer(g, " after the restart")
    check_display(t, g, "display-after-restart")
    log = g.debugcon_text()
    for name, old, _ in pids:
        if not re.search(rf"init: {name} \(pid {old}\) died: killed by signal 9; restarting", log):
            raise Fail(f"no `init: {name} (pid {old}) died ... restarting` line in the kernel log")


@case("DRVR0106", "the display driver killed under Orbital: Orbital reopens display: and draws "
      "on, through the same video memory", timeout=120)
def display_restart_under_orbital(t):
    from PIL import Image
    g, sock = console.boot(t)
    try:
        g.wait_for(r"^READY$")
        g.wait_for(r"^ORBITAL ready", timeout=60)
        g.wait_for_debugcon(r"orbital: client \d+ presented", 60)
        data = bytearray()
        sock.sendall(b"\r")  # dash's first prompt went out long ago: ask for a fresh one
        at = console.first_prompt(sock, data)
        g.pointer_to(300, 300)
        before = g.screenshot("pointer-300")
        g.pointer_to(100, 100)
        g.screenshot("pointer-100")
        old = console.kill_service(g, sock, data, at, "display")
        g.wait_for_debugcon(rf"^display: serving display: \(pid (?!{old}\))\d+\)", timeout=10)
        # The cursor moves back: Orbital's next flip finds the old file hung up and reopens.
        g.pointer_to(300, 300)
        g.wait_for_debugcon(r"^orbital: display reopened", timeout=10)
        after = g.screenshot("pointer-300-after")
    finally:
        sock.close()
    with Image.open(before) as a, Image.open(after) as b:
        if a.convert("RGB").tobytes() != b.convert("RGB").tobytes():
            raise Fail("after the display driver's restart the screen differs from the same "
                       f"scene before it: compare {before.name} and {after.name}")
