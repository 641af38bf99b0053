/* Host unit test of Orbital's ping and close deadlines (ORBU0009): pings go
 * out one at a time, a late one marks the window "not responding" once, an
 * answer clears it, and a client is killed only after an ignored close
 * request's grace period while it does not respond. */
#include "../src/liveness.h"

#include <stdio.h>

#define S 1000000000ull /* one second */

static int fails, checks;

static void check(int ok, const char *what)
{
    checks++;
    if (!ok && fails++ < 20)
        printf("%s\n", what);
}

/* Ticks every 100 ms from t0 to t1 (a round every 2 s, as Orbital's loop
 * does): the OR of every action. A client that `answers` answers each ping
 * at once; *changed counts answers that changed its title. */
static unsigned ticks(struct liveness *l, uint64_t t0, uint64_t t1, uint64_t *last_round,
                      bool answers, int *changed)
{
    unsigned act = 0;
    for (uint64_t t = t0; t <= t1; t += S / 10) {
        bool round = t - *last_round >= LIVENESS_PING_EVERY_NS;
        if (round)
            *last_round = t;
        unsigned a = liveness_tick(l, t, round);
        if (answers && (a & LIVENESS_PING) && liveness_pong(l, l->ping_serial))
            (*changed)++;
        act |= a;
    }
    return act;
}

/* ticks() arguments for a client that never answers. */
#define HUNG false, NULL

/* A client that answers at once never turns "not responding" and is never
 * killed, even with a close request it does not act on. */
static void answering(void)
{
    struct liveness l = {0};
    uint64_t last = 0;
    int changed = 0;
    liveness_close_asked(&l, 10 * S);
    unsigned act = ticks(&l, 10 * S, 40 * S, &last, true, &changed);
    check(!(act & (LIVENESS_LATE | LIVENESS_KILL)), "an answering client is never late");
    check(act & LIVENESS_PING, "an answering client is pinged");
    check(!changed && !l.not_responding, "an answer in time changes no title");
}

/* One ping outstanding at a time; late after LIVENESS_LATE_NS, said once. */
static void late(void)
{
    struct liveness l = {0};
    check(liveness_tick(&l, 5 * S, true) == LIVENESS_PING, "a round sends a ping");
    check(l.ping_serial == 1, "the first ping has serial 1");
    check(liveness_tick(&l, 7 * S, true) == 0, "no second ping while one is outstanding");
    check(liveness_tick(&l, 8 * S - 1, false) == 0, "not late 1 ns before the limit");
    check(liveness_tick(&l, 8 * S, false) == LIVENESS_LATE, "late at the limit");
    check(l.not_responding, "late: not responding");
    check(liveness_tick(&l, 9 * S, false) == 0, "late is said once");
    check(!liveness_pong(&l, 7), "an answer with another serial counts for nothing");
    check(l.not_responding, "still not responding after a wrong serial");
    check(liveness_pong(&l, 1), "the right answer: responding again");
    check(!l.not_responding && !l.ping_sent_ns, "answered: responding, nothing outstanding");
    check(!liveness_pong(&l, 1), "a repeated answer changes nothing");
    check(liveness_tick(&l, 10 * S, true) == LIVENESS_PING, "the next round pings again");
    check(l.ping_serial == 2, "with the next serial");
}

/* The kill: only after the grace period and only while not responding. */
static void killing(void)
{
    uint64_t last = 0;
    /* Close asked, then the client stops answering: killed at the grace's end. */
    struct liveness l = {0};
    liveness_tick(&l, 2 * S, true); /* ping at 2 s, never answered: late at 5 s */
    last = 2 * S;
    unsigned act = ticks(&l, 2 * S + S / 10, 3 * S, &last, HUNG);
    liveness_close_asked(&l, 3 * S);
    act |= ticks(&l, 3 * S + S / 10, 6 * S, &last, HUNG);
    liveness_close_asked(&l, 6 * S); /* a second click does not extend the grace */
    act |= ticks(&l, 6 * S + S / 10, 8 * S - S / 10, &last, HUNG);
    check(!(act & LIVENESS_KILL), "no kill before the grace period ends");
    check(ticks(&l, 8 * S, 8 * S, &last, HUNG) & LIVENESS_KILL,
          "killed when the grace period ends");
    check(!(ticks(&l, 8 * S + S / 10, 20 * S, &last, HUNG) & LIVENESS_KILL), "killed once");

    /* A close stamped after the tick's clock reading is not "long ago". */
    l = (struct liveness){0};
    ticks(&l, 2 * S, 6 * S, &(uint64_t){0}, HUNG);
    liveness_close_asked(&l, 6 * S + 1);
    check(!(liveness_tick(&l, 6 * S, false) & LIVENESS_KILL), "no kill from a wrapped clock");

    /* Not responding, but no close asked: never killed. */
    l = (struct liveness){0};
    last = 0;
    act = ticks(&l, 2 * S, 60 * S, &last, HUNG);
    check((act & LIVENESS_LATE) && !(act & LIVENESS_KILL),
          "a hung client nobody closes is only marked");

    /* Close asked while already not responding: killed LIVENESS_CLOSE_GRACE_NS later. */
    l = (struct liveness){0};
    last = 0;
    ticks(&l, 2 * S, 10 * S, &last, HUNG);
    liveness_close_asked(&l, 10 * S);
    check(!(ticks(&l, 10 * S + S / 10, 15 * S - S / 10, &last, HUNG) & LIVENESS_KILL),
          "a hung client is not killed before the grace period ends");
    check(ticks(&l, 15 * S, 15 * S, &last, HUNG) & LIVENESS_KILL, "then it is killed");

    /* Late, close asked, then it answers before the grace ends: not killed. */
    l = (struct liveness){0};
    last = 0;
    ticks(&l, 2 * S, 6 * S, &last, HUNG);
    liveness_close_asked(&l, 6 * S);
    check(liveness_pong(&l, l.ping_serial), "the late answer arrives");
    int changed = 0;
    act = ticks(&l, 6 * S + S / 10, 30 * S, &last, true, &changed);
    check(!(act & LIVENESS_KILL), "a client that answers again is left to close in its own time");
}

int main(void)
{
    answering();
    late();
    killing();
    if (fails) {
        printf("FAIL: %d of %d checks\n", fails, checks);
        return 1;
    }
    printf("PASS: %d liveness checks\n", checks);
    return 0;
}
