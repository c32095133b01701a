/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: a QMP server (docs/specs/qmp.md), QEMU's machine
 * protocol for management layers, and the options that go with it.
 *
 *   -qmp unix:PATH,server=on[,wait=off]      listen for a QMP client
 *   -qmp tcp:HOST:PORT,server=on[,wait=off]  (a loopback HOST only)
 *   -incoming defer                          wait for migrate-incoming
 *   -trace ..., -D FILE                      tools/trace_log.h
 *
 * The machine is the one the qtest server builds (its CPUs and QEMU's
 * default claims, a guest profile's RAM); it runs until "quit" while one
 * client at a time drives it with JSON commands (json-glib parses and
 * writes every message).
 */
#ifndef TOOLS_QMP_H
#define TOOLS_QMP_H

#include "spapr-irq/spapr-irq.h"
#include "tools/guest.h"
#include "tools/trace_log.h"

G_BEGIN_DECLS

/* The options of the QMP server and of the trace log. */
typedef struct QmpOpts {
    const char *chardev; /* -qmp */
    bool incoming_defer; /* -incoming defer */
    TraceLog *trace;     /* -trace, -D; NULL: none given */
    bool listed;         /* -trace help printed the events */
} QmpOpts;

/*
 * If @argv[0] is one of the options above, takes it and its argument and
 * returns the words used (2); 0 if it is not one of them; -1 on an error.
 */
int qmp_opts_parse(QmpOpts *o, int argc, char **argv, GError **errp);
/* Refuses what the options cannot go with: the tool's other modes. */
bool qmp_opts_check(const QmpOpts *o, const char *replay, const char *qtest,
                    const char *migrate, GError **errp);
void qmp_opts_clear(QmpOpts *o);

/*
 * Builds the machine of @cfg with a guest of profile @guest, listens on
 * @o->chardev and serves QMP until "quit" (or SIGTERM/SIGINT).  With
 * @incoming (a migration URI) or @o->incoming_defer the machine starts in
 * "inmigrate" and runs once the stream is loaded.  Returns the exit status.
 */
int qmp_main(const SpaprIrqConfig *cfg, const QmpOpts *o,
             const GuestProfile *guest, const char *incoming);

G_END_DECLS

#endif
