/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest-visible size of a machine's interrupt state: what a migration
 * stream must carry at least, the yardstick of its size
 * (docs/specs/migration.md, "Size and speed").  The test of the stream's
 * size (/machine/stream/size-4096) and the benchmark (spapr-irq-bench)
 * both measure against it.
 */
#ifndef TOOLS_STATE_SIZE_H
#define TOOLS_STATE_SIZE_H

#include "spapr-irq/spapr-irq.h"

G_BEGIN_DECLS

/*
 * The guest-visible state of a dual machine of @plan, every possible vCPU
 * present, with @nclaimed claimed sources, right after reset, in bytes:
 * per vCPU its presenters' registers (XICS ICP: XIRR 4, MFRR 1, pending
 * priority 1; XIVE OS ring: NSR, CPPR, IPB, PIPR 4); per claimed source
 * its configuration and PQ/status (XICS: server 4, priority 1, saved
 * priority 1, status 1; XIVE: EAS 8, status 1); XIVE's IPI of each server
 * (LISN < 0x1000) as a claimed XIVE source (9).  No END is valid right
 * after reset (a valid one would add its queue position, words 0..3: 16).
 */
uint64_t state_visible_size(const SpaprIrqPlan *plan, uint32_t nclaimed);

G_END_DECLS

#endif
