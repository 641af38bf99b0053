/* libc tests: the process's arguments, environment and identity. */
#include "lt.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char **environ;
static int saved_argc;
static char **saved_argv;

LT_CASE(LIBC0080, "argv and the environment arrive from the runner")
{
    LT_EQ(saved_argc, 3);
    LT_STREQ(saved_argv[0], "bin/lt_env");
    LT_STREQ(saved_argv[1], "first arg");
    LT_STREQ(saved_argv[2], "2");
    LT_CHECK(saved_argv[3] == 0, "argv is not NULL-terminated");
    LT_STREQ(getenv("LT_ENV"), "hello from libctest");
    int found = 0;
    for (char **e = environ; *e; e++)
        found += strcmp(*e, "LT_SECOND=2") == 0;
    LT_EQ(found, 1);
    LT_CHECK(getenv("NOT_SET") == 0, "getenv of an unset name");
}

LT_CASE(LIBC0081, "setenv, unsetenv, putenv, clearenv")
{
    LT_EQ(setenv("LT_NEW", "one", 0), 0);
    LT_STREQ(getenv("LT_NEW"), "one");
    LT_EQ(setenv("LT_NEW", "two", 0), 0);
    LT_STREQ(getenv("LT_NEW"), "one");
    LT_EQ(setenv("LT_NEW", "three", 1), 0);
    LT_STREQ(getenv("LT_NEW"), "three");
    LT_EQ(unsetenv("LT_NEW"), 0);
    LT_CHECK(getenv("LT_NEW") == 0, "unsetenv left it");
    static char put[] = "LT_PUT=yes";
    LT_EQ(putenv(put), 0);
    LT_STREQ(getenv("LT_PUT"), "yes");
    errno = 0;
    LT_CHECK(setenv("BAD=NAME", "x", 1) == -1 && errno == EINVAL, "setenv with '=': %d", errno);
    for (int i = 0; i < 200; i++) {
        char name[16], value[16];
        snprintf(name, sizeof name, "LT_V%d", i);
        snprintf(value, sizeof value, "%d", i * i);
        setenv(name, value, 1);
    }
    LT_STREQ(getenv("LT_V150"), "22500");
    LT_EQ(clearenv(), 0);
    LT_CHECK(getenv("LT_ENV") == 0 && getenv("LT_V3") == 0, "clearenv left variables");
}

LT_CASE(LIBC0082, "uname, ids, sysconf, getrandom, getcwd")
{
    struct utsname u;
    LT_EQ(uname(&u), 0);
    LT_STREQ(u.sysname, "Cobalt");
    LT_STREQ(u.machine, "x86_64");
    LT_CHECK(getpid() > 1 && getppid() >= 1, "pids %d %d", getpid(), getppid());
    LT_EQ(getuid(), 0);
    LT_EQ(geteuid(), 0);
    LT_EQ(getgid(), 0);
    LT_EQ(sysconf(_SC_PAGESIZE), 4096);
    LT_EQ(sysconf(_SC_NPROCESSORS_ONLN), 1);
    LT_EQ(sysconf(_SC_OPEN_MAX), 256);
    unsigned char a[32], b[32];
    LT_EQ(getrandom(a, sizeof a, 0), 32);
    LT_EQ(getrandom(b, sizeof b, 0), 32);
    LT_CHECK(memcmp(a, b, sizeof a) != 0, "two getrandom calls gave the same bytes");
    char cwd[16];
    LT_STREQ(getcwd(cwd, sizeof cwd), "/");
    errno = 0;
    LT_CHECK(!getcwd(cwd, 1) && errno == ERANGE, "getcwd too small: errno %d", errno);
}

int main(int argc, char **argv)
{
    saved_argc = argc;
    saved_argv = argv;
    return lt_main();
}
