/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the XIVE events of the replayer (docs/specs/replay.md).
 *
 * A QEMU 7.2 XIVE trace shows the guest's hcalls with their arguments and
 * its ESB and TIMA accesses with their values.  Each is redone through the
 * layer's hcall and MMIO entry points; our model's trace events, the
 * values the guest read and the event queue entries it took are then
 * checked against the trace.  QEMU prints a read after its effects: the
 * replayer performs such a read ahead of its line (replay.c); this file
 * says which events are reads and on which CPU a TIMA access ran.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tools/replay_internal.h"
#include "tools/vmm.h"

/* ESB pages: two 64 KiB pages per source, trigger then management
 * (facts section 6).  Linux accesses them with 8-byte loads and stores. */
#define ESB_SHIFT       17
#define ESB_MGMT_PAGE   0x10000ull
#define ESB_ACCESS_SIZE 8
#define ESB_OP_MASK     0xfff
#define ESB_LOAD_EOI    0x000 /* loads 0x000-0x7ff */
#define ESB_GET         0x800
#define ESB_SET_PQ_00   0xc00 /* loads 0xc00-0xcff */
#define ESB_SET_PQ_01   0xd00
#define ESB_VAL_P       0x2

#define PRIO_RESET 0xff
#define EISN_MASK  0x7fffffffu

#define XIVE_HCALL_MAX_ARGS 5

/* ---- the guest driver's view: routes and event queues ---- */

/* Where the guest routed a source (H_INT_SET_SOURCE_CONFIG). */
typedef struct XiveRoute {
    uint32_t server;
    uint32_t prio;
    uint32_t eisn;
    bool masked;
} XiveRoute;

/* An event queue as the guest reads it (H_INT_SET_QUEUE_CONFIG): the
 * next entry it takes, and the generation bit that entry must have. */
typedef struct XiveQueue {
    uint64_t qpage;
    uint32_t entries;
    uint32_t index;
    uint32_t gen;
} XiveQueue;

struct ReplayXive {
    GHashTable *routes; /* lisn -> XiveRoute */
    GHashTable *queues; /* queue_key(server, prio) -> XiveQueue */
};

static ReplayXive *xive_state(ReplayState *st)
{
    if (!st->xive) {
        st->xive = g_new0(ReplayXive, 1);
        st->xive->routes =
            g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
        st->xive->queues =
            g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    }
    return st->xive;
}

static gpointer queue_key(uint64_t server, uint64_t prio)
{
    return GUINT_TO_POINTER((guint)(server * 8 + prio));
}

/* The guest forgets its routes and queues (reset, H_INT_RESET). */
static void xive_forget(ReplayState *st)
{
    ReplayXive *x = xive_state(st);

    g_hash_table_remove_all(x->routes);
    g_hash_table_remove_all(x->queues);
}

static void xive_cleanup(ReplayState *st)
{
    if (st->xive) {
        g_hash_table_destroy(st->xive->routes);
        g_hash_table_destroy(st->xive->queues);
        g_clear_pointer(&st->xive, g_free);
    }
}

/* After a reset the driver starts afresh.  Linux's spapr XIVE setup does
 * nothing untraced: its queue hcalls and its first CPPR store are in the
 * trace. */
static void xive_guest_setup(ReplayState *st)
{
    xive_forget(st);
}

/*
 * The guest EOIs a source through its management page (a load EOI, or
 * the set-PQ-00 load Linux uses without store EOI) and the old PQ had P
 * set: the source had forwarded one event, into the queue of its route,
 * and the guest took that entry before this EOI (Linux handles one event
 * at a time per queue, in queue order).  Check the entry it read.
 */
