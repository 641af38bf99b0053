"""Source hygiene checks that run with every test run: clang-format on every tracked C file."""
import subprocess

from harness.registry import Fail, case


@case("FRMT0001", "every tracked C source and header is clang-formatted", qemu=False)
def c_sources_formatted(t):
    files = subprocess.run(["git", "ls-files", "*.c", "*.h"], cwd=t.repo, check=True,
                           capture_output=True, text=True).stdout.split()
    if not files:
        raise Fail("git ls-files found no C files: is this a git checkout?")
    bad = []
    for f in files:
        r = subprocess.run(["clang-format", "--dry-run", "--Werror", f], cwd=t.repo,
                           capture_output=True, text=True)
        if r.returncode != 0:
            bad.append(f)
            t.log(r.stderr)
    t.log(f"checked {len(files)} files")
    if bad:
        raise Fail(f"{len(bad)} file(s) need clang-format -i: {' '.join(bad[:10])}")
