/* serial: the driver of COM1 (ports 0x3F8-0x3FF, IRQ 4), the user console's
 * line. Received bytes go (interrupt-driven) into a bounded ring; a read takes
 * what is buffered and waits (deferred answer) while the ring is empty; a
 * write sends the bytes. poll() readiness is posted with ss_notify. Bytes are
 * raw: no line discipline, no CR/LF translation (the pty does that). COM2 is
 * the kernel's harness channel and is not touched. docs/drivers.md. */
#include "uart.h"

#include "../common/drv.h"

#include <cobalt/debug.h>
#include <cobalt/portio.h>
#include <cobalt/scheme_server.h>
#include <cobalt/serial.h>
#include <cobalt/sys.h>
#include <fcntl.h>
#include <string.h>

#define RING_SIZE    4096 /* received bytes kept; more arriving are dropped */
#define MAX_FILES    32
#define MAX_READERS  32
#define REPLY_MAX    4096
#define TX_CHUNK     8
#define MCR_LOOPBACK 0x10
#define MCR_NORMAL   0x0B

static uint8_t ring[RING_SIZE];
static size_t ring_head, ring_count; /* head: the oldest byte */
static unsigned long dropped;

struct file {
    uint64_t id; /* 0: free slot */
    int nonblock;
};
static struct file files[MAX_FILES];
static uint64_t next_id = 1;

struct reader { /* a read waiting for bytes */
    uint64_t tag, id;
    size_t want;
};
static struct reader readers[MAX_READERS];
static int nreaders;

static struct ss_scheme scheme;
static long irq;

static struct file *file_of(uint64_t id)
{
    for (int i = 0; i < MAX_FILES; i++)
        if (files[i].id == id)
            return &files[i];
    return NULL;
}

static size_t ring_take(uint8_t *out, size_t max, int consume)
{
    size_t n = ring_count < max ? ring_count : max;
    for (size_t i = 0; i < n; i++)
        out[i] = ring[(ring_head + i) % RING_SIZE];
    if (consume) {
        ring_head = (ring_head + n) % RING_SIZE;
        ring_count -= n;
    }
    return n;
}

static void ring_consume(size_t n)
{
    ring_head = (ring_head + n) % RING_SIZE;
    ring_count -= n;
}

static void notify_all(void)
{
    uint32_t ev = WAIT_WRITABLE | (ring_count ? WAIT_READABLE : 0);
    for (int i = 0; i < MAX_FILES; i++)
        if (files[i].id)
            ss_notify(&scheme, files[i].id, ev);
}

/* Answers waiting reads, oldest first, while there are bytes. A reader that
 * is gone (-ESRCH) leaves the bytes in the ring for the next one. */
static void serve_readers(void)
{
    static uint8_t buf[REPLY_MAX];
    while (nreaders > 0 && ring_count > 0) {
        struct reader r = readers[0];
        memmove(readers, readers + 1, (size_t)(nreaders - 1) * sizeof readers[0]);
        nreaders--;
        size_t n = ring_take(buf, r.want < REPLY_MAX ? r.want : REPLY_MAX, 0);
        if (ss_reply(&scheme, r.tag, (long)n, buf, n) == 0)
            ring_consume(n);
    }
}

/* Moves received bytes from the UART into the ring. */
static void drain_rx(void)
{
    uint8_t b;
    /* Bounded: at most two rings' worth per interrupt. */
    for (int i = 0; i < 2 * RING_SIZE && uart_rx(&b); i++) {
        if (ring_count == RING_SIZE) {
            dropped++;
            continue;
        }
        ring[(ring_head + ring_count) % RING_SIZE] = b;
        ring_count++;
    }
}

static void irq_ready(void *arg, uint32_t revents)
{
    (void)arg, (void)revents;
    drain_rx();
    cobalt_irq_ack(irq);
    serve_readers();
    notify_all();
}

static long ser_open(void *ctx, struct ss_request *rq, const char *path, uint64_t flags)
{
    (void)ctx, (void)rq;
    if (path[0] != 0)
        return -ENOENT;
    for (int i = 0; i < MAX_FILES; i++) {
        if (!files[i].id) {
            files[i].id = next_id++;
            files[i].nonblock = (flags & O_NONBLOCK) != 0;
            ss_notify(&scheme, files[i].id, WAIT_WRITABLE | (ring_count ? WAIT_READABLE : 0));
            return (long)files[i].id;
        }
    }
    return -EMFILE;
}