static void check_queue_entry(ReplayState *st, uint32_t lisn)
{
    ReplayXive *x = xive_state(st);
    XiveRoute *r = g_hash_table_lookup(x->routes, GUINT_TO_POINTER(lisn));
    XiveQueue *q;
    uint64_t addr;

    if (!r || r->masked) {
        return;
    }
    q = g_hash_table_lookup(x->queues, queue_key(r->server, r->prio));
    if (!q) {
        return;
    }
    addr = q->qpage + (uint64_t)q->index * 4;
    g_autofree char *what = g_strdup_printf("event queue entry at 0x%" PRIx64
                                            " (server %u priority %u)",
                                            addr, r->server, r->prio);
    replay_check(st, what, (uint64_t)q->gen << 31 | r->eisn,
                 guest_ram_be32(&st->ram, addr));
    q->index = (q->index + 1) % q->entries;
    if (q->index == 0) {
        q->gen ^= 1;
    }
}

static bool is_eoi_load(uint64_t offset)
{
    uint64_t op = offset & ESB_OP_MASK;

    return (offset & ESB_MGMT_PAGE) &&
           (op < ESB_GET || (op >= ESB_SET_PQ_00 && op < ESB_SET_PQ_01));
}

/* ---- hcalls ---- */

typedef void (*XiveHcallAfter)(ReplayState *st, const uint64_t *a,
                               const uint64_t *rets);

typedef struct XiveHcall {
    const char *event;
    const char *hcall;
    uint64_t opcode;
    const char *fmt; /* the line's arguments, as replay_scan() reads them */
    int64_t rc;      /* what QEMU 7.2 answers a well-formed call */
    XiveHcallAfter after; /* on success: the guest uses the results */
} XiveHcall;

/* H_INT_GET_SOURCE_INFO: the guest then uses the pages it was given.
 * QEMU 7.2's pseries: no store EOI, LSIs through H_INT_ESB. */
static void after_get_source_info(ReplayState *st, const uint64_t *a,
                                  const uint64_t *rets)
{
    static const char *const what[4] = {
        "H_INT_GET_SOURCE_INFO flags",
        "H_INT_GET_SOURCE_INFO management page",
        "H_INT_GET_SOURCE_INFO trigger page",
        "H_INT_GET_SOURCE_INFO page shift",
    };
    uint64_t page = SPAPR_XIVE_ESB_BASE + (a[1] << ESB_SHIFT);
    uint64_t want[4] = {0, page + ESB_MGMT_PAGE, page, ESB_SHIFT - 1};
    bool lsi = false;

    spapr_irq_is_claimed(st->irq, a[1], &lsi);
    if (lsi) {
        want[0] = SPAPR_H_INT_SRC_H_INT_ESB | SPAPR_H_INT_SRC_LSI;
        want[1] = want[2] = UINT64_MAX;
    }
    for (int i = 0; i < 4; i++) {
        replay_check(st, what[i], want[i], rets[i]);
    }
}

/* a: flags, lisn, target, priority, eisn. */
static void after_set_source_config(ReplayState *st, const uint64_t *a,
                                    const uint64_t *rets)
{
    GHashTable *routes = xive_state(st)->routes;
    gpointer key = GUINT_TO_POINTER((guint)a[1]);
    XiveRoute *r;

    if (a[3] == PRIO_RESET) {
        g_hash_table_remove(routes, key);
        return;
    }
    r = g_hash_table_lookup(routes, key);
    if (!r) {
        r = g_new0(XiveRoute, 1);
        g_hash_table_insert(routes, key, r);
    }
    r->server = a[2];
    r->prio = a[3];
    r->masked = a[0] & SPAPR_H_INT_SRC_MASK;
    if (a[0] & SPAPR_H_INT_SRC_SET_EISN) {
        r->eisn = a[4] & EISN_MASK;
    }
}

/* a: flags, target, priority, qpage, qsize (log2 bytes; 0 resets). */
static void after_set_queue_config(ReplayState *st, const uint64_t *a,
                                   const uint64_t *rets)
{
    GHashTable *queues = xive_state(st)->queues;
    XiveQueue *q;

    if (a[4] == 0) {
        g_hash_table_remove(queues, queue_key(a[1], a[2]));
        return;
    }
    q = g_new0(XiveQueue, 1);
    q->qpage = a[3];
    q->entries = 1u << (a[4] - 2);
    q->gen = 1;
    g_hash_table_replace(queues, queue_key(a[1], a[2]), q);
}

