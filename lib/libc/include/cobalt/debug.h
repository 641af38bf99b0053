/* Cobalt extension: lines on the kernel's debug channels (debug_write).
 *
 * The harness channel (COM2, docs/harness-channel.md) carries one line per
 * call: test verdicts such as "TEST LIBC0001 PASS". The kernel log is the
 * debug console and COM1. Give the line without its newline; a newline
 * inside it becomes a space, and a line is cut at about 4 KiB. These work
 * before any console or file exists, which is why test programs use them.
 * Returns what debug_write returned: the bytes written, or -errno. */
#ifndef COBALT_DEBUG_H
#define COBALT_DEBUG_H

#ifdef __cplusplus
extern "C" {
#endif

long cobalt_harness_line(const char *line);
long cobalt_harness_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long cobalt_log_line(const char *line);
long cobalt_log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif

#endif
