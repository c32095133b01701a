/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the qtest server (docs/specs/qtest.md): QEMU's qtest
 * protocol (its commands, syntax and answers, "OK ..." / "FAIL ...", the
 * asynchronous "IRQ raise|lower N" lines) and the tool's extensions.
 */
#ifndef TOOLS_QTEST_H
#define TOOLS_QTEST_H

#include <stdio.h>

#include "spapr-irq/spapr-irq.h"
#include "tools/guest.h"
#include "tools/trace_log.h"

/*
 * Builds the machine of @cfg (its CPUs and QEMU's default claims) and a
 * guest of profile @guest (the "guest" commands), then
 * reads commands from @chardev ("stdio", or "unix:PATH": a client
 * connection to a listening socket) and answers each, until
 * "quit" or the end of the input.  "migrate URI" sends the machine to
 * another process (tools/migration.h).  Returns the process exit status: 0, or
 * 1 when the machine cannot be built or the channel cannot be opened
 * (the reason is printed on stderr).
 */
/* With @incoming (a migration URI, or NULL), the machine waits for a
 * migration stream and loads it before the first command.  With @trace
 * (-trace, or NULL), the machine's trace events are logged there. */
int qtest_main(const SpaprIrqConfig *cfg, const char *chardev,
               const GuestProfile *guest, const char *incoming,
               TraceLog *trace);

/* The session of qtest_main() on streams of the caller's (which it does
 * not close): commands from @in until "quit" or its end, answers to @out.
 * For the tests and the fuzz harness (tests/fuzz/fuzz-qtest.c).  Returns
 * 0, or 1 when the machine cannot be built (the reason on stderr). */
int qtest_serve(const SpaprIrqConfig *cfg, FILE *in, FILE *out,
                const GuestProfile *guest, const char *incoming,
                TraceLog *trace);

/*
 * The same server in process (qtest_main() runs one over its channel; a
 * fuzzer or a test can run one on any stream): a session on the machine of
 * @cfg with a guest of profile @guest, answering on @out (not closed by the
 * session).  NULL with @errp set when the machine cannot be built.
 */
typedef struct QtestSession QtestSession;

QtestSession *qtest_session_new(const SpaprIrqConfig *cfg,
                                const GuestProfile *guest, FILE *out,
                                GError **errp);
/* Runs one command line (it may be changed); returns false once the
 * session has ended ("quit"). */
bool qtest_session_line(QtestSession *q, char *line);
/* Frees the session and its machine, sets *@qp to NULL; safe on NULL. */
void qtest_session_free(QtestSession **qp);

#endif
