"""libtext inside Cobalt (docs/libtext.md).

TEXT0000 boots with init=bin/texttest (tests/text), which tests libtext with the fonts of
the boot image: opening fonts and malformed ones, widths against HarfBuzz, Arabic right to
left, invalid UTF-8, ink inside the measured box, the glyph cache, clipping, determinism.
Each `TEST TEXTnnnn` line it prints becomes its own result. The case fails when texttest's
EXIT is missing or not 0, when any verdict is FAIL, or when a test id defined in tests/text
never reported.

TEXT0100 (host only) builds tests/text/golden_host.c with libtext and the graphics
libraries built for Linux against stock musl (the Linux benchmark guest's build,
tests/bench/linux/gfxlibs.py: built once into the cache if missing, about 70 s), draws the
golden sample and compares its hashes with tests/text/golden.h, the values TEXT0010 checks
inside Cobalt: the same text gives the same pixels on both systems.

Owns TEXT0000 and TEXT0100. The in-guest ids TEXT0001..0099 belong to tests/text.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

from harness.registry import Fail, case
from harness.suite import defined_ids, run_suite

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests" / "text"
CASE_ID_RE = re.compile(r"^\s*LT_CASE\((TEXT[0-9]{4}),", re.MULTILINE)
NO_RUNNER_RE = re.compile(r"(?!x)x")  # texttest is a single program: no runner verdicts


@case("TEXT0000", "libtext: texttest runs the tests/text cases inside Cobalt, all pass",
      timeout=300)
def text_suite(t):
    run_suite(t, "bin/texttest", defined_ids(TESTS, CASE_ID_RE, NO_RUNNER_RE),
              "libtext tests", "see the log of TEXT0000")


FONTS = REPO / "build" / "fonts" / "root" / "usr" / "share" / "fonts"
GOLDEN_RE = re.compile(r"#define TT_GOLDEN_[A-Z]+ 0x([0-9a-f]{16})ull /\* ([A-Za-z-]+\.ttf) \*/")


@case("TEXT0100", "libtext built for Linux (stock musl) draws the golden sample of golden.h",
      qemu=False, timeout=300)
def text_golden_host(t):
    golden = {name: value for value, name in
              GOLDEN_RE.findall((TESTS / "golden.h").read_text())}
    if len(golden) != 3:
        raise Fail(f"tests/text/golden.h: expected three TT_GOLDEN_* lines, found {golden}")
    bench = str(REPO / "tests" / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    from linux import build, gfxlibs
    log = t.workdir / "build.log"
    musl = build.ensure_musl(log, say=t.log)
    gfx = gfxlibs.ensure(musl, build.cache_dir(), say=t.log)
    inc = gfx / "usr" / "include"
    exe = t.workdir / "golden_host"
    cmd = [str(musl / "bin" / "musl-gcc"), "-static", "-O2", "-std=c11", "-Wall", "-Wextra",
           "-Werror", f"-I{REPO / 'lib' / 'libtext' / 'include'}", f"-I{inc}",
           f"-I{inc / 'freetype2'}", f"-I{inc / 'harfbuzz'}", str(TESTS / "golden_host.c"),
           str(TESTS / "tt_sample.c"), *sorted(str(p) for p in
                                                (REPO / "lib" / "libtext" / "src").glob("*.c")),
           f"-L{gfx / 'usr' / 'lib'}", "-lharfbuzz", "-lfreetype", "-lpng16", "-lz", "-lm",
           "-o", str(exe)]
    t.log("$ " + " ".join(cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True,
                          env=dict(os.environ, REALGCC="gcc", LC_ALL="C"))
    if proc.returncode != 0:
        raise Fail(f"building golden_host failed:\n{proc.stderr[-2000:]}")
    fonts = [FONTS / name for name in sorted(golden)]
    missing = [str(f) for f in fonts if not f.is_file()]
    if missing:
        raise Fail(f"fonts missing (./build.sh build installs them): {missing}")
    proc = subprocess.run([str(exe), *map(str, fonts)], capture_output=True, text=True)
    t.log(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise Fail(f"golden_host failed: {proc.stderr.strip()}")
    got = dict(line.split() for line in proc.stdout.splitlines())
    wrong = [f"{name}: {got.get(name)} on Linux, {value} in golden.h"
             for name, value in sorted(golden.items()) if got.get(name) != value]
    if wrong:
        raise Fail("libtext on Linux drew other pixels than golden.h says:\n  " +
                   "\n  ".join(wrong))
