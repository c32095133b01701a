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

static inline void state_put_u64(GByteArray *out, uint64_t v)
{
    state_put_u32(out, v >> 32);
    state_put_u32(out, (uint32_t)v);
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

/* Reads an @n-byte (n <= 8) big-endian number from @b. */
static inline uint64_t state_be(const uint8_t *b, size_t n)
{
    uint64_t v = 0;

    for (size_t i = 0; i < n; i++) {
        v = v << 8 | b[i];
    }
    return v;
}

/* CRC32C (Castagnoli, reflected, init and final xor 0xffffffff) of @len
 * bytes: 0xe3069283 for "123456789". */
uint32_t state_crc32c(const uint8_t *buf, size_t len);

/*
 * A table of the stream (docs/specs/migration.md): records keyed by a
 * number (a source, an END, a vCPU's server), written in runs:
 *   u32 n_runs, then per run: u32 first key, u32 count, count records
 * Runs ascend and neither overlap nor touch; keys whose record is the
 * default are not written (implicit).
 */
typedef struct StateRuns {
    GByteArray *out;
    guint nruns_at, count_at;
    uint32_t nruns, count, next;
} StateRuns;

void state_runs_begin(StateRuns *w, GByteArray *out);
/* Starts the record of @key (ascending): the caller appends its fields. */
void state_runs_key(StateRuns *w, uint32_t key);
void state_runs_end(StateRuns *w);

/*
 * Frames one table at @r of @rec_size-byte records and checks its shape:
 * the counts fit the buffer, runs ascend, do not overlap or touch, keys
 * below @limit.  @what names the table in errors.  On success *@table is
 * the table's bytes (for state_runs_next()).
 */
bool state_runs_frame(StateReader *r, size_t rec_size, uint32_t limit,
                      const char *what, StateReader *table, GError **errp);
/* Iterates a framed table: the next record and its key; false at the end. */
typedef struct StateRunsIter {
    StateReader r;
    size_t rec_size;
    uint32_t runs_left, in_run, key;
} StateRunsIter;

void state_runs_iter_init(StateRunsIter *it, const StateReader *table,
                          size_t rec_size);
bool state_runs_next(StateRunsIter *it, uint32_t *key, const uint8_t **rec);
/* Runs @check on each record of a framed @table of @rec_size-byte records
 * (its key, its bytes), up to the first it refuses. */
typedef bool (*StateRecordCheck)(void *model, uint32_t key, const uint8_t *rec,
                                 GError **errp);
bool state_runs_check(const StateReader *table, size_t rec_size,
                      StateRecordCheck check, void *model, GError **errp);

/* Every saved-state error says so first.  The format is a literal. */
#define state_error(errp, ...)                                                 \
    spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE, "interrupt state: " __VA_ARGS__)

#endif
