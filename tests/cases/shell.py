"""The shell: Debian's dash as /bin/sh and the commands of commands/ (docs/shell.md).

SHEL0000 boots with init=bin/shrun (tests/shell/shrun.c), which execs
`bin/init -f etc/services bin/shrun client`: init starts the system's services and runs
shrun's client, which runs every script of tests/shell with /bin/sh and compares its output
and exit status with the script's .out file; each script is one `TEST SHELnnnn` verdict
(SHEL0900: the runner started). A script that needs what the system does not have yet
(pipes, the boot image at /, a writable /tmp) is not run: the runner says `SHRUN waiting <id> <need>` instead. The case
fails on a FAIL, a missing verdict, a non-zero EXIT, or a waiting script whose need the
service list (servers/services) says the system now has.

Owns SHEL0000; the in-guest ids SHEL0001.. belong to tests/shell/shrun.c.
"""
import re
from pathlib import Path

from harness.registry import Fail, case
from harness.suite import defined_ids, run_suite

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests" / "shell"
# {"SHEL0001", "basics", ...} in shrun's table; the runner's own "SHEL09nn".
CASE_ID_RE = re.compile(r'^\s*\{"(SHEL[0-9]{4})",', re.MULTILINE)
RUNNER_ID_RE = re.compile(r'"(SHEL09[0-9]{2})')
WAITING_RE = re.compile(r"^SHRUN waiting (SHEL[0-9]{4}) (\w+)$")
# A need may only wait while no service of servers/services provides it.
PROVIDERS = {need: re.compile(rf"^\s*\S+\s+bin/{prog}\b", re.MULTILINE)
             for need, prog in (("pipes", "pipe"), ("image", "initfs"), ("tmp", "tmpfs"),
                                ("pty", "pty"))}


@case("SHEL0000", "shell scripts: dash runs every tests/shell script inside Cobalt, as expected",
      timeout=600)
def shell_suite(t):
    want = defined_ids(TESTS, CASE_ID_RE, RUNNER_ID_RE)
    services = (REPO / "servers" / "services").read_text()
    waiting = {}
    orig_boot = t.boot

    def boot(**kw):
        g = orig_boot(**kw)
        orig = g.channel.on_consume

        def consume(line):
            m = WAITING_RE.match(line)
            if m:  # not run: no longer expected to report
                waiting[m.group(1)] = m.group(2)
                want.discard(m.group(1))
            orig(line)
        g.channel.on_consume = consume
        return g
    t.boot = boot
    try:
        run_suite(t, "bin/shrun", want, "shell scripts", "see the kernel log")
    except Fail as e:
        raise Fail(f"{e}\n(waiting: {waiting})") from None
    finally:
        t.boot = orig_boot
    for vid, need in sorted(waiting.items()):
        provider = PROVIDERS.get(need)
        if provider is None or provider.search(services):
            raise Fail(f"{vid} was not run for want of {need}, but servers/services provides it")
        t.log(f"{vid} waits for {need} (no server for it in servers/services yet)")