static void after_reset(ReplayState *st, const uint64_t *a,
                        const uint64_t *rets)
{
    xive_forget(st);
}

static const XiveHcall xive_hcalls[] = {
    {"spapr_xive_get_source_info", "H_INT_GET_SOURCE_INFO",
     SPAPR_H_INT_GET_SOURCE_INFO, "flags=0x%x lisn=0x%x", SPAPR_H_SUCCESS,
     after_get_source_info},
    {"spapr_xive_set_source_config", "H_INT_SET_SOURCE_CONFIG",
     SPAPR_H_INT_SET_SOURCE_CONFIG,
     "flags=0x%x lisn=0x%x target=0x%x priority=0x%x eisn=0x%x",
     SPAPR_H_SUCCESS, after_set_source_config},
    {"spapr_xive_get_source_config", "H_INT_GET_SOURCE_CONFIG",
     SPAPR_H_INT_GET_SOURCE_CONFIG, "flags=0x%x lisn=0x%x", SPAPR_H_SUCCESS,
     NULL},
    {"spapr_xive_get_queue_info", "H_INT_GET_QUEUE_INFO",
     SPAPR_H_INT_GET_QUEUE_INFO, "flags=0x%x target=0x%x priority=0x%x",
     SPAPR_H_SUCCESS, NULL},
    {"spapr_xive_set_queue_config", "H_INT_SET_QUEUE_CONFIG",
     SPAPR_H_INT_SET_QUEUE_CONFIG,
     "flags=0x%x target=0x%x priority=0x%x qpage=0x%x qsize=0x%x",
     SPAPR_H_SUCCESS, after_set_queue_config},
    {"spapr_xive_get_queue_config", "H_INT_GET_QUEUE_CONFIG",
     SPAPR_H_INT_GET_QUEUE_CONFIG, "flags=0x%x target=0x%x priority=0x%x",
     SPAPR_H_SUCCESS, NULL},
    {"spapr_xive_set_os_reporting_line", "H_INT_SET_OS_REPORTING_LINE",
     SPAPR_H_INT_SET_OS_REPORTING_LINE, "flags=0x%x", SPAPR_H_FUNCTION, NULL},
    {"spapr_xive_get_os_reporting_line", "H_INT_GET_OS_REPORTING_LINE",
     SPAPR_H_INT_GET_OS_REPORTING_LINE, "flags=0x%x", SPAPR_H_FUNCTION, NULL},
    {"spapr_xive_esb", "H_INT_ESB", SPAPR_H_INT_ESB,
     "flags=0x%x lisn=0x%x offset=0x%x data=0x%x", SPAPR_H_SUCCESS, NULL},
    {"spapr_xive_sync", "H_INT_SYNC", SPAPR_H_INT_SYNC, "flags=0x%x lisn=0x%x",
     SPAPR_H_SUCCESS, NULL},
    {"spapr_xive_reset", "H_INT_RESET", SPAPR_H_INT_RESET, "flags=0x%x",
     SPAPR_H_SUCCESS, after_reset},
};

static const XiveHcall *find_hcall(const char *event)
{
    for (size_t i = 0; event && i < G_N_ELEMENTS(xive_hcalls); i++) {
        if (g_str_equal(xive_hcalls[i].event, event)) {
            return &xive_hcalls[i];
        }
    }
    return NULL;
}

static size_t count_args(const char *fmt)
{
    size_t n = 0;

    for (; *fmt; fmt++) {
        n += *fmt == '%';
    }
    return n;
}

/* The CPU of an hcall or an ESB access (QEMU does not print it; the
 * model does not depend on it): the latest named if present, else 0. */
static uint32_t guest_cpu(const ReplayState *st)
{
    uint32_t cpu = replay_latest_cpu(st);

    return replay_cpu_exists(st, cpu) ? cpu : 0;
}

