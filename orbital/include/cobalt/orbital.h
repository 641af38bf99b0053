/* Orbital's window protocol: the one declaration of every request a client
 * writes and every event it reads on a window (docs/orbital-protocol.md says
 * what each means; a client can be written from that page and this header).
 * Orbital's decoder and its tests are built from the X-macro lists below.
 *
 * A window is a file of the `orbital:` scheme:
 *   open("orbital:<flags>/<x>/<y>/<w>/<h>/<title>", O_RDWR)  a new window
 *   mmap(fd, w*h*4, PROT_READ|PROT_WRITE, MAP_SHARED)       its pixels
 *   write(fd, request, request.size)                        one request per write
 *   read(fd, events, n * sizeof(struct orb_event))          whole events only
 *   poll(fd)                                                readable: events wait
 *   close(fd)                                               the window goes */
#ifndef COBALT_ORBITAL_H
#define COBALT_ORBITAL_H

#include <stdint.h>

#define ORB_PROTOCOL_VERSION 1

/* Limits of the open path; anything outside them is refused (EINVAL), never
 * clamped. */
#define ORB_COORD_MIN  (-16384)
#define ORB_COORD_MAX  16384
#define ORB_SIZE_MIN   1
#define ORB_SIZE_MAX   8192
#define ORB_BUFFER_MAX (64L * 1024 * 1024) /* w * h * 4 */
#define ORB_TITLE_MAX  255                 /* bytes of UTF-8, no control characters */
#define ORB_PLACE_AUTO "*"                 /* as <x>/<y>: Orbital places the window */

/* Window flags: the letters of <flags> ("-" for none), and the bits of
 * SET_FLAGS. */
#define ORB_FLAGS(X)                                                                               \
    X('r', RESIZABLE, 0x01)  /* the user may resize it */                                          \
    X('b', BORDERLESS, 0x02) /* no title bar, border or shadow */                                  \
    X('a', ALPHA, 0x04)      /* its pixels are premultiplied ARGB (else the alpha is ignored) */   \
    X('t', ON_TOP, 0x08)     /* stays above normal windows (panels) */                             \
    X('h', HIDDEN, 0x10)     /* not shown until SET_FLAGS clears it */

enum orb_flag {
#define ORB_FLAG_ENUM(letter, name, bit) ORB_FLAG_##name = bit,
    ORB_FLAGS(ORB_FLAG_ENUM)
#undef ORB_FLAG_ENUM
};

/* Window states (SET_STATE, the STATE event). */
enum orb_state { ORB_STATE_NORMAL = 0, ORB_STATE_MAXIMIZED = 1, ORB_STATE_MINIMIZED = 2 };

/* ---- requests (client -> Orbital): write() exactly one, of exactly its size ---- */

struct orb_request_header {
    uint32_t type; /* ORB_REQ_* */
    uint32_t size; /* bytes of the whole request: must equal what write() carries */
};

/* New pixels are in the buffer: rectangle in window coordinates, drawn into
 * the buffer of `serial` (0 for the first buffer, then each RESIZE event's). */
struct orb_req_damage {
    struct orb_request_header hdr;
    int32_t x, y, w, h;
    uint32_t serial;
    uint32_t reserved; /* 0 */
};

struct orb_req_set_title {
    struct orb_request_header hdr;
    uint32_t len; /* bytes of title that follow; size = 12 + len */
    char title[ORB_TITLE_MAX];
};

struct orb_req_move {
    struct orb_request_header hdr;
    int32_t x, y; /* the window's new top-left (content) position on screen */
};

/* Asks for a new size: Orbital answers with a RESIZE event (maybe another size). */
struct orb_req_resize {
    struct orb_request_header hdr;
    int32_t w, h;
};

struct orb_req_set_state {
    struct orb_request_header hdr;
    uint32_t state; /* enum orb_state */
    uint32_t reserved;
};