static long ser_read(void *ctx, struct ss_request *rq, uint64_t id, void *out, size_t want)
{
    (void)ctx;
    struct file *f = file_of(id);
    if (!f)
        return -EBADF;
    if (want == 0)
        return 0;
    /* Earlier waiting readers are served first. */
    if (ring_count > 0 && nreaders == 0) {
        size_t n = ring_take(out, want, 1);
        notify_all();
        return (long)n;
    }
    if (f->nonblock)
        return -EAGAIN;
    if (nreaders == MAX_READERS)
        return -EBUSY;
    readers[nreaders++] = (struct reader){rq->msg.tag, id, want};
    return SS_DEFER;
}

static long ser_write(void *ctx, struct ss_request *rq, uint64_t id, const void *data, size_t len)
{
    (void)ctx, (void)rq;
    if (!file_of(id))
        return -EBADF;
    /* Send in FIFO-sized chunks, taking received bytes in between, so that
     * what arrives during a long write (loopback, a fast peer) is not lost
     * to the 16-byte receive FIFO. */
    size_t sent = 0;
    while (sent < len) {
        size_t chunk = len - sent < TX_CHUNK ? len - sent : TX_CHUNK;
        size_t n = uart_tx((const uint8_t *)data + sent, chunk);
        sent += n;
        drain_rx();
        if (n < chunk)
            break;
    }
    serve_readers();
    notify_all();
    if (sent == 0 && len > 0)
        return -EIO;
    return (long)sent;
}

static long ser_fcall(void *ctx, struct ss_request *rq, uint64_t id, uint64_t code, uint64_t a1,
                      uint64_t a2, void *buf, size_t len, size_t *reply_len)
{
    (void)ctx, (void)rq, (void)a2;
    struct file *f = file_of(id);
    if (!f)
        return -EBADF;
    switch (code) {
    case FCALL_FSTAT:
        return drv_fstat_chr(buf, len, reply_len, 1);
    case FCALL_FLAGS:
        /* Only O_NONBLOCK means something here (O_APPEND is harmless). */
        if (a1 & ~(uint64_t)(O_NONBLOCK | O_APPEND))
            return -EINVAL;
        f->nonblock = (a1 & O_NONBLOCK) != 0;
        return (long)(a1 & (O_NONBLOCK | O_APPEND));
    case SERIAL_FCALL_LOOPBACK:
        if (a1 > 1)
            return -EINVAL;
        outb(COM1_BASE + 4, a1 ? MCR_LOOPBACK | MCR_NORMAL : MCR_NORMAL);
        return 0;
    default:
        return -ENOSYS;
    }
}

static void ser_close(void *ctx, uint64_t id)
{
    (void)ctx;
    struct file *f = file_of(id);
    if (f)
        f->id = 0;
    for (int i = 0; i < nreaders;) {
        if (readers[i].id == id) {
            memmove(readers + i, readers + i + 1, (size_t)(nreaders - i - 1) * sizeof readers[0]);
            nreaders--;
        } else {
            i++;
        }
    }
}

static const struct ss_ops ser_ops = {
    .open = ser_open, .read = ser_read, .write = ser_write, .fcall = ser_fcall, .close = ser_close};

int main(void)
{
    static struct ss_loop loop;
    if (drv_claim_ports("serial", COM1_BASE, COM1_PORTS) < 0)
        return 1;
    if (uart_setup() < 0) {
        cobalt_log_printf("serial: no UART at %#x", COM1_BASE);
        return 1;
    }
    irq = drv_bind_irq("serial", COM1_IRQ);
    if (irq < 0)
        return 1;
    ss_loop_init(&loop);
    scheme = (struct ss_scheme){.name = "serial", .ops = &ser_ops};
    long r = ss_loop_add_scheme(&loop, &scheme);
    if (r < 0) {
        cobalt_log_printf("serial: scheme_register failed: %ld", r);
        return 1;
    }
    if (ss_loop_add_watch(&loop, irq, WAIT_READABLE, irq_ready, NULL) < 0)
        return 1;
    irq_ready(NULL, 0); /* bytes that came in before the watch */
    drv_announce("serial", "serial: on COM1");
    r = ss_loop_run(&loop);
    cobalt_log_printf("serial: wait_many failed: %ld", r);
    return 1;
}
