/* fstest: the file-system schemes' test (SCFS*, tests/cases/schemes_fs.py):
 * initfs (file:), tmpfs (tmp:, home:), logd (log:), timed (time:) and the
 * namespace that leads to them.
 *
 * Booted as the first process (init=bin/fstest) it execs
 * `bin/init -f etc/services.fs bin/fstest client`: init (still pid 1) starts
 * the servers and runs this program again as its child; init exits with its
 * status (the harness's EXIT). Positive checks go through POSIX calls; the
 * bad-input checks use the raw kernel calls of <cobalt/sys.h>, expect exact
 * error codes, and check that the server still answers afterwards.
 *
 * This file is the runner: it starts the program under init and runs the
 * groups in order (initfs.c, tmpfs.c, logtime.c, badinput.c; shared helpers
 * in helpers.c, fstest.h). */
#include "fstest.h"
#include <cobalt/underinit.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return run_under_init("etc/services.fs", "bin/fstest", "SCFS0001");
    (void)argv;
    test_initfs_read();
    test_initfs_dirs();
    test_initfs_errors();
    test_initfs_raw();
    test_dev_rows();
    test_tmp_files();
    test_tmp_holes();
    test_tmp_dirs();
    test_tmp_unlink_open();
    test_tmp_rename();
    test_home();
    test_tmp_meta();
    test_tmp_limits();
    test_tmp_raw();
    test_log();
    test_time();
    test_fuzz();
    test_tmp_restart();
    return failures ? 1 : 0;
}
