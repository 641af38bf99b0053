/* Program loading: static ELF64 executables from the boot image into a new
 * process, with the SysV initial stack (argv, envp, auxv). */
#ifndef COBALT_EXEC_H
#define COBALT_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct process;

/* Arguments and environment already copied into kernel memory: count
 * strings packed back to back (NUL-terminated) in each buffer. */
struct exec_strings {
    const char *argv;
    size_t argv_bytes;
    unsigned argc;
    const char *envp;
    size_t envp_bytes;
    unsigned envc;
};

/* Starts path as a child of parent (allowed to do I/O when grant_io);
 * returns the pid or a negative errno (-ENOENT, -ENOEXEC, -ENOMEM, -EAGAIN,
 * -E2BIG). */
int exec_spawn(struct process *parent, const char *path, const struct exec_strings *args,
               bool grant_io);
/* Replaces the current process's program (exec): on success the calling
 * thread resumes at the new entry point when it returns to user mode, every
 * other thread is ended; on failure nothing has changed. */
int exec_replace(const char *path, const struct exec_strings *args);

#endif
