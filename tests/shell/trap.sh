# SHEL0005: trap: handlers run for signals sent with kill, EXIT traps, ignored signals.
trap 'echo "got USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap 'echo "got TERM"' TERM
kill -s TERM $$
echo "after TERM"
trap '' INT
kill -INT $$
echo "INT ignored"
trap - INT
# A job that traps TERM, tells us it is ready (USR2 to the parent), and spins.
ready=
trap 'ready=yes' USR2
(
    trap 'echo "job got TERM"; exit 7' TERM
    kill -USR2 $$
    while :; do :; done
) &
job=$!
while [ -z "$ready" ]; do :; done
kill $job
wait $job
echo "job exited $?"
# An untrapped signal kills a job: 128 + the signal number.
# (dash may say "Killed" on stderr, depending on when it collects the job: not checked)
{
    (while :; do :; done) &
    kill -9 $!
    wait $!
    echo "killed job: $?"
} 2>/dev/null
(trap 'echo "exit trap of subshell"' EXIT; echo "subshell body")
trap 'echo "exit trap runs last"' EXIT
echo "end of script"
