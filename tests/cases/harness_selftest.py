"""Self-tests of the harness: it must be able to say FAIL, and say it clearly.

Owns HARN*: goldens and masks on synthetic images, marker time-outs against a fake
channel, the runner end to end on synthetic case files, pointer arithmetic, and (with the
guest) colour order and screenshot determinism.
"""
import re
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from harness import golden, input as inp
from harness.channel import Channel
from harness.guest import Guest
from harness.registry import Fail, case


def _image(w, h):
    from PIL import Image
    img = Image.new("RGB", (w, h))
    img.putdata([((x * 7) % 256, (y * 11) % 256, (x + y) % 256) for y in range(h) for x in range(w)])
    return img


def _expect_fail(fn, *args, **kwargs) -> str:
    try:
        fn(*args, **kwargs)
    except Fail as exc:
        return str(exc)
    raise Fail(f"{fn.__name__} did not fail")


def _must_contain(text, *parts):
    for p in parts:
        if p not in text:
            raise Fail(f"expected {p!r} in the message:\n{text}")


@case("HARN0001", "a golden mismatch fails and writes actual and diff PNGs", qemu=False)
def golden_mismatch(t):
    gdir, out = t.workdir / "golden", t.workdir / "out"
    gdir.mkdir()
    out.mkdir()
    expected = _image(64, 48)
    expected.save(gdir / "synthetic.png")
    actual = expected.copy()
    actual.putpixel((10, 5), (1, 2, 3))
    actual.putpixel((30, 40), (250, 0, 0))
    actual.save(t.workdir / "actual.png")
    expected.save(t.workdir / "same.png")

    golden.check(t.workdir / "same.png", "synthetic", gdir, out)  # identical: no Fail
    msg = _expect_fail(golden.check, t.workdir / "actual.png", "synthetic", gdir, out)
    t.log(msg)
    exp = golden.hexcolour(expected.getpixel((10, 5)))
    _must_contain(msg, "2 pixel(s) differ", "first at (10, 5)", f"golden {exp}",
                  "actual #010203", "synthetic.actual.png", "synthetic.diff.png",
                  "--update-golden synthetic")
    from PIL import Image
    if (out / "synthetic.actual.png").read_bytes() != (t.workdir / "actual.png").read_bytes():
        raise Fail("synthetic.actual.png is not a copy of the screenshot")
    diff = Image.open(out / "synthetic.diff.png").convert("RGB")
    magenta = [(x, y) for y in range(48) for x in range(64) if diff.getpixel((x, y)) == golden.MAGENTA]
    if magenta != [(10, 5), (30, 40)]:
        raise Fail(f"diff PNG marks {magenta[:10]} magenta, expected [(10, 5), (30, 40)]")
    r, g, b = diff.getpixel((0, 0))
    if not (r == g == b):
        raise Fail(f"unchanged pixel (0, 0) in the diff is {golden.hexcolour((r, g, b))}, not grey")

    msg = _expect_fail(golden.check, t.workdir / "actual.png", "missing-one", gdir, out)
    _must_contain(msg, "does not exist", "./build.sh test --update-golden missing-one")
    _image(32, 48).save(t.workdir / "small.png")
    msg = _expect_fail(golden.check, t.workdir / "small.png", "synthetic", gdir, out)
    _must_contain(msg, "32x48", "64x48")
    golden.check(t.workdir / "actual.png", "synthetic", gdir, out, update=True)
    golden.check(t.workdir / "actual.png", "synthetic", gdir, out)  # updated: now identical


@case("HARN0002", "masks exclude exactly their rectangle", qemu=False)
def golden_masks(t):
    gdir = t.workdir
    expected = _image(40, 30)
    expected.save(gdir / "masked.png")
    mask = (10, 8, 5, 4)  # pixels x 10..14, y 8..11
    inside = expected.copy()
    for y in range(8, 12):
        for x in range(10, 15):
            inside.putpixel((x, y), (255, 255, 255))
    inside.save(t.workdir / "inside.png")
    golden.check(t.workdir / "inside.png", "masked", gdir, t.workdir, masks=[mask])
    msg = _expect_fail(golden.check, t.workdir / "inside.png", "masked", gdir, t.workdir)
    _must_contain(msg, "20 pixel(s) differ", "first at (10, 8)")
    for outside in [(9, 8), (15, 8), (10, 7), (10, 12), (14, 12), (15, 11)]:
        img = inside.copy()
        img.putpixel(outside, (0, 0, 0) if img.getpixel(outside) != (0, 0, 0) else (9, 9, 9))
        img.save(t.workdir / "outside.png")
        msg = _expect_fail(golden.check, t.workdir / "outside.png", "masked", gdir, t.workdir,
                           masks=[mask])
        _must_contain(msg, "1 pixel(s) differ", f"first at {outside}")
    msg = _expect_fail(golden.check, t.workdir / "inside.png", "masked", gdir, t.workdir,
                       masks=[(35, 0, 10, 10)])
    _must_contain(msg, "does not lie inside")


