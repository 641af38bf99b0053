/* Local APIC: enabled through its spurious-vector register, its timer used
 * as the periodic tick. The legacy PICs keep delivering device IRQs through
 * the APIC's virtual-wire LINT0 that the BIOS set up. */
#include "layout.h"
#include "msr.h"
#include "timer_hw.h"

#define MSR_APIC_BASE   0x1B
#define APIC_ENABLE     (1ULL << 11)
#define REG_EOI         0xB0
#define REG_SVR         0xF0
#define REG_LVT_TIMER   0x320
#define REG_INITIAL     0x380
#define REG_CURRENT     0x390
#define REG_DIVIDE      0x3E0
#define LVT_MASKED      (1u << 16)
#define LVT_PERIODIC    (1u << 17)
#define DIVIDE_BY_16    0x3
#define SPURIOUS_VECTOR 0xFF

static volatile uint32_t *regs;
static uint64_t regs_phys;

uint64_t lapic_phys(void)
{
    return regs_phys;
}

static inline void write_reg(unsigned reg, uint32_t v)
{
    regs[reg / 4] = v;
}

static inline uint32_t read_reg(unsigned reg)
{
    return regs[reg / 4];
}

void lapic_init(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    wrmsr(MSR_APIC_BASE, base | APIC_ENABLE);
    regs_phys = base & 0xFFFFF000;
    regs = (volatile uint32_t *)(DIRECT_MAP_BASE + regs_phys);
    write_reg(REG_SVR, 0x100 | SPURIOUS_VECTOR);
    write_reg(REG_DIVIDE, DIVIDE_BY_16);
}

void lapic_calibration_start(void)
{
    write_reg(REG_LVT_TIMER, LVT_MASKED);
    write_reg(REG_INITIAL, 0xFFFFFFFF);
}

uint32_t lapic_count_elapsed(void)
{
    return 0xFFFFFFFF - read_reg(REG_CURRENT);
}

void lapic_timer_periodic(uint8_t vector, uint32_t count)
{
    write_reg(REG_LVT_TIMER, vector | LVT_PERIODIC);
    write_reg(REG_INITIAL, count ? count : 1);
}

void lapic_eoi(void)
{
    write_reg(REG_EOI, 0);
}
