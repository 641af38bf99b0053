/* libscheme: FCALL_READDIR's answer format, struct linux_dirent64 records
 * (what musl's getdents64 and readdir expect), built in one place for every
 * server with directories. */
#include <cobalt/scheme_server.h>
#include <stdint.h>
#include <string.h>

int ss_dirent_put(void *buf, size_t cap, size_t *used, uint64_t ino, int64_t next_off,
                  unsigned char type, const char *name)
{
    /* d_ino 8, d_off 8, d_reclen 2, d_type 1, then the name and its NUL,
     * rounded up to 8 bytes. */
    size_t name_len = strlen(name);
    size_t reclen = (19 + name_len + 1 + 7) & ~(size_t)7;
    if (*used > cap || cap - *used < reclen)
        return -1;
    unsigned char *rec = (unsigned char *)buf + *used;
    uint16_t reclen16 = (uint16_t)reclen;
    memset(rec, 0, reclen);
    memcpy(rec, &ino, 8);
    memcpy(rec + 8, &next_off, 8);
    memcpy(rec + 16, &reclen16, 2);
    rec[18] = type;
    memcpy(rec + 19, name, name_len);
    *used += reclen;
    return 0;
}
