/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: QEMU's -trace and -D (docs/specs/qmp.md, README).
 *
 *   -trace [enable=]PATTERN   enable the events PATTERN matches (a name, or
 *                             a glob with * and ?; a leading - disables)
 *   -trace events=FILE        the same for each line of FILE (# comments,
 *                             empty lines skipped)
 *   -trace help               list the events
 *   -D FILE                   write the lines to FILE (default stderr)
 *
 * The lines are the ones QEMU's "log" trace backend prints (without
 * -msg timestamp=on): spapr_irq_trace_format() of the library's events.
 * As in QEMU, a name that is not a pattern and names no event is a
 * warning; a pattern that matches nothing is not.
 */
#ifndef TOOLS_TRACE_LOG_H
#define TOOLS_TRACE_LOG_H

#include <stdio.h>

#include "spapr-irq/spapr-irq.h"

G_BEGIN_DECLS

typedef struct TraceLog TraceLog;

TraceLog *trace_log_new(void);
void trace_log_free(TraceLog *tl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TraceLog, trace_log_free)

/* One -trace ARG; warnings go to stderr.  "help" lists the events on
 * stdout and sets *@listed. */
bool trace_log_option(TraceLog *tl, const char *arg, bool *listed,
                      GError **errp);
/* -D FILE: created (truncated) now, as QEMU opens its log file. */
bool trace_log_set_file(TraceLog *tl, const char *path, GError **errp);

/* Prints @ev if its event is enabled; @tl may be NULL (nothing to do). */
void trace_log_event(TraceLog *tl, const SpaprIrqTraceEvent *ev);

G_END_DECLS

#endif