/* A spapr_xive_<hcall> line: the hcall with the line's arguments. */
static bool xive_hcall_event(ReplayState *st, const char *args)
{
    const XiveHcall *h = find_hcall(st->event);
    uint64_t a[XIVE_HCALL_MAX_ARGS] = {0};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    int64_t rc;

    if (!h || !replay_scan(args, h->fmt, &a[0], &a[1], &a[2], &a[3], &a[4])) {
        return false;
    }
    rc = vmm_hcall(st->irq, guest_cpu(st), h->opcode, a, count_args(h->fmt),
                   rets);
    replay_expect_model_line(st);
    st->checked++;
    if (rc != h->rc) {
        replay_mismatch(st,
                        "%s return code: expected %" PRId64 ", got %" PRId64,
                        h->hcall, h->rc, rc);
    } else if (rc == SPAPR_H_SUCCESS && h->after) {
        h->after(st, a, rets);
    }
    return true;
}

/* ---- which CPU made a TIMA access ---- */

/* A thread-context line names its CPU index: "xive_tctx_* target=N ...". */
static int64_t xive_line_cpu(const char *name, const char *args)
{
    const char *p = args + strlen("target=");
    char *end;
    uint64_t cpu;

    if (!g_str_has_prefix(name, "xive_tctx_") ||
        !g_str_has_prefix(args, "target=") || !g_ascii_isdigit(*p)) {
        return -1;
    }
    cpu = g_ascii_strtoull(p, &end, 10);
    if ((*end != ' ' && *end != '\0') || cpu > UINT32_MAX) {
        return -1;
    }
    return cpu;
}

/* The CPU a whole trace line names, or -1. */
static int64_t cpu_of_line(const char *line)
{
    const char *sp = strchr(line, ' ');
    g_autofree char *name = NULL;

    if (!sp) {
        return -1;
    }
    name = g_strndup(line, sp - line);
    return xive_line_cpu(name, sp + 1);
}

/* A read: the CPU of the step line that it caused, printed before it
 * (an ack's xive_tctx_accept); without one, replay_uneffected_cpu(). */
static uint32_t tima_read_cpu(const ReplayState *st)
{
    int64_t cpu = st->cause ? cpu_of_line(st->cause) : -1;

    return cpu >= 0 ? (uint32_t)cpu : replay_uneffected_cpu(st);
}

/* A write: the CPU of its effect, printed right after it (a CPPR store's
 * xive_tctx_set_cppr, a set-pending store's xive_tctx_notify); without
 * one, replay_uneffected_cpu(). */
static uint32_t tima_write_cpu(const ReplayState *st)
{
    ReplayCursor c;
    int64_t cpu = -1;

    replay_cursor_init(st, &c);
    if (replay_cursor_next(&c) && (g_str_equal(c.name, "xive_tctx_set_cppr") ||
                                   g_str_equal(c.name, "xive_tctx_notify"))) {
        cpu = xive_line_cpu(c.name, c.args);
    }
    replay_cursor_clear(&c);
    return cpu >= 0 ? (uint32_t)cpu : replay_uneffected_cpu(st);
}

/* ---- ESB and TIMA accesses ---- */

static bool mmio_read(ReplayState *st, uint32_t cpu, uint64_t addr,
                      unsigned size, uint64_t *val)
{
    if (!vmm_mmio_read(st->irq, cpu, addr, size, val)) {
        replay_mismatch(st,
                        "a load at 0x%" PRIx64 " is in no region of the "
                        "active controller",
                        addr);
        return false;
    }
    return true;
}

static void mmio_write(ReplayState *st, uint32_t cpu, uint64_t addr,
                       unsigned size, uint64_t val)
{
    if (!vmm_mmio_write(st->irq, cpu, addr, size, val)) {
        replay_mismatch(st,
                        "a store at 0x%" PRIx64 " is in no region of the "
                        "active controller",
                        addr);
        return;
    }
    replay_expect_model_line(st);
}

