/* Orbital's protocol decoder: turns an open path and the bytes of a write
 * into typed, fully checked requests (decode, then invoke: nothing here
 * changes any state). Every rule is in docs/orbital-protocol.md; a request
 * that breaks one is refused with the errno the client will see. */
#ifndef ORBITAL_PROTO_H
#define ORBITAL_PROTO_H

#include <cobalt/orbital.h>
#include <stdbool.h>
#include <stddef.h>

struct orb_open {
    uint32_t flags;
    bool auto_place; /* x/y were ORB_PLACE_AUTO */
    int32_t x, y, w, h;
    char title[ORB_TITLE_MAX + 1];
};

/* A decoded request: type and the matching member. */
struct orb_request {
    uint32_t type;
    union {
        struct orb_req_damage damage;
        struct orb_req_set_title set_title; /* see title */
        struct orb_req_move move;
        struct orb_req_resize resize;
        struct orb_req_set_state set_state;
        struct orb_req_set_flags set_flags;
        struct orb_req_pong pong;
    };
    char title[ORB_TITLE_MAX + 1]; /* SET_TITLE: the title, NUL-terminated */
};

/* path: what follows "orbital:", len bytes (no NUL needed). 0 or -EINVAL
 * (-ENAMETOOLONG for a title over ORB_TITLE_MAX). */
int orb_decode_open(const char *path, size_t len, struct orb_open *out);

/* 0 or -EINVAL: unknown type, a size that is not the request's, a size
 * field that differs from len, non-zero reserved fields, bad values. */
int orb_decode_request(const void *data, size_t len, struct orb_request *out);

/* The number of bytes a title may have and still be valid UTF-8 without
 * control characters: true when bytes[0..len) is such a title. */
bool orb_title_valid(const char *bytes, size_t len);

#endif
