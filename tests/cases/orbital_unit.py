"""Host unit tests of Orbital's compositor core (orbital/test/, built with the host gcc and
sanitizers): rectangles and regions against a bitmap model, pixel operations against a
per-channel formula and guard borders, the scene compositor against a plain painter's pass.
Owns ORBU*.
"""
import subprocess

from harness.registry import Fail, case


def _run(t, name, *args):
    build = t.repo / "build" / "orbital-test"
    made = subprocess.run(["make", "-s", "-C", str(t.repo / "orbital" / "test"),
                           f"BUILD={build}"], capture_output=True, text=True, timeout=120)
    if made.returncode:
        raise Fail(f"building the unit tests failed:\n{made.stdout}{made.stderr}")
    p = subprocess.run([str(build / name), *map(str, args)], capture_output=True, text=True,
                       timeout=120)
    t.log(p.stdout + p.stderr)
    if p.returncode:
        raise Fail(f"{name} exited {p.returncode}: {(p.stdout + p.stderr).strip()[-800:]}")
    return p.stdout.strip()


@case("ORBU0001", "regions: random adds, subtracts, clips match a bitmap model", qemu=False)
def regions(t):
    t.notes.append(_run(t, "test_region").removeprefix("PASS: "))


@case("ORBU0002", "pixels: OVER blend exact per channel; fills, copies, blends stay inside",
      qemu=False)
def pixels(t):
    t.notes.append(_run(t, "test_pixels").removeprefix("PASS: "))


@case("ORBU0003", "compositor: culled, damaged composition equals a painter's pass; no overdraw",
      qemu=False)
def scene(t):
    t.notes.append(_run(t, "test_scene").removeprefix("PASS: "))


@case("ORBU0004", "protocol decoder: every rule refused with its errno; random input survives",
      qemu=False)
def protocol(t):
    out = _run(t, "test_proto").splitlines()
    t.notes.append(out[-1].removeprefix("PASS: ").split(";")[0])


@case("ORBU0006", "theme: the shipped file is the built-in theme; broken files refused by line",
      qemu=False)
def theme(t):
    out = _run(t, "test_theme", t.repo / "themes" / "default.theme")
    t.notes.append(out.splitlines()[-1].removeprefix("PASS: ").split(";")[0])


@case("ORBU0007", "decorations: the culling region only holds solid pixels; content clear",
      qemu=False)
def decorations(t):
    picture = t.workdir / "decorations.ppm"
    out = _run(t, "test_decor", picture)
    t.notes.append(out.splitlines()[-1].removeprefix("PASS: "))


@case("ORBU0008", "event queue: order kept, motion and resizes coalesced, overflow refused",
      qemu=False)
def events(t):
    t.notes.append(_run(t, "test_events").splitlines()[-1].removeprefix("PASS: "))


@case("ORBU0005", "window manager: focus, stacking, drags, maximize, minimize, close, Alt-Tab",
      qemu=False)
def window_manager(t):
    t.notes.append(_run(t, "test_wm").splitlines()[-1].removeprefix("PASS: "))


@case("ORBU0009", "pings and close deadlines: late once, answers clear it, kill only after an "
      "ignored close while not responding", qemu=False)
def liveness(t):
    t.notes.append(_run(t, "test_liveness").splitlines()[-1].removeprefix("PASS: "))
