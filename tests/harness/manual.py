"""Booting Cobalt by hand with exactly the test wiring: `tests/run.py --boot ARGS`.

Owns the interactive session for debugging: COM2 lines are printed as they arrive, lines
typed on stdin go to COM2 (e.g. `FENCE x`), and lines starting with ':' drive the harness
(:shot NAME, :key SPEC, :type TEXT, :pointer X Y, :click X Y, :quit). --gdb starts QEMU
paused with a gdb stub on :1234; --vnc shows the screen on VNC display :0.
"""
import select
import shlex
import shutil
import sys

from . import paths
from .channel import Channel
from .guest import Guest
from .qemu import QemuProcess, Wiring, command
from .qmp import QMP
from .registry import Fail

HELP = ("type a line to send it on COM2; harness commands: :shot NAME, :key SPEC, "
        ":type TEXT, :pointer X Y, :click X Y, :quit (Ctrl-D or Ctrl-C also quit)")


def _command(g: Guest, line: str) -> bool:
    """Run one ':' command; False means quit."""
    words = shlex.split(line[1:])
    if not words:
        return True
    op, rest = words[0], words[1:]
    if op == "quit":
        return False
    if op == "shot":
        print(f"screenshot: {g.screenshot(rest[0] if rest else 'manual')}")
    elif op == "key":
        g.key(rest[0])
    elif op == "type":
        g.keys(" ".join(rest))
    elif op == "pointer":
        g.pointer_to(int(rest[0]), int(rest[1]))
    elif op == "click":
        g.click(int(rest[0]), int(rest[1]))
    else:
        print(HELP)
    return True


def main(args: str, gdb: bool, vnc: bool) -> int:
    if not paths.ISO.exists():
        print(f"{paths.rel(paths.ISO)} does not exist: build it first (./build.sh build)")
        return 2
    folder = paths.RESULTS / "manual"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    words = args.split()
    if not any(w.startswith("test=") for w in words):
        words.insert(0, "test=1")
    w = Wiring(folder)
    extra = ["-s", "-S"] if gdb else []
    cmd = command(paths.ISO, " ".join(words), w, extra=extra,
                  display="vnc=127.0.0.1:0" if vnc else "none")
    log = lambda s: print(f"harness: {s}")
    proc = QemuProcess(cmd, w, log)
    g = None
    try:
        channel = Channel(proc.connect(w.chan_sock, "COM2 channel"), w.com2)
        qmp = QMP(proc.connect(w.qmp_sock, "QMP"), log)
        g = Guest(channel=channel, dir=folder, log=log, qmp=qmp, process=proc,
                  logs={"COM1": w.com1, "debugcon": w.debugcon}, log_channel=False)
        print(f"harness: logs in {paths.rel(folder)}/ (com1.log, debugcon.log, com2.log)")
        if gdb:
            print(f"harness: QEMU is paused; attach with: gdb {paths.rel(paths.KERNEL_ELF)} "
                  f"-ex 'target remote localhost:1234'")
        if vnc:
            print("harness: screen on VNC 127.0.0.1:5900")
        print(f"harness: {HELP}")
        print("harness: input is read once the guest says READY")
        shown = 0
        while proc.alive() and not channel.closed:
            inputs = [channel.sock] + ([sys.stdin] if g.ready else [])
            ready, _, _ = select.select(inputs, [], [], 0.5)
            if channel.sock in ready:
                channel.pump(0)
                channel.consume_all()
            while shown < len(channel.lines):
                print(f"COM2< {channel.lines[shown]}", flush=True)
                shown += 1
            if sys.stdin in ready:
                line = sys.stdin.readline()
                if not line:
                    break
                line = line.rstrip("\n")
                try:
                    if line.startswith(":"):
                        if not _command(g, line):
                            break
                    elif line:
                        channel.write_line(line)
                except (Fail, ValueError, IndexError) as exc:
                    print(f"harness: {exc}")
    except KeyboardInterrupt:
        pass
    finally:
        if g is not None:
            g.stop()
        else:
            proc.stop(None)
    return 0
