# SHEL0010: ps (the kernel's process table) and the kill command (not dash's builtin).
ps | head -n 1
sleep 10 &
job=$!
# Until the job has run exec, ps shows it as a copy of this shell: look a few times.
seen=no
tries=0
while [ "$seen" = no ] && [ $tries -lt 100 ]; do
    ps > /tmp/shel0010.ps
    while read pid ppid threads state name; do
        if [ "$pid" = "$job" ] && [ "$name" = sleep ]; then
            seen="name $name, state $state, threads $threads"
            [ "$ppid" = "$$" ] && seen="$seen, child of this shell"
        fi
        [ "$pid" = 1 ] && init=$name
    done < /tmp/shel0010.ps
    tries=$((tries + 1))
done
echo "pid 1 is $init"
echo "the job: $seen"
rm /tmp/shel0010.ps
/bin/kill -0 $job && echo "kill -0: alive"
/bin/kill $job
wait $job
echo "after kill: $?"
/bin/kill -0 $job 2>/dev/null || echo "kill -0: gone"
# (dash may say "Killed" on stderr, depending on when it collects the job: not checked)
{
    sleep 10 &
    job=$!
    env kill -9 $job
    wait $job
    echo "after kill -9: $?"
} 2>/dev/null
sleep 10 &
job=$!
/bin/kill -s HUP $job
wait $job
echo "after kill -s HUP: $?"
trap 'echo "trapped USR2 from /bin/kill"' USR2
/bin/kill -USR2 $$
/bin/kill -l | wc -w | { read n; [ "$n" -gt 20 ] && echo "kill -l lists $n names"; }
