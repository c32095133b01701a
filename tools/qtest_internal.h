/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the qtest server's insides, shared by its files:
 * tools/qtest.c (the session: lines, answers, the channel),
 * tools/qtest_qemu.c (QEMU's commands) and tools/qtest_ext.c (ours).
 */
#ifndef TOOLS_QTEST_INTERNAL_H
#define TOOLS_QTEST_INTERNAL_H

#include <stdio.h>

#include "tools/guest.h"
#include "tools/guest_ram.h"
#include "tools/migration.h"
#include "tools/qtest.h"
#include "tools/trace_log.h"

#define QTEST_RAM_SIZE (UINT64_C(1) << 30)
#define QTEST_MAX_ARGS 16

struct QtestSession {
    SpaprIrq *irq;
    GuestRam ram;
    SpaprIrqCallbacks cb;
    uint32_t max_cpus;
    bool *line;       /* level per CPU index */
    unsigned *raises; /* low -> high changes per CPU index */
    FILE *out;
    guint warnings_shown;
    Guest *guest;        /* the -guest profile */
    MigrationStatus mig; /* the last migrate */
    bool migrated;       /* completed: the VM stays stopped */
    char *incoming;      /* the -incoming URI, for the banner */
    uint32_t cpu;        /* the "cpu N" context of readX/writeX */
    bool comments;       /* "comments on": "# " lines go to the client */
    bool banner_shown;   /* the banner comment was sent */
    bool intercept;      /* irq_intercept_in: "IRQ raise|lower N" lines */
    bool *sent;          /* per CPU index: the level last sent */
    int64_t clock_ns;    /* clock_step / clock_set */
    TraceLog *trace;     /* -trace, or NULL (not owned) */
};

typedef struct QtestSession Qtest;

typedef bool (*QtestFn)(Qtest *q, int argc, char **argv);

/* A command: its name, the least and the most words (the name and, for a
 * subcommand, its parent's name included). */
typedef struct QtestCmd {
    const char *name;
    int min, max;
    QtestFn fn;
} QtestCmd;

/* QEMU's commands (tools/qtest_qemu.c) and ours (tools/qtest_ext.c). */
extern const QtestCmd qtest_qemu_cmds[];
extern const size_t qtest_qemu_ncmds;
extern const QtestCmd qtest_ext_cmds[];
extern const size_t qtest_ext_ncmds;

/* Runs the command of @cmds named by word @word of @argv after checking
 * its word count; false if none has that name. */
bool qtest_dispatch(Qtest *q, const QtestCmd *cmds, size_t n, int word,
                    int argc, char **argv);

/* Answers: "FAIL <message>" (returns false); "# " comment lines (sent
 * only after "comments on"). */
bool qtest_fail(Qtest *q, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
bool qtest_fail_gerror(Qtest *q, GError *err);
void qtest_comment(Qtest *q, const char *text);
/* The banner comment, once, and the layer's warnings since the last call:
 * as comments after "comments on", else on stderr as QEMU prints them. */
void qtest_flush_notes(Qtest *q);
/* "OK\n". */
bool qtest_ok(Qtest *q);

/* A number (decimal, or hex with 0x) at most @max; on error answers
 * FAIL naming @what and returns false. */
bool qtest_num(Qtest *q, const char *s, uint64_t max, uint64_t *v,
               const char *what);
bool qtest_cpu(Qtest *q, const char *s, uint32_t *cpu);

#endif
