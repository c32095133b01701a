/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the replayer's internal interface between the trace
 * reader (tools/replay.c) and the controllers' event tables
 * (tools/replay_xics.c, tools/replay_xive.c).
 * docs/specs/replay.md describes the rules.
 */
#ifndef TOOLS_REPLAY_INTERNAL_H
#define TOOLS_REPLAY_INTERNAL_H

#include <stdint.h>

#include "spapr-irq/spapr-irq.h"
#include "tools/guest_ram.h"
#include "tools/trace_log.h"

#define REPLAY_NAME_MAX 64 /* longest event name taken as a name */
/* The traced machine's RAM (-m 1G): where the XIVE event queues live. */
#define REPLAY_RAM_SIZE (UINT64_C(1) << 30)

typedef struct ReplayXive ReplayXive;

/* Everything one replay knows; passed to every handler (no globals). */
typedef struct ReplayState {
    SpaprIrq *irq;
    const SpaprIrqPlan *plan;
    SpaprIrqCallbacks cb; /* lives as long as irq: the layer keeps it */
    GQueue model;         /* char *: lines our model emitted, oldest first */
    TraceLog *log;        /* -trace: the model's events as it emits them */
    uint32_t nr_cpus;     /* present CPUs: indexes 0 .. nr_cpus - 1 */
    uint32_t max_cpus;
    /* [max_cpus]: the CPU exists now (the smp_cpus at start, and CPUs
     * hot-plugged at the first line naming them until their unplug;
     * docs/specs/replay.md, "vCPUs added and removed"). */
    bool *present;
    uint64_t *cpu_add_line;    /* [max_cpus]: added before this line; 0 */
    uint64_t *cpu_remove_line; /* [max_cpus]: removed after this line; 0 */
    bool *cpu_level;           /* [max_cpus]: external interrupt line raised */
    int64_t last_cpu; /* CPU named by the latest line naming one, or -1 */
    uint64_t last_cpu_lineno; /* the line that named it (0: none) */
    /* The CPU whose NVT the latest xive_presenter_notify found, and its
     * line (0: none). */
    int64_t notified_cpu;
    uint64_t notified_lineno;
    GuestRam ram; /* the guest's memory (mem_read/mem_write) */

    /* The trace line being replayed (timestamp and CR removed). */
    uint64_t lineno; /* 1-based */
    const char *line;
    const char *event;      /* its event name, while a handler runs */
    const char *rest, *end; /* the lines after it, for look-ahead */
    /* While a read runs ahead of its line (docs/specs/replay.md, "reads
     * after their effects"): the model-step line that caused it; else
     * NULL.  ahead_lineno: the line of the read performed ahead (0: none),
     * compared with our model's lines when the replay reaches it. */
    const char *cause;
    uint64_t ahead_lineno;
    GString *ahead_msgs; /* its mismatch messages, printed at its line */

    bool started;    /* the machine had its first reset */
    bool setup_done; /* the guest driver's setup ran since the last reset */
    bool stopped;    /* the machine stopped (CAS refused): replay no more */
    uint64_t cas_pvr;
    bool cas_seen; /* a CAS happened since the machine started */

    uint64_t events, checked, mismatches, not_understood;

    /* XICS: an IPI was accepted on this CPU and its MFRR is not cleared
     * yet ([max_cpus]; docs/specs/replay.md, "the Linux MFRR rule"). */
    bool *xics_ipi_taken;
    /* XICS: the level a device last set on MSI 0x1000 + i (QEMU traces
     * the pulse's 1 and 0 alike: they alternate). */
    bool xics_msi_level[0x1000];
    /* XIVE: the guest driver's view of its sources and event queues
     * (tools/replay_xive.c; NULL until used). */
    ReplayXive *xive;
} ReplayState;

/* A guest operation named by a trace event.  @args is the text after the
 * event name.  Returns false only if @args does not parse (the event is
 * then reported as not understood); mismatches are reported inside. */
typedef bool (*ReplayEventFn)(ReplayState *st, const char *args);

typedef struct ReplayEvent {
    const char *name;
    ReplayEventFn fn;
} ReplayEvent;

/* One interrupt controller as the replayer sees it. */
typedef struct ReplayController {
    const char *name; /* "XICS" */
    SpaprIntcKind kind;
    uint8_t ov5_byte23;          /* what a guest sends at CAS to get it */
    const char *const *prefixes; /* its event names' prefixes, NULL-ended */
    /* Events that are guest operations traced before their effects,
     * NULL-ended (may be NULL): the handler performs the operation and
     * checks the line with replay_expect_model_line().  Other events of
     * the controller that our model emits (the library's trace events,
     * spapr_irq_trace_lookup()) are the model's own steps. */
    const ReplayEvent *events;
    /* Guest reads, traced after their effects (may be NULL): the handler
     * performs the read and checks the value; the replayer compares the
     * line, and performs the read ahead of its line when a step line it
     * caused comes first.  st->cause names that step line. */
    const ReplayEvent *reads;
    /* The CPU index a line of the controller names, or -1 (may be NULL):
     * such lines become the latest named CPU (replay_nearest_cpu()). */
    int64_t (*line_cpu)(const char *name, const char *args);
    /* What the guest's driver does, untraced, before it uses the
     * controller after a reset (may be NULL). */
    void (*guest_setup)(ReplayState *st);
    /* What the driver does, untraced, on a CPU that comes up while the
     * controller is in use: a hot-plugged one (may be NULL). */
    void (*guest_cpu_setup)(ReplayState *st, uint32_t cpu);
    /* Frees the controller's replay state (may be NULL). */
    void (*cleanup)(ReplayState *st);
} ReplayController;

