/* PIT channel 2 one-shot: the speaker gate starts it and OUT2 (port 0x61
 * bit 5) rises when it reaches zero. Used only to calibrate faster clocks. */
#include "cpu.h"
#include "timer_hw.h"

#define PIT_HZ  1193182
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B  0x61
#define GATE2   0x01
#define SPEAKER 0x02
#define OUT2    0x20

void pit_wait_ms(unsigned ms)
{
    uint32_t count = PIT_HZ / 1000 * ms;
    if (count > 0xFFFF)
        count = 0xFFFF;
    outb(PORT_B, (inb(PORT_B) & ~(GATE2 | SPEAKER)));
    outb(PIT_CMD, 0xB0); /* channel 2, lobyte/hibyte, mode 0 */
    outb(PIT_CH2, count & 0xFF);
    outb(PIT_CH2, count >> 8);
    outb(PORT_B, (inb(PORT_B) & ~SPEAKER) | GATE2);
    /* Bounded: a missing PIT must not hang the boot. */
    for (uint32_t i = 0; i < 100000000 && !(inb(PORT_B) & OUT2); i++)
        ;
}
