/* CMOS real-time clock: read twice until two reads agree (no update in
 * between), convert BCD and 12-hour forms, and count days since 1970. */
#include "cpu.h"
#include <stdbool.h>

#include "timer_hw.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

struct rtc_time {
    unsigned sec, min, hour, day, month, year;
};

static unsigned cmos(unsigned reg)
{
    outb(CMOS_INDEX, (uint8_t)reg);
    return inb(CMOS_DATA);
}

static void read_raw(struct rtc_time *t)
{
    for (int i = 0; i < 100000 && (cmos(0x0A) & 0x80); i++)
        ;
    *t = (struct rtc_time){cmos(0x00), cmos(0x02), cmos(0x04), cmos(0x07), cmos(0x08), cmos(0x09)};
}

static unsigned from_bcd(unsigned v)
{
    return (v & 0x0F) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static uint64_t days_from_civil(unsigned y, unsigned m, unsigned d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = yy / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (uint64_t)(era * 146097 + doe - 719468);
}

uint64_t rtc_read_epoch_seconds(void)
{
    struct rtc_time a, b;
    read_raw(&a);
    for (int tries = 0; tries < 5; tries++) {
        read_raw(&b);
        if (a.sec == b.sec && a.min == b.min && a.hour == b.hour && a.day == b.day)
            break;
        a = b;
    }
    unsigned status_b = cmos(0x0B);
    bool pm = !(status_b & 0x02) && (b.hour & 0x80);
    b.hour &= 0x7F;
    if (!(status_b & 0x04)) {
        b = (struct rtc_time){from_bcd(b.sec), from_bcd(b.min),   from_bcd(b.hour),
                              from_bcd(b.day), from_bcd(b.month), from_bcd(b.year)};
    }
    if (pm)
        b.hour = (b.hour % 12) + 12;
    unsigned year = 2000 + b.year;
    return days_from_civil(year, b.month, b.day) * 86400 + b.hour * 3600 + b.min * 60 + b.sec;
}
