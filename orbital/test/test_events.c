/* Host unit test of Orbital's event queue (ORBU0008): order kept, pointer
 * motion and resizes coalesced, a full queue refuses and says so, the ring
 * wraps correctly. */
#include "../src/events.h"

#include <stdio.h>

static int fails, checks;

static void check(int ok, const char *what)
{
    checks++;
    if (!ok && fails++ < 20)
        printf("%s\n", what);
}

static struct orb_event ev(uint32_t type, int32_t v)
{
    struct orb_event e = {.type = type};
    if (type == ORB_EVENT_RESIZE)
        e.resize.w = v, e.resize.h = v, e.resize.serial = (uint32_t)v;
    else
        e.pointer.x = v;
    return e;
}

static struct orb_event slot;

static const struct orb_event *push_arg(struct orb_event e)
{
    slot = e;
    return &slot;
}

int main(void)
{
    static struct events q;
    struct orb_event out[EVENTS_MAX + 8];
    events_init(&q);
    events_push(&q, &(struct orb_event){.type = ORB_EVENT_FOCUS});
    for (int i = 0; i < 100; i++)
        events_push(&q, push_arg(ev(ORB_EVENT_POINTER, i)));
    events_push(&q, push_arg(ev(ORB_EVENT_BUTTON, 5)));
    events_push(&q, push_arg(ev(ORB_EVENT_POINTER, 200)));
    size_t n = events_pop(&q, out, 10);
    check(n == 4, "100 motions in a row become one");
    check(out[0].type == ORB_EVENT_FOCUS && out[1].type == ORB_EVENT_POINTER &&
              out[1].pointer.x == 99 && out[2].type == ORB_EVENT_BUTTON && out[3].pointer.x == 200,
          "order kept, the newest position kept, motion after a button stays separate");
    events_push(&q, push_arg(ev(ORB_EVENT_RESIZE, 10)));
    events_push(&q, push_arg(ev(ORB_EVENT_KEY, 1)));
    events_push(&q, push_arg(ev(ORB_EVENT_RESIZE, 20)));
    n = events_pop(&q, out, 10);
    check(n == 2 && out[0].type == ORB_EVENT_KEY && out[1].type == ORB_EVENT_RESIZE &&
              out[1].resize.serial == 20,
          "an unseen resize is replaced by the newest, after what came between");
    /* Wrap the ring and fill it. */
    for (int round = 0; round < 3; round++) {
        int pushed = 0;
        while (events_push(&q, push_arg(ev(ORB_EVENT_KEY, pushed))))
            pushed++;
        check(pushed == EVENTS_MAX && q.overflowed, "a full queue refuses and marks the client");
        n = events_pop(&q, out, EVENTS_MAX + 8);
        int ordered = n == EVENTS_MAX;
        for (size_t i = 0; i < n; i++)
            ordered &= out[i].pointer.x == (int32_t)i;
        check(ordered, "every queued event comes out once, in order, across the wrap");
        q.overflowed = false;
        events_push(&q, push_arg(ev(ORB_EVENT_KEY, 0)));
        events_pop(&q, out, 1); /* move the head */
    }
    check(events_pop(&q, out, 5) == 0, "an empty queue gives nothing");
    if (fails) {
        printf("FAIL: %d of %d checks\n", fails, checks);
        return 1;
    }
    printf("PASS: %d event-queue checks\n", checks);
    return 0;
}
