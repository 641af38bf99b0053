# SHEL0009: the commands of commands/ found on PATH (/bin), on tmpfs files (/tmp) and on
# the boot image (/): ls, cat, cp, mv, rm, mkdir, rmdir, touch, wc, head, echo, env, pwd.
d=/tmp/shel0009
rm -rf $d
mkdir -p $d/a/b/c || exit 1
cd $d
echo "mkdir -p made: $(ls a) $(ls a/b) $(($(ls a/b/c | wc -l)))"
touch t1 t2 .hidden
ls
echo "-- ls -a"
ls -a
echo "-- ls -1 of two files and a directory"
ls -1 t2 t1 a
echo "hello cobalt" > t1
printf 'one\ntwo\nthree\nfour\n' > t2
cat t1 t2
echo "-- cat -"
echo "from stdin" | cat t1 - t2 | wc -l
wc t1 t2
wc -l < t2
wc -c t1
wc -w t2
head -n 2 t2
head -1 t1 t2
cp t1 copy
cat copy
cp t1 t2 a
ls a
mv copy moved
ls
mv moved a/b
ls a/b
set -- $(ls -l t1)
echo "ls -l t1: mode $1 size $5 name $9"
set -- $(ls -l a | head -n 1)
echo "ls -l a, first: mode $1 name $9"
rm t1
[ -e t1 ] || echo "t1 removed"
rmdir a/b/c
ls a/b
rm -r a
ls
echo "pwd: $(pwd) $(/bin/pwd)"
env -i X=1 Y=two env
echo "echo: $(echo -n a; echo b)"
i=0
while [ $i -lt 300 ]; do echo "line $i of a longer file"; i=$((i + 1)); done > big
cp big big2
echo "copied $(($(wc -l < big2))) lines, $(($(wc -c < big2))) bytes"
head -n 3 big2
echo "-- the boot image"
ls /bin > list
for want in sh dash ls cat; do
    found=no
    while read name; do [ "$name" = "$want" ] && found=yes; done < list
    echo "/bin/$want: $found"
done
[ -s /etc/services ] && echo "/etc/services is there"
[ "$(cat /etc/services | wc -l)" = "$(wc -l < /etc/services)" ] && echo "cat and wc agree"
cd /
rm -rf $d
ls /tmp > /tmp/shel0009.ls
while read name; do [ "$name" = shel0009 ] && echo "still there"; done < /tmp/shel0009.ls
rm /tmp/shel0009.ls
echo done
