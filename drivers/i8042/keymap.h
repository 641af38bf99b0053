/* Keymaps: which text each key types (docs/drivers.md, "Keymap format"). */
#ifndef I8042_KEYMAP_H
#define I8042_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

#define KEYMAP_KEYS 256

struct keymap_entry {
    uint32_t normal, shift, altgr; /* code points; 0 = types nothing */
    uint8_t caps;                  /* caps lock acts as shift for this key */
    uint8_t num;                   /* types only while num lock is on */
};

struct keymap {
    struct keymap_entry keys[KEYMAP_KEYS];
    unsigned loaded; /* keys with an entry */
};

/* Parses a keymap text of len bytes into km (cleared first). Bad lines are
 * logged with their number (name: file name for the log; NULL: not logged)
 * and skipped; the
 * result is the number of bad lines. */
int keymap_parse(struct keymap *km, const char *text, size_t len, const char *name);
/* The UTF-8 text (NUL-terminated, at most size-1 bytes) key `code` types with
 * the modifiers mods (COBALT_MOD_*); "" when it types nothing. */
void keymap_text(const struct keymap *km, unsigned code, uint32_t mods, char *out, size_t size);

#endif
