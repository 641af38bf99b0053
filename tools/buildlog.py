"""Host-side build helpers shared by the Python build steps (lib/libc/build.py,
tests/bench/linux/build.py): running a command with its output appended to a log, and
asking tools/thirdparty.py for a pinned package. Both raise BuildError with the tail of
what went wrong."""
import subprocess
from pathlib import Path

PYTHON = "/usr/bin/python3"
THIRDPARTY = Path(__file__).resolve().parent / "thirdparty.py"


class BuildError(Exception):
    pass


def run(cmd, log, cwd=None, env=None, tail_lines=20):
    """Runs cmd with stdout and stderr appended to log; BuildError (with the log's last
    lines) when it fails."""
    with open(log, "a") as f:
        f.write(f"$ {' '.join(str(c) for c in cmd)}\n")
        f.flush()
        proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, stdout=f,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        tail = "\n".join("  | " + l for l in Path(log).read_text(errors="replace")
                         .splitlines()[-tail_lines:])
        raise BuildError(f"{cmd[0]} failed (status {proc.returncode}); log {log}:\n{tail}")


def thirdparty(*args):
    """tools/thirdparty.py ARGS; its stdout, stripped."""
    proc = subprocess.run([PYTHON, str(THIRDPARTY), *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise BuildError(f"tools/thirdparty.py {' '.join(args)} failed:\n"
                         f"{proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout.strip()