struct orb_req_set_flags {
    struct orb_request_header hdr;
    uint32_t flags; /* ORB_FLAG_* (ALPHA cannot change after open) */
    uint32_t reserved;
};

/* The answer to a PING event. */
struct orb_req_pong {
    struct orb_request_header hdr;
    uint32_t serial;
    uint32_t reserved;
};

/* X(type, NAME, struct, fixed size?) — a variable-size request names its
 * smallest size; each request's rules are in docs/orbital-protocol.md. */
#define ORB_REQUESTS(X)                                                                            \
    X(1, DAMAGE, struct orb_req_damage, 1)                                                         \
    X(2, SET_TITLE, struct orb_req_set_title, 0)                                                   \
    X(3, MOVE, struct orb_req_move, 1)                                                             \
    X(4, RESIZE, struct orb_req_resize, 1)                                                         \
    X(5, SET_STATE, struct orb_req_set_state, 1)                                                   \
    X(6, SET_FLAGS, struct orb_req_set_flags, 1)                                                   \
    X(7, PONG, struct orb_req_pong, 1)

enum orb_request_type {
#define ORB_REQ_ENUM(type, name, st, fixed) ORB_REQ_##name = type,
    ORB_REQUESTS(ORB_REQ_ENUM)
#undef ORB_REQ_ENUM
};

/* ---- events (Orbital -> client): read() returns whole 48-byte records ---- */

#define ORB_EVENTS(X)                                                                              \
    X(1, KEY)     /* key: a key went down (or repeats) or up, with its text */                     \
    X(2, POINTER) /* pointer: moved over the window (coalesced: the newest position) */            \
    X(3, BUTTON)  /* pointer: a button went down or up */                                          \
    X(4, SCROLL)  /* pointer: the wheel turned (pointer.wheel steps) */                            \
    X(5, ENTER)   /* pointer: the pointer came over the window */                                  \
    X(6, LEAVE)   /* the pointer left the window */                                                \
    X(7, FOCUS)   /* focus: the window got (1) or lost (0) the keyboard */                         \
    X(8, RESIZE)  /* resize: a new buffer of w x h, serial: fmap it, draw, DAMAGE */               \
    X(9, CLOSE)   /* the user asked to close: close the window (or don't) */                       \
    X(10, PING)   /* ping: answer PONG with the serial soon, or be "not responding" */             \
    X(11, STATE)  /* state: the window was maximized, minimized or restored */

enum orb_event_type {
#define ORB_EVENT_ENUM(type, name) ORB_EVENT_##name = type,
    ORB_EVENTS(ORB_EVENT_ENUM)
#undef ORB_EVENT_ENUM
};

#define ORB_KEY_PRESS   1
#define ORB_KEY_RELEASE 2

struct orb_event {
    uint32_t type; /* ORB_EVENT_* */
    uint32_t mods; /* COBALT_MOD_* (<cobalt/input.h>) when it happened */
    union {
        struct {
            uint32_t code;  /* COBALT_KEY_* */
            uint32_t flags; /* ORB_KEY_PRESS or ORB_KEY_RELEASE */
            char text[16];  /* PRESS: the UTF-8 it types, NUL-padded */
        } key;
        struct {
            int32_t x, y;     /* window (content) coordinates; may lie outside during a grab */
            uint32_t buttons; /* COBALT_BUTTON_* held (after BUTTON: the new state) */
            uint32_t button;  /* BUTTON: the one that changed */
            int32_t wheel;    /* SCROLL: steps, positive towards the user */
            uint32_t pressed; /* BUTTON: 1 down, 0 up */
        } pointer;
        struct {
            uint32_t in;
        } focus;
        struct {
            int32_t w, h;
            uint32_t serial;
        } resize;
        struct {
            uint32_t serial;
        } ping;
        struct {
            uint32_t state; /* enum orb_state */
        } state;
        uint8_t raw[40];
    };
};
_Static_assert(sizeof(struct orb_event) == 48, "an Orbital event is 48 bytes");

#endif
