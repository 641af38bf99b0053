# SHEL0007: pipelines and command substitution (the pipe server). Programs are run by
# path, so no file server is needed.
echo "through a pipe" | { read line; echo "read: $line"; }
printf 'a\nb\nc\n' | while read x; do echo "line $x"; done
v=$(echo inner)
echo "substituted: $v"
n=$(printf '%s\n' 1 2 3 | /bin/wc -l)
echo "wc -l says $((n))"
echo "nested: $(echo "a $(echo b $(echo c))")"
long=$(i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i + 1)); done | /bin/wc -l)
echo "2000 lines: $((long))"
printf 'one two\nthree\n' | /bin/wc -w | { read w; echo "words: $w"; }
/bin/echo hello | /bin/cat | /bin/cat | /bin/cat
false | true
echo "status of false | true: $?"
true | false
echo "status of true | false: $?"
! echo x | false
echo "negated pipeline: $?"
seqn() { i=1; while [ $i -le $1 ]; do echo $i; i=$((i + 1)); done; }
seqn 50 2>/dev/null | /bin/head -n 3
seqn 5 2>/dev/null | /bin/head -2
echo "head closed the pipe early: done"
/bin/uname | { read sys; echo "system: $sys"; }
x=$(/bin/echo -n no newline)
echo "[$x]"
/bin/env -i A=1 /bin/env | /bin/cat
{ echo "stderr into the pipe" >&2; echo "stdout away"; } 2>&1 >/dev/null | /bin/cat
{ echo out; echo err >&2; } 2>&1 | /bin/wc -l | { read c; echo "two lines: $c"; }
who=here-doc
/bin/cat <<END
a $who with $((1 + 1)) lines
and a tab	in it
END
/bin/cat <<'END'
quoted: $who stays
END