def _fake_guest(t, folder: Path):
    """A guest handle wired to a socketpair instead of QEMU, with fake log files."""
    folder.mkdir(parents=True, exist_ok=True)
    ours, theirs = socket.socketpair()
    logs = {}
    for title, fname in (("COM1", "com1.log"), ("debugcon", "debugcon.log")):
        path = folder / fname
        path.write_text("".join(f"{title.lower()}-{i:02d}\n" for i in range(1, 21)))
        logs[title] = path
    verdicts, errors = [], []
    g = Guest(channel=Channel(ours, folder / "com2.log"), dir=folder, log=t.log, logs=logs,
              on_verdict=verdicts.append, on_protocol_error=errors.append)
    return g, theirs, verdicts, errors


@case("HARN0003", "a missed marker times out with every channel's last lines", qemu=False)
def marker_timeout(t):
    g, peer, _, _ = _fake_guest(t, t.workdir / "fake")
    try:
        peer.sendall("".join(f"com2-{i:02d}\n" for i in range(1, 21)).encode() + b"half a line")
        start = time.monotonic()
        msg = _expect_fail(g.wait_for, r"^NEVER$", timeout=0.5)
        waited = time.monotonic() - start
        t.log(msg)
        if not 0.5 <= waited < 0.9:
            raise Fail(f"the 0.5 s time-out took {waited:.2f} s")
        _must_contain(msg, "timed out after 0.5 s waiting for /^NEVER$/ on COM2",
                      "COM2 harness channel", "com2-07", "com2-20", "half a line",
                      "COM1", "com1-06", "com1-20", "debugcon", "debugcon-06", "debugcon-20",
                      "full logs:", "com2.log", "com1.log", "debugcon.log")
        for old in ("com2-05", "com1-05", "debugcon-05"):
            if re.search(rf"\b{old}\b", msg):
                raise Fail(f"{old} is older than the last 15 lines but was shown:\n{msg}")

        # A marker that comes later is waited for, not missed, and not read twice.
        timer = threading.Timer(0.2, lambda: peer.sendall(b"\nLATE\nLATE\n"))
        start = time.monotonic()
        timer.start()
        g.wait_for(r"^LATE$", timeout=5)
        g.wait_for(r"^LATE$", timeout=5)
        if time.monotonic() - start > 0.6:
            raise Fail(f"a marker sent after 0.2 s was seen only after "
                       f"{time.monotonic() - start:.2f} s")
        msg = _expect_fail(g.wait_for, r"^LATE$", timeout=0.2)
        timer.join()

        # A closed channel fails at once, not after the time-out.
        peer.close()
        start = time.monotonic()
        msg = _expect_fail(g.wait_for, r"^NEVER$", timeout=10)
        if time.monotonic() - start > 2.5:
            raise Fail("a closed channel was waited on until the time-out")
        _must_contain(msg, "channel closed before /^NEVER$/")
    finally:
        peer.close()
        g.stop()


SYNTHETIC_CASES = '''
import socket, time
from harness.registry import case, Fail
from harness.channel import Channel
from harness.guest import Guest

@case("SELF0001", "passes", qemu=False)
def passes(t):
    t.log("fine")

@case("SELF0002", "fails with a reason", qemu=False)
def fails(t):
    raise Fail("deliberate failure")

@case("SELF0003", "reports in-guest verdicts", qemu=False)
def verdicts(t):
    a, b = socket.socketpair()
    b.sendall(b"TEST KVER0001 PASS\\nTEST KVER0002 FAIL bad thing\\nTEST KVER0001 PASS\\n"
              b"EXIT 0\\nTEST KVER0003 PASS\\n")
    g = Guest(channel=Channel(a, t.workdir / "com2.log"), dir=t.workdir, log=t.log,
              on_verdict=t.record_verdict, on_protocol_error=t.protocol_error)
    got = g.collect_verdicts(until=r"^EXIT", timeout=5)
    assert len(got) == 3, got
    b.close()
    g.stop()

@case("SELF0004", "bare assert", qemu=False)
def bare_assert(t):
    assert 1 + 1 == 3

@case("SELF0005", "runs over its time limit", qemu=False, timeout=0.5)
def too_slow(t):
    time.sleep(5)
'''


