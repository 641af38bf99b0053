/* The harness channel on COM2 (docs/harness-channel.md): marker lines out,
 * fence tokens in. */
#ifndef COBALT_CHANNEL_H
#define COBALT_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>

void channel_init(void);
void channel_send(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Sends buf as exactly one line: trailing newlines dropped, inner ones
 * turned into spaces (user programs' verdict lines arrive this way). */
void channel_write_line(const char *buf, size_t len);

/* Reads whatever bytes wait on COM2. When a complete "FENCE <token>" line has
 * arrived, copies the token (NUL-terminated) into token and returns true;
 * the caller drains its input, draws, and answers with channel_fence_done. */
bool channel_poll_fence(char *token, unsigned size);
void channel_fence_done(const char *token);

#endif
