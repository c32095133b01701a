/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: reading the big-endian fields of the tool's migration
 * sections (tools/migration.c, the guest's and the RAM's sections),
 * whatever the host's byte order; they are written with the library's
 * state_put_*() (hw/core/state.h).  A WireReader never reads past its end:
 * a short read sets @short_read and answers 0, so a section's parser checks
 * once, at its end (wire_done()).
 */
#ifndef TOOLS_WIRE_H
#define TOOLS_WIRE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hw/core/state.h"

typedef struct WireReader {
    const uint8_t *buf;
    size_t len, pos;
    bool short_read;
} WireReader;

static inline WireReader wire_reader(const uint8_t *buf, size_t len)
{
    return (WireReader){.buf = buf, .len = len};
}

static inline uint64_t wire_get(WireReader *r, unsigned size)
{
    uint64_t v = 0;

    if (r->short_read || r->len - r->pos < size) {
        r->short_read = true;
        return 0;
    }
    for (unsigned i = 0; i < size; i++) {
        v = v << 8 | r->buf[r->pos + i];
    }
    r->pos += size;
    return v;
}

static inline uint8_t wire_get_u8(WireReader *r)
{
    return (uint8_t)wire_get(r, 1);
}

static inline uint32_t wire_get_u32(WireReader *r)
{
    return (uint32_t)wire_get(r, 4);
}

static inline uint64_t wire_get_u64(WireReader *r)
{
    return wire_get(r, 8);
}

/* @n bytes in place, or NULL (short read). */
static inline const uint8_t *wire_get_bytes(WireReader *r, size_t n)
{
    const uint8_t *p;

    if (r->short_read || r->len - r->pos < n) {
        r->short_read = true;
        return NULL;
    }
    p = r->buf + r->pos;
    r->pos += n;
    return p;
}

static inline bool wire_done(const WireReader *r)
{
    return !r->short_read && r->pos == r->len;
}

#endif