def _run(t, cases: Path, *args):
    cmd = [sys.executable, str(t.repo / "tests" / "run.py"), "--cases", str(cases),
           "--results", str(t.workdir / "results"), *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    t.log(f"$ run.py {' '.join(args)} -> exit {p.returncode}\n{p.stdout}{p.stderr}")
    return p


@case("HARN0004", "screendump colours: red and blue are not swapped")
def colour_order(t):
    g = t.boot("init=none")  # the bare kernel: no user space
    g.wait_for(r"^READY$")
    png = g.screenshot("colours")
    from PIL import Image
    img = Image.open(png).convert("RGB")
    for i, (name, rgb) in enumerate((("red", (255, 0, 0)), ("green", (0, 255, 0)),
                                     ("blue", (0, 0, 255)))):
        for y in range(16):
            for x in range(16 * i, 16 * i + 16):
                got = img.getpixel((x, y))
                if got != rgb:
                    hint = " (red and blue swapped?)" if got == rgb[::-1] else ""
                    raise Fail(f"pixel ({x}, {y}) of the {name} square is "
                               f"{golden.hexcolour(got)}, expected {golden.hexcolour(rgb)}{hint}")


def _determinism_run(t):
    g = t.boot("echo=input init=none")
    g.wait_for(r"^READY$")
    shots = [g.screenshot("ready")]
    g.keys("Cobalt")
    g.click(100, 200)
    g.pointer_to(700, 500)
    shots.append(g.screenshot("after-input"))
    g.stop()
    return shots


@case("HARN0005", "the same test run twice gives identical screenshots")
def determinism(t):
    first = _determinism_run(t)
    second = _determinism_run(t)
    for a, b in zip(first, second):
        c = golden.compare(a, b)
        if c.count:
            diff = b.with_name(b.stem + ".diff.png")
            c.save_diff(diff)
            raise Fail(f"{b.name} differs between two runs: {c.describe('run 1', 'run 2')}\n"
                       f"  run 1: {a}\n  run 2: {b}\n  diff:  {diff}")
        same = "byte-identical" if a.read_bytes() == b.read_bytes() else "pixel-identical"
        t.log(f"{b.name}: {same}")


@case("HARN0006", "the runner reports each result once, totals and exit status", qemu=False)
def runner_end_to_end(t):
    cases = t.workdir / "cases"
    cases.mkdir()
    (cases / "synthetic.py").write_text(SYNTHETIC_CASES)
    p = _run(t, cases)
    lines = p.stdout.splitlines()
    if p.returncode != 1:
        raise Fail(f"exit status {p.returncode} with failures, expected 1")
    if lines[-1:] != ["3 passed, 4 failed"]:
        raise Fail(f"last line is {lines[-1:]}, expected '3 passed, 4 failed'")
    status = [l.split()[:2] for l in lines if l[:5] in ("PASS ", "FAIL ")]
    # KVER0001 twice counts once; KVER0003 came after EXIT, unread, so it does not count.
    want = [["PASS", "SELF0001"], ["FAIL", "SELF0002"], ["PASS", "SELF0003"], ["PASS", "KVER0001"],
            ["FAIL", "KVER0002"], ["FAIL", "SELF0004"], ["FAIL", "SELF0005"]]
    if status != want:
        raise Fail(f"result lines {status}, expected {want}")
    _must_contain(p.stdout, "deliberate failure", "bad thing", "assert 1 + 1 == 3",
                  "time limit of 0.5 s", "results: ")
    suite = ET.parse(t.workdir / "results" / "junit.xml").getroot().find("testsuite")
    names = [tc.get("name").split()[0] for tc in suite.findall("testcase")]
    if suite.get("tests") != "7" or suite.get("failures") != "4" or names.count("KVER0001") != 1:
        raise Fail(f"junit.xml: tests={suite.get('tests')} failures={suite.get('failures')} "
                   f"ids={names}")

    p = _run(t, cases, "self0001")
    if p.returncode != 0 or p.stdout.splitlines()[-1] != "1 passed, 0 failed":
        raise Fail(f"filter SELF0001: exit {p.returncode}, output:\n{p.stdout}")
    p = _run(t, cases, "no-such-test")
    if p.returncode == 0 or p.stdout.splitlines()[-1] != "0 passed, 1 failed":
        raise Fail(f"a filter matching nothing: exit {p.returncode}, output:\n{p.stdout}")
    empty = t.workdir / "empty"
    empty.mkdir()
    p = _run(t, empty)
    if p.returncode == 0 or "no tests found" not in p.stdout:
        raise Fail(f"zero tests and no filter: exit {p.returncode}, output:\n{p.stdout}")


@case("HARN0007", "pointer positions land on the aimed pixel", qemu=False)
def pointer_maths(t):
    for size in (1024, 768, 800, 600, 1280, 1920, 1):
        for pixel in range(size):
            value = inp.abs_value(pixel, size)
            raw = value << 1  # QEMU's vmmouse doubles 0..0x7FFF to 0..0xFFFE
            if not 0 <= value <= inp.ABS_MAX or raw * size // 0x10000 != pixel:
                raise Fail(f"pixel {pixel} of {size}: axis value {value:#x} lands on "
                           f"{raw * size // 0x10000}")
