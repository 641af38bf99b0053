# SHEL0011: the commands' error messages ("name: path: reason") and exit codes, and the
# shell's own exit codes for missing commands and failed redirections.
d=/tmp/shel0011
rm -rf $d
mkdir $d || exit 1
cd $d
ls /nope
echo "ls: $?"
cat /nope
echo "cat: $?"
cat $d/missing $d/missing2
echo "cat, two missing: $?"
mkdir sub
mkdir sub
echo "mkdir twice: $?"
mkdir -p sub/deeper
echo "mkdir -p of an existing parent: $?"
touch sub/deeper/file
rmdir sub
echo "rmdir of a non-empty directory: $?"
rmdir nope
echo "rmdir: $?"
rm nope
echo "rm: $?"
rm -f nope
echo "rm -f: $?"
rm sub
echo "rm of a directory: $?"
cp nope other
echo "cp: $?"
mv nope other
echo "mv: $?"
touch nope-dir/file
echo "touch: $?"
wc nope
echo "wc: $?"
head -n many sub
echo "head: $?"
/bin/kill 99999
echo "kill: $?"
/bin/kill -s NOPE 1
echo "kill -s NOPE: $?"
ls -z
echo "ls -z: $?"
no-such-command 2>/dev/null
echo "a missing command: $?"
(: < /tmp/nope) 2>/dev/null
echo "a missing input file: $?"
(echo x > /tmp/nope-dir/f) 2>/dev/null
echo "output into a missing folder: $?"
cd /
rm -r $d
echo "cleaned up: $?"
