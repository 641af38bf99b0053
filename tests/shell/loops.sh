# SHEL0002: for, while, until, break, continue, nested loops, loops in functions.
for i in 1 2 3; do
    echo "for $i"
done
n=0
while [ $n -lt 5 ]; do
    n=$((n + 1))
    [ $n -eq 2 ] && continue
    [ $n -eq 4 ] && break
    echo "while $n"
done
echo "while ended at $n"
k=3
until [ $k -eq 0 ]; do
    echo "until $k"
    k=$((k - 1))
done
for a in x y; do
    for b in 1 2 3; do
        [ $b -eq 2 ] && continue 2
        echo "nested $a$b"
    done
done
for a in p q; do
    for b in 1 2; do
        echo "outer break $a$b"
        break 2
    done
done
sum() {
    total=0
    for v in "$@"; do total=$((total + v)); done
    echo "sum $total"
}
sum 1 2 3 4 5 6 7 8 9 10
count=0
while :; do
    count=$((count + 1))
    [ $count -ge 1000 ] && break
done
echo "counted to $count"
for empty in; do echo never; done
echo done
