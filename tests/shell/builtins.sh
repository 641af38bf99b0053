# SHEL0013: more of dash's builtins: read, getopts, eval, command -v, type, alias, exec,
# set -u, set -x, printf %b and %c, umask, test on files of the boot image, getopts errors.
printf 'a b c\nlast line\n' > /tmp/shel0013
{ read first rest; read -r whole; } < /tmp/shel0013
echo "first=$first rest=$rest whole=$whole"
IFS=: read x y <<END
left:right
END
echo "x=$x y=$y"
rm /tmp/shel0013
parse() {
    OPTIND=1
    while getopts "ab:c" opt "$@"; do
        case $opt in
        a) echo "option a" ;;
        b) echo "option b with $OPTARG" ;;
        c) echo "option c" ;;
        ?) echo "bad option" ;;
        esac
    done
    shift $((OPTIND - 1))
    echo "operands: $*"
}
parse -a -b value -c one two
parse -ac -bX rest
parse -z 2>/dev/null
cmd='echo "eval ran with $((2 + 3))"'
eval "$cmd"
command -v ls
command -v cd
command -v no-such-thing || echo "command -v: not found"
type echo | { read a b c; echo "type: $a $b $c"; }
alias hi='echo alias says hi'
eval hi
unalias hi
(set -u; echo "$unset_var") 2>/dev/null || echo "set -u stopped the subshell"
(set -x; : traced) 2>&1
printf '%b|%c|%5.2f|%-3s|\n' 'tab\there' word 3.14159 ab
umask 022
umask
[ -x /bin/sh ] && echo "/bin/sh is executable"
[ -d /bin ] && [ ! -d /bin/sh ] && echo "/bin is a directory, /bin/sh is not"
[ -r /etc/services ] && echo "/etc/services is readable"
(exec /bin/echo "exec replaced the subshell"; echo "never")
f() { echo "in f: $1"; }
f "with arg" | { read line; echo "piped: $line"; }
echo "done"
