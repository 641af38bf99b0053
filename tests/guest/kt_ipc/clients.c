/* kt_ipc: several client processes served at once, each getting the
 * answers meant for it. */
#include "ipc.h"

/* ---- several clients -------------------------------------------------------------- */

#define CLIENTS 3
#define ROUNDS  5

static long multi_ep;

static int multi_client(void *arg)
{
    int i = (int)(uintptr_t)arg;
    sys_handle_close(multi_ep); /* inherited from fork: the parent serves it */
    char path[32];
    ksnprintf(path, sizeof path, "kt-ipc-m:c%d", i);
    long h = open_path(path, 0);
    if (h < 0)
        return 1;
    for (int round = 0; round < ROUNDS; round++) {
        char msg[32], back[48];
        int len = ksnprintf(msg, sizeof msg, "hello %d.%d", i, round);
        if (sys_write(h, (long)msg, len) != len)
            return 2;
        long n = sys_read(h, (long)back, sizeof back);
        if (n != len + 5 || memcmp(back, "echo:", 5) != 0 || memcmp(back + 5, msg, len) != 0)
            return 3;
    }
    return sys_handle_close(h) == 0 ? 0 : 4;
}

TEST(UIPC0009, "three client processes at once, each gets the answers meant for it")
{
    multi_ep = EXPECT_OK(reg("kt-ipc-m"));
    long pids[CLIENTS];
    for (int i = 0; i < CLIENTS; i++)
        pids[i] = EXPECT_OK(kt_fork(multi_client, (void *)(uintptr_t)i));
    static char last[CLIENTS + 1][40];
    static long last_len[CLIENTS + 1];
    int closes = 0, requests = 0;
    while (closes < CLIENTS) {
        long n = take(multi_ep, &rq, sbuf, sizeof sbuf);
        if (n < 0) {
            char b[32];
            FAIL("after %d requests and %d closes: %s", requests, closes,
                 rt_fmt_result(b, sizeof b, n));
        }
        requests++;
        if (rq.op == SCHEME_CLOSE) {
            closes++;
            continue;
        }
        if (rq.op == SCHEME_OPEN) {
            int i = sbuf[1] - '0';
            CHECK(rq.payload_len == 2 && sbuf[0] == 'c' && i >= 0 && i < CLIENTS,
                  "unexpected open path");
            EXPECT_EQ(rq.client_pid, pids[i]);
            EXPECT_EQ(reply(multi_ep, rq.tag, i + 1, NULL, 0), 0);
            continue;
        }
        CHECK(rq.id >= 1 && rq.id <= CLIENTS, "request for unknown file id %lu", rq.id);
        EXPECT_EQ(rq.client_pid, pids[rq.id - 1]);
        if (rq.op == SCHEME_WRITE) {
            CHECK(rq.payload_len < 32, "write of %lu bytes", rq.payload_len);
            memcpy(last[rq.id], "echo:", 5);
            memcpy(last[rq.id] + 5, sbuf, rq.payload_len);
            last_len[rq.id] = (long)rq.payload_len + 5;
            EXPECT_EQ(reply(multi_ep, rq.tag, (long)rq.payload_len, NULL, 0), 0);
        } else {
            EXPECT_EQ(reply(multi_ep, rq.tag, 0, last[rq.id], (size_t)last_len[rq.id]), 0);
        }
    }
    for (int i = 0; i < CLIENTS; i++) {
        int st = -1;
        EXPECT_EQ(rt_wait(pids[i], &st, 0), pids[i]);
        CHECK(st == RT_EXITED(0), "client %d ended with status %#x (2: write, 3: read back)", i,
              st);
    }
    EXPECT_EQ(requests, CLIENTS * (2 + 2 * ROUNDS));
    sys_handle_close(multi_ep);
}
