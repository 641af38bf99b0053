# SHEL0006: the commands run by their path (no PATH search, so no file server needed):
# echo, uname, env, pwd, sleep, true/false as builtins, kill -0, exit codes of programs.
/bin/echo hello from /bin/echo
/bin/echo -n "no newline"
/bin/echo " <- then this"
/bin/uname
/bin/uname -s -m
/bin/uname -a > /dev/null && echo "uname -a ok"
/bin/env -i ONE=1 TWO=two /bin/env
FOO=bar /bin/env -i FOO=baz /bin/env
/bin/pwd
/bin/sleep 0.1 && echo "slept"
/bin/sleep
echo "sleep with no argument: $?"
/bin/sleep soon
echo "sleep soon: $?"
/bin/kill -0 $$ && echo "kill -0 self ok"
/bin/sleep 5 &
/bin/kill -s KILL $!
wait $!
echo "killed sleep: $?"
/bin/env -i /bin/echo "env runs a program"
/bin/env -i /nonexistent
echo "env of a missing program: $?"
/nonexistent/prog 2>/dev/null
echo "missing program: $?"
