/* The pipe: scheme's protocol (servers/pipe, docs/pipes.md), shared by the
 * server and libc's pipe()/pipe2() (lib/libc/src/pipe.c).
 *
 *   open("pipe:new", O_RDONLY [| O_NONBLOCK])  -> the read end of a new pipe
 *   fcall(read end, PIPE_FCALL_TOKEN, buf, PIPE_TOKEN_LEN + 1)
 *                                              -> the pipe's token (hex, NUL-ended)
 *   open("pipe:<token>", O_WRONLY [| O_NONBLOCK]) -> the write end (once per pipe)
 *   fcall(either end, PIPE_FCALL_SYNC)         -> 0; the server posts that end's
 *                                                 poll readiness (a file exists
 *                                                 only after its open is answered)
 */
#ifndef COBALT_PIPE_H
#define COBALT_PIPE_H

#include <cobalt/abi.h>

#define PIPE_FCALL_TOKEN (FCALL_FIRST_PRIVATE + 0)
#define PIPE_FCALL_SYNC  (FCALL_FIRST_PRIVATE + 1)

#define PIPE_TOKEN_LEN  32          /* hex digits: 128 bits */
#define PIPE_CAPACITY   (64 * 1024) /* bytes a pipe holds */
#define PIPE_ATOMIC_MAX 4096        /* PIPE_BUF: writes up to this size are atomic */

#endif