/* An ESB load; with P set, an EOI's event queue entry is checked. */
static bool xive_esb_read_event(ReplayState *st, const char *args)
{
    uint64_t offset, lisn, val, got;

    if (!replay_scan(args, "@0x%x IRQ 0x%x val=0x%x", &offset, &lisn, &val)) {
        return false;
    }
    if (!mmio_read(st, guest_cpu(st), SPAPR_XIVE_ESB_BASE + offset,
                   ESB_ACCESS_SIZE, &got)) {
        return true;
    }
    replay_check(st, "ESB read value", val, got);
    if (is_eoi_load(offset) && (val & ESB_VAL_P)) {
        check_queue_entry(st, offset >> ESB_SHIFT);
    }
    return true;
}

static bool xive_esb_write_event(ReplayState *st, const char *args)
{
    uint64_t offset, lisn, val;

    if (!replay_scan(args, "@0x%x IRQ 0x%x val=0x%x", &offset, &lisn, &val)) {
        return false;
    }
    mmio_write(st, guest_cpu(st), SPAPR_XIVE_ESB_BASE + offset, ESB_ACCESS_SIZE,
               val);
    return true;
}

static bool xive_tm_read_event(ReplayState *st, const char *args)
{
    uint64_t offset, size, val, got;
    uint32_t cpu;

    if (!replay_scan(args, "@0x%x sz=%u val=0x%x", &offset, &size, &val) ||
        size > 8) {
        return false;
    }
    cpu = tima_read_cpu(st);
    if (replay_cpu_present(st, cpu) &&
        mmio_read(st, cpu, SPAPR_XIVE_TIMA_BASE + offset, size, &got)) {
        replay_check(st, "TIMA read value", val, got);
    }
    return true;
}

static bool xive_tm_write_event(ReplayState *st, const char *args)
{
    uint64_t offset, size, val;
    uint32_t cpu;

    if (!replay_scan(args, "@0x%x sz=%u val=0x%x", &offset, &size, &val) ||
        size > 8) {
        return false;
    }
    cpu = tima_write_cpu(st);
    if (replay_cpu_present(st, cpu)) {
        mmio_write(st, cpu, SPAPR_XIVE_TIMA_BASE + offset, size, val);
    }
    return true;
}

/* A device set a source's level (an MSI pulses 1 then 0). */
static bool xive_set_irq_event(ReplayState *st, const char *args)
{
    uint64_t lisn, val;

    if (!replay_scan(args, "lisn=0x%x val=%u", &lisn, &val) || val > 1) {
        return false;
    }
    replay_set_irq(st, lisn, (int)val);
    return true;
}

/* ---- the controller ---- */

static const char *const xive_prefixes[] = {"spapr_xive_", "xive_", NULL};

static const ReplayEvent xive_events[] = {
    {"spapr_xive_get_source_info", xive_hcall_event},
    {"spapr_xive_set_source_config", xive_hcall_event},
    {"spapr_xive_get_source_config", xive_hcall_event},
    {"spapr_xive_get_queue_info", xive_hcall_event},
    {"spapr_xive_set_queue_config", xive_hcall_event},
    {"spapr_xive_get_queue_config", xive_hcall_event},
    {"spapr_xive_set_os_reporting_line", xive_hcall_event},
    {"spapr_xive_get_os_reporting_line", xive_hcall_event},
    {"spapr_xive_esb", xive_hcall_event},
    {"spapr_xive_sync", xive_hcall_event},
    {"spapr_xive_reset", xive_hcall_event},
    {"spapr_xive_set_irq", xive_set_irq_event},
    {"xive_source_esb_write", xive_esb_write_event},
    {"xive_tctx_tm_write", xive_tm_write_event},
    {NULL, NULL},
};

static const ReplayEvent xive_reads[] = {
    {"xive_source_esb_read", xive_esb_read_event},
    {"xive_tctx_tm_read", xive_tm_read_event},
    {NULL, NULL},
};

const ReplayController replay_xive_controller = {
    .name = "XIVE",
    .kind = SPAPR_INTC_XIVE,
    .ov5_byte23 = SPAPR_OV5_XIVE,
    .prefixes = xive_prefixes,
    .events = xive_events,
    .reads = xive_reads,
    .line_cpu = xive_line_cpu,
    .guest_setup = xive_guest_setup,
    .cleanup = xive_cleanup,
};
