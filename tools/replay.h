/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: replay of a QEMU trace log of a real guest against our
 * model (tools/replay*.c; docs/specs/replay.md).
 */
#ifndef TOOLS_REPLAY_H
#define TOOLS_REPLAY_H

#include "spapr-irq/spapr-irq.h"
#include "tools/trace_log.h"

/*
 * Builds the machine of @cfg, replays the trace at @path against it and
 * prints the report and the summary line
 *   replay: <events> events, <checked> checked, <mismatches> mismatches
 * Returns the process exit status: 0 only if nothing mismatched, no event
 * was left not understood, and at least one value was checked.  @log
 * (-trace, or NULL) prints the model's events as it emits them.
 */
int replay_main(const SpaprIrqConfig *cfg, const char *path, TraceLog *log);

#endif
