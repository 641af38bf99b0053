/* Constants and structures shared by the kernel and user space for the
 * system calls in cobalt/syscalls.h (semantics: docs/syscalls.md). */
#ifndef COBALT_ABI_H
#define COBALT_ABI_H

#include <stdint.h>

/* debug_write channels */
#define DEBUG_CHANNEL_LOG     0 /* the kernel log (debug console and COM1) */
#define DEBUG_CHANNEL_HARNESS 1 /* the harness channel (COM2), one line per call */
#define DEBUG_WRITE_MAX       4096

/* wait options */
#define WAIT_NOHANG 1

/* clock_get clocks */
#define CLOCK_MONOTONIC_NS 0
#define CLOCK_REALTIME_NS  1

/* mmap_anon protection and flags */
#define PROT_READ      1
#define PROT_WRITE     2
#define PROT_EXEC      4
#define MAP_FIXED_ADDR 1

/* spawn flags */
#define SPAWN_GRANT_IO 1 /* the child may do I/O too (only if the caller may) */

/* spawn limits */
#define SPAWN_PATH_MAX    255
#define SPAWN_ARGS_MAX    64
#define SPAWN_STRINGS_MAX 16384

/* Schemes: the requests a server receives (scheme_recv) and answers
 * (scheme_reply). A client's open/read/write/close/fmap becomes one. */
#define SCHEME_NAME_MAX      31 /* [a-z0-9_-], 1..31 characters */
#define SCHEME_PAYLOAD_MAX   (16 * 1024 * 1024)
#define SCHEME_QUEUE_MAX     1024
#define SCHEME_RECV_NONBLOCK 1

enum scheme_op {
    SCHEME_OPEN = 1,  /* payload: path after "name:"; arg[0]: open flags; reply: file id */
    SCHEME_READ = 2,  /* arg[0]: bytes wanted; reply: data and its length */
    SCHEME_WRITE = 3, /* payload: the data; reply: bytes taken */
    SCHEME_CLOSE = 4, /* no reply expected (sent without a waiting client) */
    SCHEME_FMAP = 5,  /* arg[0]: offset, arg[1]: length, arg[2]: prot; reply: a shm handle */
    SCHEME_FCALL = 6, /* arg[0]: an FCALL_* code, arg[1], arg[2]: its arguments; payload:
                         the caller's buffer; reply: data copied back into that buffer */
};

/* fcall codes: what the libc platform layer asks servers for (a server
 * answers -ENOSYS to what it does not support). */
enum fcall_code {
    FCALL_SEEK = 1,     /* arg1 offset, arg2 whence (SEEK_SET/CUR/END); result: new offset */
    FCALL_FSTAT = 2,    /* reply: struct stat (Linux x86_64 layout) */
    FCALL_TRUNCATE = 3, /* arg1 length */
    FCALL_SYNC = 4,
    FCALL_IOCTL = 5,   /* arg1 request; payload/reply: its argument */
    FCALL_READDIR = 6, /* reply: struct linux_dirent64 records; result: bytes */
    FCALL_UNLINK = 7,  /* on a handle opened with O_PATH: remove that path */
    FCALL_MKDIR = 8,   /* on an O_PATH handle: arg1 mode */
    FCALL_RMDIR = 9,
    FCALL_RENAME = 10,            /* on an O_PATH handle; payload: the new path (same scheme) */
    FCALL_CHMOD = 11,             /* arg1 mode */
    FCALL_FLAGS = 12,             /* arg1 new status flags (O_APPEND, O_NONBLOCK); result: flags */
    FCALL_FIRST_PRIVATE = 0x1000, /* codes from here on mean what each scheme says */
};

struct scheme_request {
    uint64_t tag; /* name this request in scheme_reply */
    uint32_t op;  /* enum scheme_op */
    int32_t client_pid;
    uint64_t id; /* the file id the server returned from OPEN (0 for OPEN) */
    uint64_t arg[3];
    uint64_t payload_len;   /* payload bytes copied into the receive buffer */
    uint64_t payload_total; /* payload bytes the client sent (may exceed the buffer) */
};

