/* libscheme's conveniences for the common server: one scheme served until
 * the loop fails (ss_serve), and the answers every read-only file gives to
 * the generic fcalls (ss_fcall_readonly). */
#include <cobalt/debug.h>
#include <cobalt/scheme_server.h>
#include <cobalt/sys.h>
#include <errno.h>
#include <fcntl.h>

int ss_serve(struct ss_scheme *scheme, const char *who)
{
    static struct ss_loop loop;
    ss_loop_init(&loop);
    long r = ss_loop_add_scheme(&loop, scheme);
    if (r < 0) {
        cobalt_log_printf("%s: scheme_register(%s) failed: %ld", who, scheme->name, r);
        return 1;
    }
    cobalt_log_printf("%s: serving %s: (pid %ld)", who, scheme->name, cobalt_getpid());
    r = ss_loop_run(&loop);
    cobalt_log_printf("%s: wait_many failed: %ld", who, r);
    return 1;
}

long ss_fcall_readonly(uint64_t code, uint64_t a1)
{
    switch (code) {
    case FCALL_SYNC:
        return 0;
    case FCALL_FLAGS:
        /* rule: only the status flags fcntl(F_SETFL) may change */
        if (a1 & ~(uint64_t)(O_APPEND | O_NONBLOCK))
            return -EINVAL;
        return (long)a1;
    case FCALL_TRUNCATE:
    case FCALL_UNLINK:
    case FCALL_MKDIR:
    case FCALL_RMDIR:
    case FCALL_RENAME:
    case FCALL_CHMOD:
        return -EROFS;
    default:
        return -ENOSYS;
    }
}
