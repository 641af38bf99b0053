#!/usr/bin/python3
"""Cobalt's benchmark runner: `tests/bench/run.py [options]` (run by `./build.sh bench`).

Owns one benchmark run: it builds the Linux guest's /init (stock musl, static) and boots
Debian's pinned stock kernel with it, boots Cobalt's ISO with `bench=1`, both under the
same deterministic QEMU flags (icount, fixed RTC, default CPU, TCG) and in parallel, then
prints every figure as `BENCH <name> <value> ns|x` on stdout, Linux first, then Cobalt,
then the Cobalt/Linux ratios. Progress goes to stderr as `bench: ...`. Raw logs: build/bench/.

Exit status: 0 when Linux produced all its figures and Cobalt had no error (a Cobalt
kernel without a bench mode is reported, not an error); 1 otherwise. How figures are
measured and how to add one: docs/performance.md.
"""
import argparse
import importlib.util
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import benchline  # noqa: E402
from linux import boot as linux_boot, build as linux_build  # noqa: E402

OUT = REPO / "build" / "bench"
THIRDPARTY = REPO / "tools" / "thirdparty.py"
PYTHON = "/usr/bin/python3"

LINUX_FIGURES = ("linux_getppid", "linux_pipe_roundtrip", "linux_unix_socket_roundtrip",
                 "linux_context_switch", "linux_mmap_munmap_4m", "linux_fork_exit_wait",
                 "linux_file_read_4k", "linux_text_shape_render_2k",
                 "linux_text_shape_render_2k_cached", "linux_png_decode_1024x768")
# (ratio name, Cobalt figure, Linux figure): printed when both figures are present.
RATIOS = (("ratio_ipc_vs_linux_pipe", "ipc_roundtrip", "linux_pipe_roundtrip"),
          ("ratio_pipe_vs_linux_pipe", "pipe_roundtrip", "linux_pipe_roundtrip"),
          ("ratio_syscall_vs_linux", "syscall_null", "linux_getppid"),
          ("ratio_file_read_vs_linux", "file_read_4k", "linux_file_read_4k"),
          ("ratio_text_vs_linux", "text_shape_render_2k", "linux_text_shape_render_2k"),
          ("ratio_text_cached_vs_linux", "text_shape_render_2k_cached",
           "linux_text_shape_render_2k_cached"),
          ("ratio_png_vs_linux", "png_decode_1024x768", "linux_png_decode_1024x768"))
# (ratio name, Cobalt figure, Cobalt figure): two figures of the same run of Cobalt.
COBALT_RATIOS = (("ratio_composite_vs_memcpy", "composite_full_1024x768", "memcpy_1024x768"),
                 ("ratio_composite_screen_vs_memcpy", "composite_full_screen_1024x768",
                  "memcpy_1024x768"),
                 ("ratio_cursor_vs_memcpy", "cursor_move_redraw", "memcpy_1024x768"))


def say(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)


class Failure(Exception):
    pass


# ---- the pinned packages ---------------------------------------------------------------

