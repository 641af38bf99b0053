"""The system servers: init and its supervision, nullzero (docs/init.md).

SRVS0000 boots with init=bin/svctest (servers/tests/svctest.c), which execs
`bin/init -f etc/services.test bin/svctest client`: init (pid 1) starts nullzero and
crasher, prints `INIT ready`, then runs the client, which reports SRVS0001..0005 (null:,
zero:, rand:, nullzero killed and restarted with a new pid, crasher given up after 5
failures with init still up); init exits with the client's status (EXIT). The case also
checks init's restart and give-up lines in the kernel log.

SRVS0010 boots the real thing, init=bin/init with etc/services, and checks that
init starts nullzero and says INIT ready.

Owns SRVS0000 and SRVS0010; the in-guest ids SRVS0001.. belong to servers/tests/svctest.c.
"""
import re

from harness.registry import Fail, case

END_RE = r"^(EXIT (-?\d+)|PANIC .*)$"
WANT = {f"SRVS000{i}" for i in range(1, 6)}


@case("SRVS0000", "system servers: init starts and restarts services, null:/zero:/rand: answer",
      timeout=120)
def servers_suite(t):
    g = t.boot(args="init=bin/svctest")
    g.wait_for(r"^INIT ready$", timeout=30)
    line = g.wait_for(END_RE, timeout=60).string
    if line.startswith("PANIC"):
        raise Fail(f"the kernel panicked during the servers test: {line}")
    status = int(re.match(END_RE, line).group(2))
    verdicts = {}
    for vid, passed, reason in g.verdicts:
        if vid not in verdicts or not passed:
            verdicts[vid] = (passed, reason)
    problems = []
    failed = sorted(v for v, (ok, _) in verdicts.items() if not ok)
    if failed:
        problems.append(f"failed: {', '.join(failed)}")
    missing = WANT - set(verdicts)
    if missing:
        problems.append(f"never reported: {', '.join(sorted(missing))}")
    if status != 0:
        problems.append(f"init (with svctest's status) exited with {status}, expected 0")
    log = g.debugcon_text()
    if not re.search(r"init: nullzero \(pid \d+\) died: killed by signal 9; restarting", log):
        problems.append("no `init: nullzero (pid N) died: killed by signal 9; restarting` "
                        "line in the kernel log")
    if not re.search(r"init: crasher \(pid \d+\) died: killed by signal 11; giving up", log):
        problems.append("no `init: crasher ... giving up` line in the kernel log")
    if problems:
        raise Fail("\n".join(problems))


@case("SRVS0010", "init=bin/init: init reads etc/services, starts nullzero, says INIT ready",
      timeout=60)
def init_boot(t):
    g = t.boot(args="init=bin/init")
    g.wait_for(r"^INIT ready$", timeout=30)
    g.wait_for_debugcon(r"^init: started nullzero \(pid \d+\)", timeout=10)
    g.wait_for_debugcon(r"^nullzero: serving null:, zero: and rand:", timeout=10)
    log = g.debugcon_text()
    if re.search(r"^init: .*(ignored|failed|giving up)", log, re.MULTILINE):
        raise Fail("init logged a problem with the default service list:\n" +
                   "\n".join(l for l in log.splitlines() if l.startswith("init:")))
