/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: helpers for saved state (internal).  Every number is written
 * big-endian whatever the host, and read back through a bounds-checked
 * reader, so that a short or corrupt buffer is an error, never a crash.
 */
#ifndef HW_CORE_STATE_H
#define HW_CORE_STATE_H

#include "hw/core/fail.h"

static inline void state_put_u8(GByteArray *out, uint8_t v)
{
    g_byte_array_append(out, &v, 1);
}

static inline void state_put_u16(GByteArray *out, uint16_t v)
{
    uint8_t b[2] = {v >> 8, v & 0xff};

    g_byte_array_append(out, b, sizeof(b));
}

static inline void state_put_u32(GByteArray *out, uint32_t v)
{
    uint8_t b[4] = {v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};

    g_byte_array_append(out, b, sizeof(b));
}

/* Overwrites the u32 at @at (written earlier as a placeholder). */
static inline void state_patch_u32(GByteArray *out, guint at, uint32_t v)
{
    out->data[at] = v >> 24;
    out->data[at + 1] = (v >> 16) & 0xff;
    out->data[at + 2] = (v >> 8) & 0xff;
    out->data[at + 3] = v & 0xff;
}

typedef struct StateReader {
    const uint8_t *p;
    size_t left;
} StateReader;

static inline bool state_get_bytes(StateReader *r, size_t n,
                                   const uint8_t **bytes)
{
    if (r->left < n) {
        return false;
    }
    *bytes = r->p;
    r->p += n;
    r->left -= n;
    return true;
}

/* Reads an @n-byte (n <= 4) big-endian number. */
static inline bool state_get_uint(StateReader *r, size_t n, uint32_t *v)
{
    const uint8_t *b;

    if (!state_get_bytes(r, n, &b)) {
        return false;
    }
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        *v = *v << 8 | b[i];
    }
    return true;
}

/* Every saved-state error says so first.  The format is a literal. */
#define state_error(errp, ...)                                                 \
    spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE, "interrupt state: " __VA_ARGS__)

#endif