def _thirdparty_module():
    spec = importlib.util.spec_from_file_location("cobalt_thirdparty_tool", THIRDPARTY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kernel_package() -> str:
    """The one `linux-image-*` binary package pinned in thirdparty/manifest."""
    tool = _thirdparty_module()
    names = [p.name for p in tool.parse_manifest(tool.DEFAULT_MANIFEST).values()
             if p.kind == "binary" and p.name.startswith("linux-image-")]
    if len(names) != 1:
        raise Failure(f"thirdparty/manifest must pin exactly one linux-image-* binary package "
                      f"(found {names or 'none'})")
    return names[0]


def package_dir(name: str) -> Path:
    """The unpacked package, fetched first if the cache does not have it."""
    def path():
        return subprocess.run([PYTHON, str(THIRDPARTY), "path", name], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL)
    proc = path()
    if proc.returncode != 0:
        say(f"fetching {name}")
        fetch = subprocess.run([PYTHON, str(THIRDPARTY), "fetch", name], stdout=sys.stderr,
                               stdin=subprocess.DEVNULL)
        proc = path()
        if fetch.returncode != 0 or proc.returncode != 0:
            raise Failure(f"cannot fetch {name}: {proc.stderr.strip()}")
    return Path(proc.stdout.strip())


def vmlinuz() -> Path:
    pkg = kernel_package()
    found = sorted((package_dir(pkg) / "boot").glob("vmlinuz-*"))
    if len(found) != 1:
        raise Failure(f"expected one boot/vmlinuz-* in {pkg}, found {len(found)}")
    return found[0]


# ---- the two guests ----------------------------------------------------------------------

def run_linux(outdir: Path, timeout: float) -> dict:
    """Build, boot, collect. Returns the figures; raises Failure unless all are there."""
    kernel = vmlinuz()
    t0 = time.monotonic()
    initrd = linux_build.build_all(outdir, say=say)
    say(f"linux: /init built in {time.monotonic() - t0:.1f} s; booting {kernel.name}")
    result = linux_boot.run(kernel, initrd, outdir, timeout)
    console = result.console.relative_to(REPO)
    figures, problems = benchline.collect(result.lines())
    missing = [n for n in LINUX_FIGURES if n not in figures]
    extra = [n for n in figures if n not in LINUX_FIGURES]
    if result.problem:
        problems.insert(0, result.problem)
    elif result.status != 0:
        problems.insert(0, f"QEMU exited with status {result.status}, not by power-off")
    if missing:
        problems.append(f"missing figure(s): {' '.join(missing)}")
    if extra:
        problems.append(f"unexpected figure(s): {' '.join(extra)}")
    errors = [l for l in result.lines() if l.startswith("linuxbench: error")]
    problems += errors
    if problems:
        raise Failure("the Linux guest failed: " + "; ".join(problems) + f" (console: {console})")
    say(f"linux: {len(figures)} figures in {result.seconds:.1f} s of wall time "
        f"(console: {console})")
    return figures


def run_cobalt(outdir: Path, idle_timeout: float, timeout: float):
    import cobalt_guest
    say(f"cobalt: booting {cobalt_guest.paths.rel(cobalt_guest.paths.ISO)} with "
        f"'{cobalt_guest.GUEST_ARGS}'")
    res = cobalt_guest.run(outdir, idle_timeout=idle_timeout, timeout=timeout, say=say)
    logs = outdir.relative_to(REPO)
    if res.problems:
        say(f"cobalt: error: {'; '.join(res.problems)} (logs: {logs}/)")
    elif not res.figures:
        say(f"cobalt: no BENCH lines: {res.note}; Cobalt's figures are pending (logs: {logs}/)")
    else:
        say(f"cobalt: {len(res.figures)} figures, EXIT {res.exit_code}, in "
            f"{res.seconds:.1f} s of wall time")
    # The drivers' figure comes from a second boot: init, the drivers and bin/drvtest.
    say(f"cobalt: booting with '{cobalt_guest.DRIVER_ARGS}' for driver_restart")
    drv = cobalt_guest.run(outdir / "drivers", idle_timeout=idle_timeout, timeout=timeout,
                           say=say, guest_args=cobalt_guest.DRIVER_ARGS)
    if drv.problems or "driver_restart" not in drv.figures:
        res.problems.append("the drivers' boot gave no driver_restart figure: "
                            f"{'; '.join(drv.problems) or drv.note} (logs: {logs}/drivers/)")
    for name, fig in drv.figures.items():
        if name in res.figures:
            res.problems.append(f"Cobalt reported {name} twice")
        res.figures[name] = fig
    return res


class Job(threading.Thread):
    """Run one guest's part in the background; keep its result or its exception."""

    def __init__(self, fn, *args):
        super().__init__(daemon=True)
        self.fn, self.args = fn, args
        self.result = self.error = None

    def run(self):
        try:
            self.result = self.fn(*self.args)
        except BaseException as exc:  # reported by the main thread
            self.error = exc


def one_run(args, outdir: Path):
    """(lines to print, ok) for one complete run into outdir."""
    shutil.rmtree(outdir / "cobalt", ignore_errors=True)
    jobs = []
    if not args.no_linux:
        jobs.append(("linux", Job(run_linux, outdir / "linux", args.linux_timeout)))
    if not args.no_cobalt:
        jobs.append(("cobalt", Job(run_cobalt, outdir / "cobalt", args.idle_timeout,
                                   args.cobalt_timeout)))
    for _, job in jobs:
        job.start()
        while args.serial and job.is_alive():
            job.join(0.5)
    for _, job in jobs:
        while job.is_alive():  # a timed join lets Ctrl-C reach this thread
            job.join(0.5)
    done = dict(jobs)
    ok = True
    linux = cobalt = {}
    if "linux" in done:
        job = done["linux"]
        if job.error is not None:
            ok = False
            say(f"error: {job.error}" if isinstance(job.error, (Failure, linux_build.BuildError))
                else f"error: linux: {type(job.error).__name__}: {job.error}")
        else:
            linux = job.result
    if "cobalt" in done:
        job = done["cobalt"]
        if job.error is not None:
            ok = False
            say(f"error: cobalt: {type(job.error).__name__}: {job.error}")
        else:
            cobalt = job.result.figures
            ok = ok and not job.result.problems
    lines, notes = assemble(linux, cobalt)
    for note in notes:
        say(note)
    return lines, ok


def assemble(linux: dict, cobalt: dict) -> tuple:
    """(output lines, notes): Linux figures, Cobalt figures, then every ratio whose two
    figures are present."""
    lines = [f.line() for f in linux.values()] + [f.line() for f in cobalt.values()]
    notes = []
    for name, cob, lin in RATIOS:
        if cob in cobalt and lin in linux:
            lines.append(benchline.ratio(name, cobalt[cob], linux[lin]).line())
        elif cobalt and lin in linux:
            notes.append(f"cobalt printed no {cob}: {name} left out")
    for name, num, den in COBALT_RATIOS:
        if num in cobalt and den in cobalt:
            lines.append(benchline.ratio(name, cobalt[num], cobalt[den]).line())
    return lines, notes


def host_figures() -> list:
    """Host-native figures (not guest-ns: real nanoseconds on this machine, so they vary
    run to run and stay out of --check-repeatable): Orbital's pixel loops against pixman
    and memcpy in one program (orbital/test/bench_blend.c)."""
    build = REPO / "build" / "orbital-test"
    made = subprocess.run(["make", "-s", "-C", str(REPO / "orbital" / "test"), f"BUILD={build}",
                           "bench"], capture_output=True, text=True)
    if made.returncode:
        say(f"error: host blend benchmark did not build: {made.stderr.strip()[-400:]}")
        return []
    run = subprocess.run([str(build / "bench_blend")], capture_output=True, text=True,
                         timeout=300)
    lines = []
    for line in run.stdout.splitlines():
        try:
            lines.append(benchline.parse(line).line())
        except benchline.BadLine as exc:
            say(f"error: host blend benchmark: {exc}")
    return lines


def parse(argv):
    p = argparse.ArgumentParser(prog="tests/bench/run.py",
                                description="Run Cobalt's benchmarks against a stock Linux "
                                "guest (see docs/performance.md).")
    p.add_argument("--no-linux", action="store_true", help="skip the Linux guest")
    p.add_argument("--no-cobalt", action="store_true", help="skip the Cobalt guest")
    p.add_argument("--serial", action="store_true",
                   help="boot the guests one after the other instead of in parallel")
    p.add_argument("--check-repeatable", action="store_true",
                   help="do the whole run twice and fail unless every figure is identical")
    p.add_argument("--idle-timeout", type=float, default=10.0, metavar="S",
                   help="wall seconds to wait after Cobalt's READY for a first BENCH or EXIT "
                   "line before deciding it has no bench mode (default 10)")
    p.add_argument("--cobalt-timeout", type=float, default=600.0, metavar="S",
                   help="wall-clock limit for the whole Cobalt boot (default 600)")
    p.add_argument("--linux-timeout", type=float, default=300.0, metavar="S",
                   help="wall-clock limit for the whole Linux boot (default 300)")
    return p.parse_args(argv)


def main(argv) -> int:
    args = parse(argv)
    start = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        lines, ok = one_run(args, OUT)
        if args.check_repeatable:
            say("second run, to check that every figure repeats exactly")
            again, ok2 = one_run(args, OUT / "run2")
            ok = ok and ok2
            if again != lines:
                ok = False
                diff = [f"{a!r} vs {b!r}" for a, b in zip(lines, again) if a != b]
                say("error: figures differ between the two runs: "
                    + ("; ".join(diff) or f"{len(lines)} vs {len(again)} lines"))
            else:
                say(f"repeatable: both runs printed the same {len(lines)} figures")
    except Failure as exc:
        say(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        linux_boot.stop_all()
        if "cobalt_guest" in sys.modules:
            sys.modules["cobalt_guest"].stop_all()
        say("interrupted: the guests were stopped")
        return 130
    lines += host_figures()
    (OUT / "figures.txt").write_text("".join(l + "\n" for l in lines))
    for line in lines:
        print(line)
    sys.stdout.flush()
    say(f"{'done' if ok else 'FAILED'} in {time.monotonic() - start:.1f} s; "
        f"figures also in {(OUT / 'figures.txt').relative_to(REPO)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
