/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: the qtest-style text protocol (docs/specs/qtest.md). */
#ifndef TOOLS_QTEST_H
#define TOOLS_QTEST_H

#include <stdio.h>

#include "spapr-irq/spapr-irq.h"
#include "tools/guest.h"

/*
 * Builds the machine of @cfg (its CPUs and QEMU's default claims) and a
 * guest of profile @guest (the "guest" commands), then
 * reads commands from @chardev ("stdio", or "unix:PATH": a client
 * connection to a listening socket) and answers each with one line, until
 * "quit" or the end of the input.  "migrate URI" sends the machine to
 * another process (tools/migration.h).  Returns the process exit status: 0, or
 * 1 when the machine cannot be built or the channel cannot be opened
 * (the reason is printed on stderr).
 */
/* With @incoming (a migration URI, or NULL), the machine waits for a
 * migration stream and loads it before the first command. */
int qtest_main(const SpaprIrqConfig *cfg, const char *chardev,
               const GuestProfile *guest, const char *incoming);
/* The session of qtest_main() on streams of the caller's (which it does
 * not close): commands from @in until "quit" or its end, answers to @out.
 * For the tests and the fuzz harness (tests/fuzz/fuzz-qtest.c). */
int qtest_serve(const SpaprIrqConfig *cfg, FILE *in, FILE *out,
                const GuestProfile *guest, const char *incoming);

#endif
