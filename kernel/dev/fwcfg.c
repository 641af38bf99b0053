/* fw_cfg reader: checks the "QEMU" signature, walks the big-endian file
 * directory and reads one file's bytes through the data port. */
#include "fwcfg.h"

#include <stdint.h>

#include "cpu.h"
#include "kstring.h"

#define FWCFG_SELECTOR  0x510
#define FWCFG_DATA      0x511
#define FWCFG_SIGNATURE 0x0000
#define FWCFG_FILE_DIR  0x0019
#define FWCFG_NAME_LEN  56

static void read_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n--)
        *p++ = inb(FWCFG_DATA);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int fwcfg_read_file(const char *name, char *buf, size_t size)
{
    uint8_t sig[4];
    outw(FWCFG_SELECTOR, FWCFG_SIGNATURE);
    read_bytes(sig, 4);
    if (memcmp(sig, "QEMU", 4) != 0)
        return -1;

    uint8_t raw[4];
    outw(FWCFG_SELECTOR, FWCFG_FILE_DIR);
    read_bytes(raw, 4);
    uint32_t count = be32(raw);
    for (uint32_t i = 0; i < count && i < 4096; i++) {
        uint8_t entry[8 + FWCFG_NAME_LEN];
        read_bytes(entry, sizeof entry);
        entry[sizeof entry - 1] = '\0';
        if (strcmp((const char *)entry + 8, name) != 0)
            continue;
        uint32_t len = be32(entry);
        uint16_t selector = (uint16_t)(entry[4] << 8 | entry[5]);
        outw(FWCFG_SELECTOR, selector);
        size_t n = len < size - 1 ? len : size - 1;
        read_bytes(buf, n);
        buf[n] = '\0';
        return (int)len;
    }
    return -1;
}