/* wait_many */
struct wait_item {
    int32_t handle;   /* a handle, or WAIT_CHILDREN */
    uint32_t events;  /* WAIT_READABLE, WAIT_WRITABLE (files also report WAIT_HANGUP) */
    uint32_t revents; /* set by the kernel */
    uint32_t reserved;
};
#define WAIT_CHILDREN  (-2) /* ready when a child has exited and can be collected */
#define WAIT_READABLE  1
#define WAIT_WRITABLE  2 /* files: the server said so (scheme_notify) */
#define WAIT_HANGUP    4 /* files: the server said so, or the server is gone */
#define WAIT_ITEMS_MAX 64

/* Handle rights (handle_dup) */
#define HANDLE_RIGHT_READ  1
#define HANDLE_RIGHT_WRITE 2
#define HANDLE_RIGHT_MAP   4
#define HANDLE_RIGHTS_SAME 0xFFFFFFFFFFFFFFFFULL /* handle_dup(_to): keep the original's */

/* sysinfo: what the kernel tells any process about the machine. */
enum sysinfo_what {
    SYSINFO_FRAMEBUFFER = 1, /* struct cobalt_fb_info */
    SYSINFO_OPTIONS = 2,     /* the boot options as "k=v k=v" (NUL-terminated) */
    SYSINFO_MEMORY = 3,      /* struct cobalt_mem_info */
    SYSINFO_PROCESSES = 4,   /* an array of struct cobalt_proc_info, one per process */
};

struct cobalt_fb_info {
    uint64_t phys; /* 0 when there is no linear framebuffer */
    uint32_t width, height, pitch, bpp;
    uint8_t red_pos, green_pos, blue_pos, reserved;
};

struct cobalt_mem_info {
    uint64_t page_size;
    uint64_t total_pages; /* usable RAM the kernel manages */
    uint64_t free_pages;
};

struct cobalt_proc_info {
    int32_t pid, ppid;
    uint32_t state; /* 0 alive, 1 exited (a zombie) */
    uint32_t threads;
    char name[32];
};

/* Signals: Linux's numbers. */
#define SIGHUP      1
#define SIGINT      2
#define SIGQUIT     3
#define SIGILL      4
#define SIGTRAP     5
#define SIGABRT     6
#define SIGBUS      7
#define SIGFPE      8
#define SIGKILL     9
#define SIGUSR1     10
#define SIGSEGV     11
#define SIGUSR2     12
#define SIGPIPE     13
#define SIGALRM     14
#define SIGTERM     15
#define SIGCHLD     17
#define SIGCONT     18
#define SIGSTOP     19
#define SIGTSTP     20
#define SIGURG      23
#define SIGWINCH    28
#define COBALT_NSIG 65 /* signals 1..64; 32..64 are real-time (musl uses 32..34) */

#define COBALT_SIG_DFL 0
#define COBALT_SIG_IGN 1

/* sigaction: the layout of Linux's rt_sigaction structure. */
struct cobalt_sigaction {
    uint64_t handler;  /* COBALT_SIG_DFL, COBALT_SIG_IGN or a function (int sig) */
    uint64_t flags;    /* SA_RESTORER required for a handler; SA_NODEFER */
    uint64_t restorer; /* where the handler returns: must call sigreturn */
    uint64_t mask;     /* bit (sig - 1): blocked while the handler runs */
};
#define SA_NODEFER  0x40000000
#define SA_RESTORER 0x04000000

/* sigprocmask how */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* User address space bounds. */
#define USER_SPACE_BASE 0x0000000000200000ULL
#define USER_SPACE_TOP  0x00007FFFFFFFF000ULL /* 2^47 - 4096: no return rip can be non-canonical */

/* Auxiliary vector keys the kernel provides. */
#define AT_NULL   0
#define AT_PHDR   3
#define AT_PHENT  4
#define AT_PHNUM  5
#define AT_PAGESZ 6
#define AT_ENTRY  9
#define AT_RANDOM 25

#endif
