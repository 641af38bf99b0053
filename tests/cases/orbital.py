"""Orbital's screenshot tests: the real window server with the real drivers, driven by real
input through QEMU (absolute pointer, keyboard), checked by golden screenshots and by the
events the test client (orbital/tests/orbclient/) reports on the channel ("EV <window>
<event> ..."). Scenarios: the table in orbital/tests/orbclient/main.c. Owns ORBT*.

Geometry of the "two" scenario (theme defaults: title bar 28, border 4, buttons 18 with
gaps of 5): window A's content at (120, 140) 360x240, B's at (420, 300) 360x240, B on top. The "hang" scenario puts a second client's window H
where A is (opened first) and B where it is; H's client never answers.
"""
import time

from harness.registry import Fail, case

TITLE, BORDER, BUTTON, GAP = 28, 4, 18, 5


def frame(x, y, w, h):
    return (x - BORDER, y - TITLE, w + 2 * BORDER, h + TITLE + BORDER)


A = frame(120, 140, 360, 240)
B = frame(420, 300, 360, 240)


def button_centre(f, slot):
    """Centre of title-bar button `slot` (0 close, 1 maximize, 2 minimize) of frame f."""
    x = f[0] + f[2] - BORDER - GAP - (slot + 1) * BUTTON - slot * GAP
    y = f[1] + (TITLE - BUTTON) // 2
    return x + BUTTON // 2, y + BUTTON // 2


def title_point(f):
    return f[0] + 60, f[1] + TITLE // 2


def start(t, scenario="two"):
    g = t.boot(f"init=bin/orbtest scenario={scenario}")
    g.wait_for(r"^READY$")
    g.wait_for(rf"^ORBTEST ready {scenario}$", timeout=60)
    return g


def events(g):
    """The EV lines since the last fence, after a fence."""
    return [l for l in g.fence() if l.startswith("EV ")]


def expect(lines, wanted, what):
    missing = [w for w in wanted if w not in lines]
    if missing:
        raise Fail(f"{what}: expected {missing} among the client's events {lines}")


