/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: a guest's RAM for the demo and the replayer, sparse
 * (64 KiB pages allocated on first write, zero until then), reached
 * through the SpaprIrqCallbacks mem_read/mem_write callbacks.
 */
#ifndef TOOLS_GUEST_RAM_H
#define TOOLS_GUEST_RAM_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct GuestRam {
    uint64_t size;     /* bytes: [0, size) is RAM */
    GHashTable *pages; /* page number -> 64 KiB buffer */
} GuestRam;

void guest_ram_init(GuestRam *ram, uint64_t size);
/* Frees every page; safe twice. */
void guest_ram_fini(GuestRam *ram);

/* The callbacks, with @opaque a GuestRam *: false if any byte of the
 * range is outside RAM. */
bool guest_ram_read(void *opaque, uint64_t gpa, void *buf, size_t len);
bool guest_ram_write(void *opaque, uint64_t gpa, const void *buf, size_t len);

/* The migration section "vmm-ram": the RAM's non-zero runs, big-endian:
 *   u32 count, then per run (ascending, disjoint): u64 gpa, u32 len, bytes.
 * check validates a section against @ram's size without changing @ram;
 * load checks, then makes @ram exactly the section's content (every other
 * byte zero). */
void guest_ram_save(GuestRam *ram, GByteArray *out);
bool guest_ram_check(const GuestRam *ram, const uint8_t *buf, size_t len,
                     GError **errp);
bool guest_ram_load(GuestRam *ram, const uint8_t *buf, size_t len,
                    GError **errp);

/* A big-endian 32-bit word of RAM (0 outside RAM). */
uint32_t guest_ram_be32(GuestRam *ram, uint64_t gpa);

#endif
