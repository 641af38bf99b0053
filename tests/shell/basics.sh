# SHEL0001: variables, parameter expansion, arithmetic, case, functions, printf, test.
name=Cobalt
echo "hello from $name"
echo "length ${#name}, default ${unset_var:-dflt}, alt ${name:+set}"
path=/usr/local/bin/tool.sh
echo "${path##*/} ${path%/*} ${path%.sh} ${path#/usr/}"
echo "arith $((3 * (4 + 5) - 7 / 2)) $((17 % 5)) $((1 << 10)) $((0x1f))"
i=5
i=$((i + 1))
echo "i=$i"
for word in apple banana cherry kiwi; do
    case $word in
    a*) echo "$word starts with a" ;;
    *an*) echo "$word has an" ;;
    ch* | ki*) echo "$word is ch or ki" ;;
    esac
done
greet() {
    local who=$1
    echo "greet $who ($# args)"
    return 3
}
greet world two
echo "greet returned $?"
printf '%s|%5d|%-4s|%x|%03d\n' str 42 ab 255 7
printf '%s\n' one two three
set -- a "b c" d
echo "$# args: $1/$2/$3"
for arg in "$@"; do echo "[$arg]"; done
shift
echo "after shift: $*"
if [ 3 -lt 10 ] && [ "abc" = "abc" ] && [ -n "$name" ] && [ -z "" ]; then
    echo "test ok"
fi
[ 5 -gt 7 ] || echo "5 is not > 7"
x=outer
f() { x=inner; }
f
echo "x=$x"
unset x
echo "x=${x-gone}"
readonly ro=1
(ro=2) 2>/dev/null || echo "readonly refused"
IFS=:
v=a:b:c
set -- $v
IFS=' '
echo "split: $# $1 $2 $3"