def drag(g, x0, y0, x1, y1):
    """Press at (x0, y0), move to (x1, y1), release: the client's EV lines meanwhile."""
    lines = []
    g.pointer_to(x0, y0)
    lines += g.fence()
    g.button("left", True)
    lines += g.fence()
    g.pointer_to((x0 + x1) // 2, (y0 + y1) // 2)
    g.pointer_to(x1, y1)
    lines += g.fence()
    g.button("left", False)
    lines += g.fence()
    return [l for l in lines if l.startswith("EV ")]


@case("ORBT0001", "two windows appear with decorations, B on top and focused")
def appear(t):
    g = start(t)
    t.expect_golden(g.screenshot("two"), "orbital-two")


@case("ORBT0002", "dragging B's title bar moves it by the pointer's travel")
def move(t):
    g = start(t)
    x, y = title_point(B)
    drag(g, x, y, x - 150, y + 60)
    t.expect_golden(g.screenshot("moved"), "orbital-moved")


@case("ORBT0003", "dragging B's bottom-right corner resizes it; the client redraws")
def resize(t):
    g = start(t)
    x, y = B[0] + B[2] - 2, B[1] + B[3] - 2
    lines = drag(g, x, y, x + 100, y + 50)
    expect(lines, ["EV B RESIZE 460 290"], "the resize")
    t.expect_golden(g.screenshot("resized"), "orbital-resized")


@case("ORBT0004", "maximize and restore with B's button")
def maximize(t):
    g = start(t)
    g.click(*button_centre(B, 1))
    expect(events(g), ["EV B STATE 1", "EV B RESIZE 1016 736"], "maximize")
    t.expect_golden(g.screenshot("maximized"), "orbital-maximized")
    g.click(*button_centre((0, 0, 1024, 768), 1))
    expect(events(g), ["EV B STATE 0", "EV B RESIZE 360 240"], "restore")
    t.expect_golden(g.screenshot("restored"), "orbital-restored")


@case("ORBT0005", "minimize B, then Alt-Tab brings it back")
def minimize(t):
    g = start(t)
    g.click(*button_centre(B, 2))
    expect(events(g), ["EV B STATE 2", "EV A FOCUS in"], "minimize")
    t.expect_golden(g.screenshot("minimized"), "orbital-minimized")
    g.key("alt+tab")
    expect(events(g), ["EV B STATE 0", "EV B FOCUS in"], "Alt-Tab restore")
    t.expect_golden(g.screenshot("unminimized"), "orbital-unminimized")


@case("ORBT0006", "the close button asks the client, which closes its window")
def close(t):
    g = start(t)
    g.click(*button_centre(B, 0))
    expect(events(g), ["EV B CLOSE"], "close")
    t.expect_golden(g.screenshot("closed"), "orbital-closed")


@case("ORBT0007", "Alt-Tab switches focus to the other window and raises it")
def alt_tab(t):
    g = start(t)
    g.key("alt+tab")
    expect(events(g), ["EV A FOCUS in", "EV B FOCUS out"], "Alt-Tab")
    t.expect_golden(g.screenshot("alt-tab"), "orbital-alt-tab")


@case("ORBT0008", "a click focuses and raises the window under the pointer")
def click_focus(t):
    g = start(t)
    g.click(200, 200)
    expect(events(g), ["EV A FOCUS in", "EV B FOCUS out", "EV A BUTTON 1 down 80 60",
                       "EV A BUTTON 1 up 80 60"], "click to focus")
    t.expect_golden(g.screenshot("clicked"), "orbital-clicked")


@case("ORBT0009", "typing reaches only the focused window")
def typing(t):
    g = start(t)
    g.keys("hi")
    lines = events(g)
    expect(lines, ["EV B KEY 35 down h", "EV B KEY 23 down i"], "typing into B")
    if any(l.startswith("EV A KEY") for l in lines):
        raise Fail(f"window A got keys while B had the focus: {lines}")


@case("ORBT0010", "a client that crashes mid-draw disappears; the other windows stay")
def crash(t):
    g = t.boot("init=bin/orbtest scenario=crashmix")
    g.wait_for(r"^READY$")
    g.wait_for(r"^ORBTEST crasher ended by a signal$", timeout=60)
    g.wait_for(r"^ORBTEST ready crashmix$", timeout=10)
    t.expect_golden(g.screenshot("after-crash"), "orbital-two")


@case("ORBT0011", "malformed requests are refused with EINVAL, then the client is dropped")
def garbage(t):
    g = t.boot("init=bin/orbtest scenario=garbage")
    g.wait_for(r"^READY$")
    said = g.wait_for(r"^ORBTEST garbage (.*)$", timeout=60).group(1)
    if said != "refused=16 other=0 after=ECONNRESET":
        raise Fail(f"expected 16 refusals, then ECONNRESET: the client said {said!r}")
    g.wait_for_debugcon(r"orbital: client \d+ disconnected: too many malformed requests", 10)
    t.expect_golden(g.screenshot("dropped"), "orbital-empty")


@case("ORBT0012", "a client that never reads its events is dropped, Orbital stays responsive")
def noread(t):
    g = start(t, "noread")
    g.keys("a" * 140)  # 280 key events: more than a window's queue holds
    g.wait_for_debugcon(r"orbital: client \d+ disconnected: its event queue overflowed", 30)
    t.expect_golden(g.screenshot("dropped"), "orbital-empty")


@case("ORBT0013", "3,000 opens from one client: 64 windows, every other open refused with ENOSPC")
def many(t):
    g = t.boot("init=bin/orbtest scenario=many")
    g.wait_for(r"^READY$")
    g.wait_for(r"^ORBTEST many opened=64 refused=-28 x2936 other=0$", timeout=120)


@case("ORBT0014", "the default boot shows the desktop with the demo app (text and a PNG)")
def desktop(t):
    g = t.boot()
    g.wait_for(r"^READY$")
    g.wait_for_debugcon(r"init: started demo", 60)
    g.wait_for(r"^ORBITAL ready", timeout=60)
    g.wait_for_debugcon(r"orbital: client \d+ presented", 60)
    t.expect_golden(g.screenshot("desktop"), "desktop-demo")


@case("ORBT0015", "Alt held after Tab shows the switcher; releasing Alt picks the window")
def switcher(t):
    g = start(t)
    g.key_hold("alt", True)
    g.key("tab")
    t.expect_golden(g.screenshot("switcher"), "orbital-switcher")
    g.key_hold("alt", False)
    expect(events(g), ["EV A FOCUS in"], "the pick")
    t.expect_golden(g.screenshot("picked"), "orbital-alt-tab")


def double_click(g, x, y):
    """Two left clicks at (x, y) with nothing in between: four QMP commands back to back, no
    fence (a fence waits until the guest is idle). Orbital measures the double-click
    interval (400 ms) between the driver's timestamps of the two presses, which are a few
    host milliseconds apart here whatever Orbital was doing meanwhile."""
    g.pointer_to(x, y)
    for _ in range(2):
        g.button("left", True)
        g.button("left", False)


@case("ORBT0016", "double-clicking B's title bar maximizes it; a second double click restores")
def double_click_maximize(t):
    g = start(t)
    double_click(g, *title_point(B))
    lines = events(g)
    expect(lines, ["EV B STATE 1", "EV B RESIZE 1016 736"], "double click")
    t.expect_golden(g.screenshot("maximized"), "orbital-dblclick-maximized")
    double_click(g, *title_point((0, 0, 1024, 768)))
    lines = events(g)
    expect(lines, ["EV B STATE 0", "EV B RESIZE 360 240"], "second double click")
    t.expect_golden(g.screenshot("restored"), "orbital-dblclick-restored")


@case("ORBT0020", "two clicks on B's title bar a second apart do not maximize it")
def slow_clicks(t):
    g = start(t)
    g.pointer_to(*title_point(B))
    g.button("left", True)
    g.button("left", False)
    g.fence()
    time.sleep(1.0)  # guest time runs with the host's here (no -icount): past the 400 ms
    g.button("left", True)
    g.button("left", False)
    lines = events(g)
    if any(" STATE " in l or " RESIZE " in l for l in lines):
        raise Fail(f"two slow clicks changed B's state: {lines}")
    t.expect_golden(g.screenshot("slow-clicks"), "orbital-slow-clicks")


def start_hang(t):
    """The "hang" scenario: the pid of H's client (which never answers) once both are up."""
    g = t.boot("init=bin/orbtest scenario=hang")
    g.wait_for(r"^READY$")
    pid = g.wait_for(r"^ORBTEST hung client (\d+)$", timeout=60).group(1)
    g.wait_for(r"^ORBTEST ready hang$", timeout=30)
    return g, pid


@case("ORBT0017", "a client that stops answering pings is titled \"not responding\"")
def not_responding(t):
    g, _ = start_hang(t)
    # Pings go out every 2 s and are late after 3 s (monotonic time): Orbital says when.
    g.wait_for(r"^ORBITAL window \d+ \(H\) not responding$", timeout=30)
    lines = g.fence()
    if any("(B) not responding" in l for l in lines):
        raise Fail(f"B answers its pings but was called not responding: {lines}")
    t.expect_golden(g.screenshot("not-responding"), "orbital-not-responding")


@case("ORBT0018", "closing a client that does not respond kills it; the other window stays")
def kill_unresponsive(t):
    g, pid = start_hang(t)
    g.click(*button_centre(A, 0))  # H's close button: H never reads the request
    expect(events(g), ["EV B FOCUS out"], "the press on H's close button")
    # After the close grace (5 s) and its pings unanswered, Orbital kills the client.
    killed = g.wait_for(r"^ORBITAL killed client (\d+): (.*)$", timeout=30)
    if killed.group(1) != pid:
        raise Fail(f"Orbital killed client {killed.group(1)}, the hung client is {pid}")
    # The parent's wait status proves the death; B's focus coming back proves that Orbital
    # removed H's window. Either line may come first.
    ended, focused = None, False
    while ended is None or not focused:
        m = g.wait_for(rf"^(?:ORBTEST child {pid} (.*)|EV B (FOCUS) in)$", timeout=15)
        if m.group(2):
            focused = True
        else:
            ended = m.group(1)
    if ended != "ended by signal 9":
        raise Fail(f"expected the hung client to end by SIGKILL (9): its parent saw {ended!r}")
    g.wait_for_debugcon(rf"orbital: client {pid} ignored a close request and does not "
                        r"respond: killed", 10)
    t.expect_golden(g.screenshot("killed"), "orbital-hung-killed")


@case("ORBT0019", "Orbital killed: init restarts it, libwindow re-attaches the window, input works")
def orbital_restart(t):
    g = t.boot("init=bin/orbtest scenario=restart")
    g.wait_for(r"^READY$")
    old = g.wait_for(r"^ORBTEST killed orbital (\d+)$", timeout=60).group(1)
    # The re-attached window's RESIZE (same size) tells the client to redraw.
    g.wait_for(r"^EV R RESIZE 420 280$", timeout=30)
    g.wait_for_debugcon(rf"init: orbital \(pid {old}\) died: killed by signal 9; restarting", 10)
    t.expect_golden(g.screenshot("reattached"), "orbital-restarted")
    g.pointer_to(400, 300)
    g.button("left", True)
    g.button("left", False)
    g.keys("ok")
    expect(events(g), ["EV R KEY 24 down o", "EV R KEY 37 down k"], "typing after the restart")