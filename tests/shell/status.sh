# SHEL0003: exit codes, $?, &&, ||, !, set -e, subshells and their isolation.
true
echo "true: $?"
false
echo "false: $?"
(exit 42)
echo "subshell exit: $?"
! false
echo "not false: $?"
! true
echo "not true: $?"
true && echo "and ran"
false && echo "never"
false || echo "or ran"
true || echo "never"
v=parent
(v=child; echo "in subshell v=$v"; exit 7)
echo "after subshell: v=$v status=$?"
( (exit 3) ; echo "inner status $?"; exit 4 )
echo "outer status $?"
f() { return 9; }
f
echo "function status $?"
if false; then echo never; elif (exit 0); then echo "elif taken"; fi
(set -e; echo "before"; false; echo "not reached")
echo "set -e subshell: $?"
(set -e; false || true; echo "set -e survives ||")
/bin/sh -c 'exit 17'
echo "sh -c: $?"
/bin/sh -c 'echo "nested sh \$0=$0 \$1=$1"' zero one
{ echo "group"; false; }
echo "group status $?"
exit 3