extern const ReplayController replay_xics_controller;
extern const ReplayController replay_xive_controller;

/* Reports a mismatch at the current line: "line N: <message>" (for a read
 * performed ahead, printed when the replay reaches its line). */
void replay_mismatch(ReplayState *st, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Counts one check of a value the guest saw; a mismatch if they differ. */
bool replay_check(ReplayState *st, const char *what, uint64_t expected,
                  uint64_t actual);
/* The same for a return code, which must be 0 (SPAPR_H_SUCCESS, RTAS success).
 */
bool replay_check_rc(ReplayState *st, const char *what, int64_t rc);
/* Checks the current trace line against the next line our model emitted
 * (a mismatch if it differs or if the model emitted nothing). */
void replay_expect_model_line(ReplayState *st);

/* Whether CPU @cpu is present; if not, reports a mismatch. */
bool replay_cpu_present(ReplayState *st, uint64_t cpu);
/* Whether CPU @cpu exists now (no report). */
bool replay_cpu_exists(const ReplayState *st, uint64_t cpu);
/* The CPU index whose interrupt server number is @server, or -1. */
int64_t replay_cpu_of_server(const ReplayState *st, uint64_t server);
/* The line names CPU @cpu (it becomes the preferred one). */
void replay_name_cpu(ReplayState *st, uint32_t cpu);
/* The latest named CPU, 0 before any. */
uint32_t replay_latest_cpu(const ReplayState *st);
/* The CPU named by the line nearest to the current one (before it, or
 * after it within REPLAY_NEAR_LINES lines; the earlier on a tie); the
 * latest named CPU if none is. */
#define REPLAY_NEAR_LINES 64
uint32_t replay_nearest_cpu(const ReplayState *st);
/* The CPU of an access the trace shows no effect of: the CPU notified on
 * the line just before it (an event presented to a CPU busy at that
 * priority, which takes it at its next ack); else replay_nearest_cpu(). */
uint32_t replay_uneffected_cpu(const ReplayState *st);
/* The CPU that takes an interrupt whose line does not name it: the one
 * whose external interrupt line is raised (the latest named if several);
 * if none is raised, the latest named (else 0). */
uint32_t replay_interrupted_cpu(const ReplayState *st);
/* Interrupt server number of CPU @cpu. */
uint32_t replay_server(const ReplayState *st, uint32_t cpu);

/* Hcall @opcode with up to two arguments on CPU @cpu; *ret0 (if not NULL)
 * gets R4.  Returns the PAPR code. */
int64_t replay_hcall(ReplayState *st, uint32_t cpu, uint64_t opcode,
                     size_t nargs, uint64_t a0, uint64_t a1, uint64_t *ret0);
/* RTAS call @name; returns the status (rets[0]), or SPAPR_RTAS_OUT_HW_ERROR
 * with a mismatch if the layer does not know the call. */
int32_t replay_rtas(ReplayState *st, uint32_t cpu, const char *name,
                    uint32_t nargs, const uint32_t *args, uint32_t nret,
                    uint32_t *rets);

/* A device set IRQ @irq to @level (spapr_irq_set_irq()); the current line
 * must be the first our model emits. */
void replay_set_irq(ReplayState *st, uint64_t irq, int level);

/* Look-ahead over the trace lines after the current one. */
typedef struct ReplayCursor {
    const char *p, *end;
    uint64_t lineno;                /* of the line taken by the last next() */
    char *copy;                     /* that line */
    const char *line;               /* it without the timestamp */
    char name[REPLAY_NAME_MAX + 1]; /* its event name ("" if it has none) */
    const char *args;               /* the text after the name */
} ReplayCursor;

void replay_cursor_init(const ReplayState *st, ReplayCursor *c);
/* The next non-blank line; false at the end of the trace. */
bool replay_cursor_next(ReplayCursor *c);
void replay_cursor_clear(ReplayCursor *c);

/*
 * Matches @s against @fmt in full: "%u" a decimal and "%x" a hexadecimal
 * number (digits only, no sign, no 0x: write it in @fmt), each stored in a
 * uint64_t *; any other character matches itself.  False on any
 * difference or overflow.
 */
bool replay_scan(const char *s, const char *fmt, ...);

#endif
