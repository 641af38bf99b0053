/* Schemes: named servers. A server registers a name and gets an endpoint;
 * a client's open("name:path") and the reads, writes, closes and fmaps on the
 * file it gets become requests queued to that server, answered by reply. */
#ifndef COBALT_SCHEME_H
#define COBALT_SCHEME_H

#include <stdint.h>

#include "cobalt/abi.h"
#include "handle.h"

struct scheme;
struct process;

/* The server's handle object. */
struct scheme_endpoint {
    struct kobj obj;
    struct scheme *scheme;
};

/* The client's handle object. */
struct scheme_file {
    struct kobj obj;
    struct scheme *scheme;
    uint64_t id;
    uint32_t ready;                /* WAIT_* bits the server last posted */
    struct scheme_file *next_open; /* the scheme's list of open files */
};

/* Registers name for p: an endpoint, or -EEXIST / -EINVAL / -ENOMEM. */
long scheme_register(struct process *p, const char *name, struct scheme_endpoint **out);
/* Server side: takes the next request (blocking unless nonblock). */
long scheme_receive(struct scheme_endpoint *ep, uint64_t msg_ptr, uint64_t buf, uint64_t cap,
                    int nonblock);
long scheme_answer(struct scheme_endpoint *ep, uint64_t tag, int64_t result, uint64_t data,
                   uint64_t len);
/* Server side: sets the readiness of every open file with this id. */
long scheme_post(struct scheme_endpoint *ep, uint64_t id, uint32_t events);
/* Client side: the file's readiness (WAIT_HANGUP once the server is gone). */
uint32_t scheme_file_ready(struct scheme_file *f);
/* True when a request waits (wait_many readiness). */
int scheme_has_requests(struct scheme_endpoint *ep);

/* A thread blocked on a request is being interrupted or killed: withdraw or
 * orphan the request now, before the thread's address space can go away. */
struct thread;
void scheme_cancel_wait(struct thread *t);

/* Client side. */
long scheme_open(const char *name, uint64_t rest, uint64_t rest_len, uint64_t flags,
                 struct scheme_file **out);
long scheme_read(struct scheme_file *f, uint64_t buf, uint64_t len);
long scheme_write(struct scheme_file *f, uint64_t buf, uint64_t len);
/* A generic call: code and two arguments; buf's len bytes go to the server
 * and its answer's data comes back into buf. */
long scheme_fcall(struct scheme_file *f, uint64_t code, uint64_t a1, uint64_t a2, uint64_t buf,
                  uint64_t len);
/* Asks the server for a shared-memory object: a referenced shm, or -errno. */
long scheme_fmap(struct scheme_file *f, uint64_t offset, uint64_t len, uint64_t prot,
                 struct kobj **shm_out);

#endif
