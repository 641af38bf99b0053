# SHEL0004: background jobs, $!, wait for one job, wait for all, job exit codes.
spin() {
    i=0
    while [ $i -lt $1 ]; do i=$((i + 1)); done
}
(spin 200; exit 3) &
first=$!
(spin 50; exit 5) &
second=$!
[ "$first" != "$second" ] && [ "$first" -gt 0 ] && echo "two distinct pids"
wait $second
echo "second exited $?"
wait $first
echo "first exited $?"
for n in 1 2 3 4; do
    (spin $((n * 30)); exit $n) &
done
wait
echo "wait for all: $?"
(exit 9) &
p=$!
spin 100
wait $p
echo "already finished job: $?"
/bin/sh -c 'exit 11' &
wait $!
echo "background sh: $?"
wait
echo "nothing left: $?"
