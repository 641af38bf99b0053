"""The app developer's path (docs/sdk.md, "Adding a desktop app"): the example app
apps/hello/ is built by apps/Makefile like any folder there, packed into the image, and
started on the desktop by the boot option start=hello instead of the demo; it draws,
redraws at a new size and ends on its close button. Owns APPS*.

Geometry: the first window Orbital places by itself sits at content (112, 112) in test
mode; hello's content is 420x160, so its frame is (108, 84, 428, 192) (title bar 28,
border 4); maximized, the frame is the screen and the close button's centre (1006, 14).
"""
import re

from harness.registry import Fail, case

HELLO_TITLE = (168, 98)
CLOSE_MAXIMIZED = (1006, 14)


@case("APPS0001", "an app in apps/ started with start=hello: drawn, maximized, closed")
def hello(t):
    g = t.boot("start=hello")
    g.wait_for(r"^READY$")
    # Orbital's line and the app's own come from two processes, in either order.
    g.wait_for(r"^ORBITAL presented window \d+ \(Hello\)$", timeout=60)
    log = g.wait_for_debugcon(r"init: started hello \(pid (\d+)\)", 10)
    if re.search(r"init: started demo", g.debugcon_text()):
        raise Fail("start=hello also started the demo (the list's own apps are replaced)")
    t.expect_golden(g.screenshot("hello"), "app-hello")
    g.pointer_to(*HELLO_TITLE)
    for _ in range(2):  # a double click on the title bar maximizes
        g.button("left", True)
        g.button("left", False)
    g.wait_for(r"^HELLO drawn 1016x736$", timeout=30)
    t.expect_golden(g.screenshot("maximized"), "app-hello-maximized")
    g.click(*CLOSE_MAXIMIZED)
    g.wait_for_debugcon(rf"init: hello \(pid {log.group(1)}\) finished", 30)
