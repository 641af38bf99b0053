/* kt_ipc: exec with a request in flight (a read held by the server, a
 * write still queued), and the program's child mode (post-exec) that the
 * exec'd client runs. */
#include "ipc.h"

/* ---- exec with a request in flight ----------------------------------------------------- */

/* The client's buffers: at the same address in every process forked from
 * this one, so a copy made into (or from) the wrong address space shows. */
static char victim_buf[16];

static int exec_reader_thread(void *arg)
{
    long h = (long)(uintptr_t)arg;
    sys_read(h, (long)victim_buf, sizeof victim_buf); /* in flight when the process execs */
    return 0;
}

static int exec_writer_thread(void *arg)
{
    long h = (long)(uintptr_t)arg;
    sys_write(h, (long)victim_buf, sizeof victim_buf); /* queued when the process execs */
    return 0;
}

/* Forked client: a second thread reads (held by the server) or writes
 * (queued), then the main thread execs this program in mode post-exec,
 * which ends that thread. */
static int exec_with_request(void *arg)
{
    bool reading = strcmp((const char *)arg, "read") == 0;
    long h = open_path("kt-ipc-x:f", 0);
    void *top = rt_stack_alloc(64 << 10);
    if (h < 0 || !top ||
        rt_thread_create(reading ? exec_reader_thread : exec_writer_thread, (void *)(uintptr_t)h,
                         top, NULL, NULL) < 0)
        return 1;
    if (reading && !kt_await(&mb->ready)) /* the server holds the READ */
        return 2;
    if (!reading)
        sys_sleep(30 * MS); /* the WRITE waits in the queue */
    char hs[24];
    ksnprintf(hs, sizeof hs, "%ld", mb_handle);
    const char *argv[] = {kt_self, "post-exec", hs, NULL};
    const char *envp[] = {NULL};
    sys_exec((long)kt_self, (long)strlen(kt_self), (long)argv, (long)envp);
    return 3;
}

static int victim(void *arg)
{
    (void)arg;
    sys_sleep(50 * MS); /* the server answers meanwhile */
    for (size_t i = 0; i < sizeof victim_buf; i++) {
        if (victim_buf[i] != 'V')
            return 1;
    }
    return 0;
}

/* Forks the client (mode "read" or "write"), serves its OPEN; its pid. */
static long start_exec_client(long ep, const char *mode)
{
    struct mailbox *m = mailbox();
    if (!m)
        return -1000;
    memset(victim_buf, 'V', sizeof victim_buf);
    long pid = kt_fork(exec_with_request, (void *)mode);
    if (pid < 0)
        return pid;
    if (take(ep, &rq, sbuf, sizeof sbuf) < 0 || rq.op != SCHEME_OPEN ||
        reply(ep, rq.tag, 1, NULL, 0) != 0)
        return -1002;
    return pid;
}

/* Stays runnable until the client has exec'd, so as to act before the
 * ended thread runs again. */
static bool await_exec(void)
{
    uint64_t end = rt_now_ns() + 3000 * MS;
    while (!mb->word && rt_now_ns() < end)
        sys_yield();
    return mb->word != 0;
}

TEST(UIPC0023, "exec while a thread's read is in flight: the late answer goes nowhere")
{
    long ep = EXPECT_OK(reg("kt-ipc-x"));
    long pid = start_exec_client(ep, "read");
    CHECK(pid > 0, "starting the client failed (%ld)", pid);
    TAKE(ep, SCHEME_READ);
    uint64_t tag = rq.tag;
    mb->ready = 1;
    CHECK(await_exec(), "the client never exec'd");
    long vpid = EXPECT_OK(kt_fork(victim, NULL));
    long r = reply(ep, tag, 0, "EVILEVILEVILEVIL", 16);
    int st = -1;
    EXPECT_EQ(rt_wait(vpid, &st, 0), vpid);
    CHECK(st == RT_EXITED(0), "the answer for the exec'd process landed in another process");
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    EXPECT_EQ(r, -ESRCH);
    sys_handle_close(ep);
}

TEST(UIPC0024, "exec while a thread's write is queued: the server gets nothing or that payload")
{
    long ep = EXPECT_OK(reg("kt-ipc-x"));
    long pid = start_exec_client(ep, "write");
    CHECK(pid > 0, "starting the client failed (%ld)", pid);
    CHECK(await_exec(), "the client never exec'd");
    memset(victim_buf, 'W', sizeof victim_buf); /* this process's copy differs now */
    memset(sbuf, 0, sizeof sbuf);
    long n = recv_nb(ep, &rq, sbuf, sizeof sbuf);
    rt_log("kt_ipc: UIPC0024: recv right after the exec = %ld", n);
    if (n != -EAGAIN) {
        CHECK(n == 16 && rq.op == SCHEME_WRITE, "recv after the exec = %ld, op %u", n, rq.op);
        for (int i = 0; i < 16; i++)
            CHECK(sbuf[i] == 'V', "payload byte %d is %#x, not what the client wrote", i,
                  (unsigned char)sbuf[i]);
        EXPECT_EQ(reply(ep, rq.tag, 16, NULL, 0), 0);
    }
    int st = -1;
    EXPECT_EQ(rt_wait(pid, &st, 0), pid);
    EXPECT_EQ(st, RT_EXITED(0));
    sys_handle_close(ep);
}

static int post_exec(char **argv)
{
    long a = sys_shm_map(rt_atol(argv[2]), 0, RW);
    if (a < 0)
        return 1;
    ((volatile struct mailbox *)a)->word = 1;
    sys_sleep(100 * MS);
    return 0;
}

static int child(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "post-exec") == 0)
        return post_exec(argv);
    return 99;
}

KT_MAIN(child)
