# SHEL0008: redirections to files in /tmp (tmpfs): >, >>, <, 2>, 2>&1, fds 3+, noclobber,
# reading files line by line, test's file operators, cd.
dir=/tmp/shel0008
rm -rf $dir 2>/dev/null
mkdir $dir || exit 1
cd $dir || exit 1
echo "PWD: $PWD"
pwd
echo first > f
echo second >> f
echo third >> f
while read line; do echo "got $line"; done < f
read one < f
echo "first line: $one"
{ echo out; echo err >&2; } > both 2>&1
while read l; do echo "both: $l"; done < both
{ echo out; echo err >&2; } > only-out 2> only-err
read o < only-out
read e < only-err
echo "split: $o / $e"
exec 3> fd3
echo "via fd 3" >&3
echo "again fd 3" >&3
exec 3>&-
exec 4< fd3
read a <&4
read b <&4
exec 4<&-
echo "fd 4 read: $a, $b"
[ -f f ] && echo "f is a file"
[ -d . ] && echo ". is a directory"
[ -s f ] && echo "f is not empty"
: > empty
[ -s empty ] || echo "empty is empty"
[ -e nothing ] || echo "nothing does not exist"
set -C
if (echo clobber > f) 2>/dev/null; then echo "noclobber failed"; else echo "noclobber refused"; fi
echo forced >| f
set +C
read x < f
echo "after >|: $x"
i=0
while [ $i -lt 100 ]; do echo "row $i"; i=$((i + 1)); done > big
n=0
while read r; do n=$((n + 1)); done < big
echo "big has $n rows"
cd /tmp
rm -rf $dir
[ -e $dir ] || echo "removed $dir"
